# The IRC bot of irc-wire.test.ts on real Twisted: finger16's IRCReplyBot,
# which also joins a channel, acts and talks there when it signs on, and
# quits when told to. The test changes PORT to its fake server's.
from twisted.internet import defer, protocol, reactor
from twisted.words.protocols import irc

PORT = 6667
users = {"moshez": "happy and well"}


class Bot(irc.IRCClient):
    def connectionMade(self):
        self.nickname = self.factory.nickname
        irc.IRCClient.connectionMade(self)

    def signedOn(self):
        self.join("chan")
        self.describe("#chan", "is here")
        self.say("chan", "hello, I answer finger queries")

    def privmsg(self, user, channel, msg):
        nick = user.split("!")[0]
        if msg == "quit":
            self.quit("bye")
            return
        if self.nickname.lower() == channel.lower():
            d = defer.succeed(users.get(msg, "No such user"))
            d.addCallback(lambda status: self.msg(nick, msg + ": " + status))


class BotFactory(protocol.ClientFactory):
    protocol = Bot
    nickname = "fingerbot"

    def clientConnectionLost(self, connector, reason):
        reactor.stop()

    def clientConnectionFailed(self, connector, reason):
        reactor.stop()


reactor.connectTCP("127.0.0.1", PORT, BotFactory())
reactor.run()
