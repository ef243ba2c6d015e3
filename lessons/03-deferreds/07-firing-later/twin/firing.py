# Deferreds fired by timers: pass a function, and fire only once.
from twisted.internet import defer, reactor, task

started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# x * 3, two seconds from now. In Python, d.callback remembers d: pass it as it is.
def tripleLater(x):
    d = defer.Deferred()
    reactor.callLater(2, d.callback, x * 3)
    return d


# The same, with the helper that does the scheduling and the firing for you.
def tripleLaterToo(x):
    return task.deferLater(reactor, 2, lambda n: n * 3, x)


# Two mirrors answer the same question; the first answer wins.
def fromFastestMirror():
    d = defer.Deferred()

    def answer(name):
        if not d.called:
            d.callback(name)

    reactor.callLater(1, answer, "mirror A")
    reactor.callLater(3, answer, "mirror B")
    return d


tripleLater(7).addCallback(lambda result: print(f"{now()} callLater: 7 * 3 = {result}"))
tripleLaterToo(7).addCallback(lambda result: print(f"{now()} deferLater: 7 * 3 = {result}"))
fromFastestMirror().addCallback(lambda name: print(f"{now()} fastest: {name}"))
print(f"{now()} asked")

reactor.callLater(4, reactor.stop)
reactor.run()
