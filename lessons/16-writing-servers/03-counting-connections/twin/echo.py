# An echo server that greets each client with the number of open connections.
from twisted.internet import endpoints, protocol, reactor


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


endpoint = endpoints.TCP4ServerEndpoint(reactor, 8000)
endpoint.listen(EchoFactory())
reactor.run()
