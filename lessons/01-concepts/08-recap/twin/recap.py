# The chapter in one program: one thread, one event loop, many clients, no waiting.
from twisted.internet import protocol, reactor
from twisted.protocols import basic

users = ["alice", "bob", "carol", "dave", "erin"]
started = reactor.seconds()
answered = []


def elapsed():
    return "%.0f" % (reactor.seconds() - started)


class StatusProtocol(basic.LineReceiver):
    # An event: the reactor read a complete line from this client's socket.
    def lineReceived(self, line):
        user = line.decode()

        def answer():
            self.sendLine(f"{user} is fine".encode())
            self.transport.loseConnection()
            answered.append(f"{user} at {elapsed()}s")

        # No waiting: ask the reactor to call us back in two seconds, and return.
        reactor.callLater(2, answer)


class AskingProtocol(basic.LineReceiver):
    def connectionMade(self):
        self.sendLine(self.factory.user.encode())

    def lineReceived(self, answer):
        pass  # The answer arrives here; the server's side is what this program reports.


class AskingFactory(protocol.ClientFactory):
    protocol = AskingProtocol
    noisy = False

    def __init__(self, user):
        self.user = user

    def clientConnectionLost(self, connector, reason):
        global finished
        finished += 1
        if finished < len(users):
            return
        print(f"answered: {', '.join(sorted(answered))}")
        print(f"{len(users)} clients, 1 thread, {elapsed()} seconds in all")
        reactor.stop()


serverFactory = protocol.ServerFactory.forProtocol(StatusProtocol)
serverFactory.noisy = False
reactor.listenTCP(1079, serverFactory)
finished = 0
for user in users:
    reactor.connectTCP("localhost", 1079, AskingFactory(user))
print(f"{len(users)} clients connect at 0s")
reactor.run()
