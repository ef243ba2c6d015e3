# Quote of the Day (RFC 865): write a quote, then hang up.
from twisted.internet import endpoints, protocol, reactor


class QOTD(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(self.factory.quote + b"\r\n")
        self.transport.loseConnection()


class QOTDFactory(protocol.Factory):
    protocol = QOTD

    def __init__(self, quote):
        self.quote = quote


endpoint = endpoints.TCP4ServerEndpoint(reactor, 8007)
endpoint.listen(QOTDFactory(b"An apple a day keeps the doctor away"))
reactor.run()
