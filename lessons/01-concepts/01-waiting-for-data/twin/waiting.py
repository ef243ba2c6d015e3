# Three clients ask a slow server, one right after another.
# When does the server answer each of them?
from time import sleep

from twisted.internet import protocol, reactor
from twisted.protocols import basic

# Your prediction: the second at which the server answers alice, bob and carol.
predicted = [2, 4, 6]

statuses = {
    "alice": "Happy and well",
    "bob": "Out to lunch",
    "carol": "Writing a compiler",
}
users = ["alice", "bob", "carol"]
started = reactor.seconds()
answeredAt = []


def elapsed():
    return "%.0f" % (reactor.seconds() - started)


# The server. Looking a user up takes two seconds, like a slow database.
class StatusProtocol(basic.LineReceiver):
    def lineReceived(self, line):
        user = line.decode()
        sleep(2)  # the lookup: the whole program waits here
        self.sendLine(statuses.get(user, "No such user").encode())
        self.transport.loseConnection()
        print(f"{elapsed()}s: answered {user}")
        answeredAt.append(int(elapsed()))
        if len(answeredAt) == len(users):
            compare()


class StatusFactory(protocol.ServerFactory):
    protocol = StatusProtocol


def compare():
    def show(times):
        return ", ".join(f"{user} {times[i]}s" for i, user in enumerate(users))

    print(f"Predicted: {show(predicted) if predicted else '(nothing yet)'}")
    print(f"Measured:  {show(answeredAt)}")
    if predicted == answeredAt:
        print("Your prediction is right: each client waited for everyone before it.")
    else:
        print("Not yet: compare the two lines above, then change predicted.")


# The clients: each sends its name as soon as it is connected.
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


finished = 0
reactor.listenTCP(1079, StatusFactory())
for i, user in enumerate(users):
    # alice connects at once, bob 0.1 s later, carol 0.2 s later
    reactor.callLater(i * 0.1, reactor.connectTCP, "localhost", 1079, AskingFactory(user))
print("0s: alice, bob and carol connect, a tenth of a second apart")
reactor.run()
