# A status server whose blocking lookup runs in a thread.
from time import sleep

from twisted.internet import protocol, reactor, threads
from twisted.protocols import basic

statuses = {"alice": "Happy and well", "bob": "Out to lunch", "carol": "Writing a compiler"}
started = reactor.seconds()


def elapsed():
    return "%.0f" % (reactor.seconds() - started)


# A library call that blocks: it only returns after two seconds.
def slowLookUp(user):
    sleep(2)
    return statuses.get(user, "No such user")


# Runs the blocking call in a thread from the reactor's pool; the Deferred fires
# back in the reactor's thread when the call has returned.
def getStatus(user):
    return threads.deferToThread(slowLookUp, user)


class StatusProtocol(basic.LineReceiver):
    def lineReceived(self, line):
        user = line.decode()

        def answer(status):
            self.sendLine(status.encode())
            self.transport.loseConnection()
            print(f"{elapsed()}s: answered {user}")

        getStatus(user).addCallback(answer)


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
serverFactory = protocol.ServerFactory.forProtocol(StatusProtocol)
serverFactory.noisy = False
reactor.listenTCP(1079, serverFactory)
for i, user in enumerate(users):
    reactor.callLater(i * 0.1, reactor.connectTCP, "localhost", 1079, AskingFactory(user))
reactor.run()
