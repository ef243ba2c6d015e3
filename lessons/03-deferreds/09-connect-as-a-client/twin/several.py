# A client that asks the status server, four times at once.
from twisted.internet import defer, endpoints, protocol, reactor
from twisted.protocols import basic

statuses = {"alice": "Happy and well", "bob": "Out to lunch", "carol": "Writing a compiler"}
delays = {"alice": 1, "bob": 2, "carol": 3}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# The server on port 1079 answers alice after 1 s, bob after 2 s and carol after 3 s.
class StatusProtocol(basic.LineReceiver):
    def lineReceived(self, line):
        user = line.decode()

        def answer():
            self.sendLine(statuses.get(user, "No such user").encode())
            self.transport.loseConnection()

        reactor.callLater(delays.get(user, 0), answer)


serverFactory = protocol.ServerFactory.forProtocol(StatusProtocol)
serverFactory.noisy = False
reactor.listenTCP(1079, serverFactory)


# A client that sends a name; `closed` fires with the answer once the connection is closed.
class AskingProtocol(basic.LineReceiver):
    def __init__(self, user):
        self.user = user
        self.answer = ""
        self.closed = defer.Deferred()

    def connectionMade(self):
        self.sendLine(self.user.encode())

    def lineReceived(self, line):
        self.answer = line.decode()

    def connectionLost(self, reason):
        self.closed.callback(self.answer)


# Connects, asks, and fires with the answer when the connection has closed
# (or fails if the connection cannot be made).
def ask(user, port=1079):
    endpoint = endpoints.clientFromString(reactor, f"tcp:localhost:{port}")
    return endpoints.connectProtocol(endpoint, AskingProtocol(user)).addCallback(lambda client: client.closed)


# Nothing listens on port 1080, so dave's connection is refused.
users = ["alice", "bob", "carol", "dave"]
everyone = [ask("alice"), ask("bob"), ask("carol"), ask("dave", 1080)]


def printer(user):
    def printAnswer(answer):
        print(f"{now()} {user}: {answer}")

    def printFailure(reason):
        print(f"{now()} {user}: failed ({reason.type.__name__})")

    return printAnswer, printFailure


for user, d in zip(users, everyone):
    d.addCallbacks(*printer(user))

reactor.callLater(10, reactor.stop)
reactor.run()
