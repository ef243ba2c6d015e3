# A chat room: every line a user sends goes to everyone else in the room.
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic


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


endpoint = endpoints.TCP4ServerEndpoint(reactor, 8123)
endpoint.listen(ChatFactory())
reactor.run()
