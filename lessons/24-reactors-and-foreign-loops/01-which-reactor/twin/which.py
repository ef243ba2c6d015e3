# Which reactor runs this program? Whatever it is, the code below does not change.
from twisted.internet import reactor


def running():
    print("the reactor is running")
    reactor.callLater(1, stopping)


def stopping():
    print("one second later, stopping it")
    reactor.stop()


reactor.callWhenRunning(running)
reactor.run()
# The lines after run() run once the reactor has stopped.
print("reactor: %s" % (type(reactor).__name__,))
