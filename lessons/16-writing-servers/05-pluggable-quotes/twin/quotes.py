# Quote of the Day with pluggable quoters, after Twisted's TwistedQuotes.
from zope.interface import Interface, implementer

from twisted.internet import endpoints, protocol, reactor
from twisted.python import filepath


class IQuoter(Interface):
    def getQuote():
        """
        Return a quote.
        """


@implementer(IQuoter)
class StaticQuoter:
    def __init__(self, quote):
        self.quote = quote

    def getQuote(self):
        return self.quote


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


quoter = FileQuoter("/etc/quotes")
print(f"quoter provides IQuoter: {'yes' if IQuoter.providedBy(quoter) else 'no'}", flush=True)
endpoint = endpoints.TCP4ServerEndpoint(reactor, 8007)
endpoint.listen(QOTDFactory(quoter))
reactor.run()
