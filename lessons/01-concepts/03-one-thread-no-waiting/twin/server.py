# A status server whose lookups take two seconds, and which never waits for them.
from twisted.internet import protocol, reactor
from twisted.protocols import basic

statuses = {
    "alice": "Happy and well",
    "bob": "Out to lunch",
    "carol": "Writing a compiler",
}
started = reactor.seconds()


def elapsed():
    return "%.0f" % (reactor.seconds() - started)


# A database with a non-blocking interface: lookUp returns at once,
# and two seconds later calls `then` with the status.
def lookUp(user, then):
    reactor.callLater(2, lambda: then(statuses.get(user, "No such user")))


class StatusProtocol(basic.LineReceiver):
    def lineReceived(self, line):
        user = line.decode()
        lookUp(user, lambda status: self.answer(user, status))

    def answer(self, user, status):
        self.sendLine(status.encode())
        self.transport.loseConnection()
        print(f"{elapsed()}s: answered {user}")


class StatusFactory(protocol.ServerFactory):
    protocol = StatusProtocol


# Three clients, a tenth of a second apart. The program stops when all three have their answer.
class AskingProtocol(basic.LineReceiver):
    def connectionMade(self):
        self.sendLine(self.factory.user.encode())

    def lineReceived(self, status):
        pass  # The answer arrives here. This program only watches the server's side.


class AskingFactory(protocol.ClientFactory):
    protocol = AskingProtocol
    noisy = False

    def __init__(self, user):
        self.user = user

    def clientConnectionLost(self, connector, reason):
        global finished
        finished += 1
        if finished == len(users):
            reactor.stop()


users = ["alice", "bob", "carol"]
finished = 0
reactor.listenTCP(1079, StatusFactory())
for i, user in enumerate(users):
    reactor.callLater(i * 0.1, reactor.connectTCP, "localhost", 1079, AskingFactory(user))
reactor.run()
