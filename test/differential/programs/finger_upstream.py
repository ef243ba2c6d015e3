# A finger server on real Twisted 22.4 (the tutorial's finger11, without twistd): the upstream a finger proxy asks.
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic


class FingerProtocol(basic.LineReceiver):
    def lineReceived(self, user):
        self.transport.write(self.factory.users.get(user, b"No such user") + b"\r\n")
        self.transport.loseConnection()


class FingerFactory(protocol.ServerFactory):
    protocol = FingerProtocol

    def __init__(self, users):
        self.users = users


endpoints.serverFromString(reactor, "tcp:1079").listen(FingerFactory({b"moshez": b"Happy and well"}))
reactor.run()
