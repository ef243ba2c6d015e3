# The finger client, connecting through an endpoint: a failed connection reaches the Deferred that connect() returns.
from twisted.internet import defer, endpoints, protocol, reactor


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
    endpoint = endpoints.TCP4ClientEndpoint(reactor, host, port)
    # An endpoint reports a failed connection to connect()'s Deferred; clientConnectionFailed is never called.
    endpoint.connect(f).addErrback(f.d.errback)
    return f.d


d = finger(b"moshez", "finger.example.org")
d.addCallback(lambda status: print("moshez: " + status.decode().strip()))
# Nothing listens on port 79 of this machine.
d.addCallback(lambda _: finger(b"moshez", "localhost"))
d.addCallback(lambda status: print("localhost: " + status.decode().strip()))
d.addErrback(lambda reason: print("localhost: could not connect: " + reason.getErrorMessage()))
d.addBoth(lambda _: reactor.stop())
reactor.run()
