# Several connections at once, and one moment when all of them are done.
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


# Two answers as one list, in the order asked.
def gathered(answers):
    print(f"{now()} gathered: alice is {answers[0]}, bob is {answers[1]}")


defer.gatherResults([ask("alice"), ask("bob")]).addCallback(gathered)

# Nothing listens on port 1080, so dave's connection is refused.
users = ["alice", "bob", "carol", "dave"]
everyone = [ask("alice"), ask("bob"), ask("carol"), ask("dave", 1080)]


def allClosed(results):
    print(f"{now()} all {len(results)} connections are closed:")
    for i, (succeeded, value) in enumerate(results):
        outcome = value if succeeded else f"failed ({value.type.__name__})"
        print(f"  {users[i]}: {outcome}")
    reactor.stop()


defer.DeferredList(everyone, consumeErrors=True).addCallback(allClosed)

reactor.run()
