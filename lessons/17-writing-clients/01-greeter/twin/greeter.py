# A client that connects through an endpoint, says one line and prints the answer.
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic


# The other side: a server on port 1234 that answers every line in capitals.
class Shouter(basic.LineReceiver):
    def lineReceived(self, line):
        self.sendLine(line.upper())


class ShouterFactory(protocol.Factory):
    protocol = Shouter


endpoints.TCP4ServerEndpoint(reactor, 1234).listen(ShouterFactory())


# The client.
class Greeter(basic.LineReceiver):
    def sendMessage(self, message):
        self.sendLine(message)

    def lineReceived(self, line):
        print(f"Server said: {line.decode()}", flush=True)
        self.transport.loseConnection()

    def connectionLost(self, reason):
        print("Connection closed.", flush=True)
        reactor.stop()


def gotProtocol(greeter):
    greeter.sendMessage(b"hello, twisted")


endpoint = endpoints.TCP4ClientEndpoint(reactor, "localhost", 1234)
connected = endpoints.connectProtocol(endpoint, Greeter())
connected.addCallback(gotProtocol)
reactor.run()
