# A finger client wrapped in a function that returns a Deferred: ask two servers, print each answer, stop.
from twisted.internet import defer, protocol, reactor


class FingerClient(protocol.Protocol):
    def connectionMade(self):
        self.transport.write(self.factory.user + b"\r\n")
        self.buf = []

    def dataReceived(self, data):
        self.buf.append(data)

    def connectionLost(self, reason):
        # A finger server closes once it has answered: the reply is whole now.
        self.factory.gotData(b"".join(self.buf))


# The factory holds the Deferred: the protocol fires it with the reply, a failed connection errbacks it.
class FingerClientFactory(protocol.ClientFactory):
    protocol = FingerClient

    def __init__(self, user):
        self.user = user
        self.d = defer.Deferred()

    def clientConnectionFailed(self, connector, reason):
        self.d.errback(reason)

    def gotData(self, data):
        self.d.callback(data)


def finger(user, host, port=79):
    f = FingerClientFactory(user)
    reactor.connectTCP(host, port, f)
    return f.d


d = finger(b"moshez", "finger.example.org")
d.addCallback(lambda status: print("moshez: " + status.decode().strip()))
# Nothing listens on port 79 of this machine.
d.addCallback(lambda _: finger(b"moshez", "localhost"))
d.addCallback(lambda status: print("localhost: " + status.decode().strip()))
d.addErrback(lambda reason: print("localhost: could not connect: " + reason.getErrorMessage()))
d.addBoth(lambda _: reactor.stop())
reactor.run()
