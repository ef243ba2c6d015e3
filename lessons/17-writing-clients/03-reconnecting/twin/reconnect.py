# A client that keeps trying: it reconnects after a refusal and after a hang-up, backing off between attempts.
from twisted.internet import protocol, reactor
from twisted.protocols import basic


# The other side: a server on port 1234 that starts listening only 1.5 seconds
# after the program starts, answers one line in capitals, and hangs up.
class Shouter(basic.LineReceiver):
    def lineReceived(self, line):
        self.sendLine(line.upper())
        self.transport.loseConnection()


class ShouterFactory(protocol.Factory):
    protocol = Shouter


reactor.callLater(1.5, lambda: reactor.listenTCP(1234, ShouterFactory()))


# The client.
class Echo(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(b"hello\r\n")

    def dataReceived(self, data):
        print(f"Received: {data.decode().strip()}", flush=True)
        self.factory.answers += 1


class EchoClientFactory(protocol.ReconnectingClientFactory):
    protocol = Echo
    answers = 0

    def startedConnecting(self, connector):
        print("Started to connect.", flush=True)

    def buildProtocol(self, addr):
        print("Connected.", flush=True)
        self.resetDelay()
        return protocol.ReconnectingClientFactory.buildProtocol(self, addr)

    def clientConnectionFailed(self, connector, reason):
        print(f"Connection failed: {reason.getErrorMessage()}", flush=True)
        protocol.ReconnectingClientFactory.clientConnectionFailed(self, connector, reason)

    def clientConnectionLost(self, connector, reason):
        print(f"Lost connection: {reason.getErrorMessage()}", flush=True)
        if self.answers == 2:
            print("Done after 2 answers.", flush=True)
            self.stopTrying()
            reactor.stop()
        else:
            protocol.ReconnectingClientFactory.clientConnectionLost(self, connector, reason)


reactor.connectTCP("localhost", 1234, EchoClientFactory())
reactor.run()
