# One echo protocol, served on a TCP port and on a Unix domain socket.
from twisted.internet import endpoints, protocol, reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


factory = protocol.Factory.forProtocol(Echo)


def cannotListen(failure):
    print(f"cannot listen: {failure.value.socketError}")


endpoints.serverFromString(reactor, "tcp:8000").listen(factory).addErrback(cannotListen)
endpoints.serverFromString(reactor, "unix:/tmp/echo.sock").listen(factory).addErrback(cannotListen)
reactor.run()
