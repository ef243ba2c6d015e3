# A ClientFactory that reports every event in a connection's life.
from twisted.internet import protocol, reactor
from twisted.protocols import basic


# The other side: port 1234 answers one line in capitals, then hangs up.
# Nothing listens on port 1235.
class Shouter(basic.LineReceiver):
    def lineReceived(self, line):
        self.sendLine(line.upper())
        self.transport.loseConnection()


class ShouterFactory(protocol.Factory):
    protocol = Shouter


reactor.listenTCP(1234, ShouterFactory())


# The client.
class Echo(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"hello\r\n")

    def dataReceived(self, data):
        print(f"Received: {data.decode().strip()}", flush=True)


# One attempt after the other: port 1234, then 1235, then stop.
ports = [1234, 1235]


def connectNext():
    if not ports:
        reactor.stop()
    else:
        reactor.connectTCP("localhost", ports.pop(0), EchoClientFactory())


class EchoClientFactory(protocol.ClientFactory):
    def startedConnecting(self, connector):
        print(f"Started to connect to port {connector.getDestination().port}.", flush=True)

    def buildProtocol(self, addr):
        print(f"Connected to port {addr.port}.", flush=True)
        return Echo()

    def clientConnectionLost(self, connector, reason):
        port = connector.getDestination().port
        print(f"Lost connection to port {port}: {reason.getErrorMessage()}", flush=True)
        connectNext()

    def clientConnectionFailed(self, connector, reason):
        port = connector.getDestination().port
        print(f"Connection to port {port} failed: {reason.getErrorMessage()}", flush=True)
        connectNext()


connectNext()
reactor.run()
