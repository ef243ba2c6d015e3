# A bot that joins the chat room as a client and answers "ping" with "pong".
import re

from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic


# The other side: the chat room from the "Writing servers" chapter, on port 8123.
class Chat(basic.LineReceiver):
    def __init__(self, users):
        self.users = users
        self.name = None
        self.state = "GETNAME"

    def connectionMade(self):
        self.sendLine(b"What's your name?")

    def connectionLost(self, reason):
        if self.name is not None and self.users.get(self.name) is self:
            del self.users[self.name]

    def lineReceived(self, line):
        if self.state == "GETNAME":
            self.handle_GETNAME(line)
        else:
            self.handle_CHAT(line)

    def handle_GETNAME(self, name):
        if name in self.users:
            self.sendLine(b"Name taken, please choose another.")
            return
        self.sendLine(b"Welcome, %s!" % (name,))
        self.name = name
        self.users[name] = self
        self.state = "CHAT"

    def handle_CHAT(self, message):
        line = b"<%s> %s" % (self.name, message)
        for other in self.users.values():
            if other is not self:
                other.sendLine(line)


class ChatFactory(protocol.Factory):
    def __init__(self):
        # User names to the Chat protocol of each user in the room.
        self.users = {}

    def buildProtocol(self, addr):
        return Chat(self.users)


endpoints.TCP4ServerEndpoint(reactor, 8123).listen(ChatFactory())


# The client: a bot that joins the room and answers pings.
class PingBot(basic.LineReceiver):
    def connectionMade(self):
        self.sendLine(b"bot")

    def lineReceived(self, line):
        said = re.match(rb"^<([^>]+)> ping$", line)
        if said:
            self.sendLine(b"pong, " + said.group(1))
        else:
            print(f"bot heard: {line.decode()}", flush=True)


class PingBotFactory(protocol.ReconnectingClientFactory):
    protocol = PingBot

    def buildProtocol(self, addr):
        self.resetDelay()
        return protocol.ReconnectingClientFactory.buildProtocol(self, addr)

    def clientConnectionLost(self, connector, reason):
        print(f"bot lost its connection: {reason.getErrorMessage()}", flush=True)
        protocol.ReconnectingClientFactory.clientConnectionLost(self, connector, reason)


reactor.connectTCP("localhost", 8123, PingBotFactory())
reactor.run()
