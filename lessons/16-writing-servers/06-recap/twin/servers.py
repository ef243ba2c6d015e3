# Three servers, one reactor: counting echo on 8000, quotes on 8007, chat on 8123.
from zope.interface import Interface, implementer

from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic
from twisted.python import filepath


class Echo(protocol.Protocol):
    def __init__(self, counter):
        self.counter = counter

    def connectionMade(self):
        self.counter.numProtocols += 1
        self.transport.write(
            b"Welcome! There are currently %d open connections.\n" % (self.counter.numProtocols,)
        )

    def connectionLost(self, reason):
        self.counter.numProtocols -= 1

    def dataReceived(self, data):
        self.transport.write(data)


class EchoFactory(protocol.Factory):
    numProtocols = 0

    def buildProtocol(self, addr):
        return Echo(self)


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


class IQuoter(Interface):
    def getQuote():
        """
        Return a quote.
        """


# Quotes from a fortune file (quotes separated by lines holding only "%"), each in turn.
@implementer(IQuoter)
class FileQuoter:
    def __init__(self, filename):
        self.filename = filename
        self.next = 0

    def getQuote(self):
        text = filepath.FilePath(self.filename).getContent()
        quotes = [quote.strip() for quote in text.split(b"\n%\n") if quote.strip()]
        quote = quotes[self.next % len(quotes)]
        self.next += 1
        return quote


class QOTD(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(self.factory.quoter.getQuote() + b"\r\n")
        self.transport.loseConnection()


class QOTDFactory(protocol.Factory):
    protocol = QOTD

    def __init__(self, quoter):
        self.quoter = quoter


endpoints.TCP4ServerEndpoint(reactor, 8000).listen(EchoFactory())
endpoints.TCP4ServerEndpoint(reactor, 8007).listen(QOTDFactory(FileQuoter("/etc/quotes")))
endpoints.TCP4ServerEndpoint(reactor, 8123).listen(ChatFactory())
reactor.run()
