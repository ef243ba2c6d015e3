# A notice board: the page's button sends what its input holds to every client listening on port 1079,
# and a clock on the page ticks every second. Two event loops, one thread: the page's and the reactor's.
from twisted.internet import protocol, reactor, task
from twisted.protocols import basic
import pagesupport

# Hook the page's loop into the reactor before it runs, as tksupport.install(root) does a Tk window.
page = pagesupport.install()


class Listener(basic.LineReceiver):
    def __init__(self, listeners):
        self.listeners = listeners

    def connectionMade(self):
        self.listeners.append(self)

    def connectionLost(self, reason):
        self.listeners.remove(self)


class BoardFactory(protocol.ServerFactory):
    def __init__(self):
        # Every connected client, oldest first: shared by all connections, so the factory keeps it.
        self.listeners = []

    def buildProtocol(self, addr):
        return Listener(self.listeners)


board = BoardFactory()
seconds = 0


def tick():
    global seconds
    page.show("up %d s, %d listening" % (seconds, len(board.listeners)))
    seconds += 1


# A press of the page's button: runs in the reactor, between its other events.
# The page gives text (as a toolkit's entry does); the wire takes bytes.
def send(text):
    for listener in board.listeners:
        listener.sendLine(text.encode())
    print("sent %s to %d listening" % (text, len(board.listeners)))


page.onClick(send)
task.LoopingCall(tick).start(1.0)
reactor.listenTCP(1079, board)
reactor.run()
