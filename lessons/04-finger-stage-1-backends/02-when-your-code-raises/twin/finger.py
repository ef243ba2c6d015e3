# A finger server that answers even when its own code raises.
from twisted.internet import defer, endpoints, protocol, reactor
from twisted.protocols import basic

# The day each user last logged in. alice never has.
lastLogins = {b"moshez": b"Monday"}


class FingerProtocol(basic.LineReceiver):
    def lineReceived(self, user):
        d = self.factory.getUser(user)
        # The safety net: whatever failed before, the client gets an answer.
        d.addErrback(lambda failure: b"Internal error in server")

        def writeResponse(message):
            self.transport.write(message + b"\r\n")
            self.transport.loseConnection()

        d.addCallback(writeResponse)


class FingerFactory(protocol.ServerFactory):
    protocol = FingerProtocol

    def __init__(self, users):
        self.users = users

    # The user's status and the day they last logged in.
    def getUser(self, user):
        if user not in self.users:
            return defer.succeed(b"No such user")
        # lastLogins[user] raises KeyError for alice.
        return defer.succeed(self.users[user]).addCallback(lambda status: status + b", last login " + lastLogins[user])


fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079")
fingerEndpoint.listen(FingerFactory({b"moshez": b"Happy and well", b"alice": b"Out to lunch"}))
reactor.run()
