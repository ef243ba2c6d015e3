# Predict the order of the events A to H: one Deferred waits inside another's chain.
from twisted.internet import defer, reactor

# Your prediction: the eight letters, in the order they will be recorded.
predicted = ["D", "A", "E", "F", "C", "B", "G", "H"]  # shown as: predicted = []

started = reactor.seconds()
happened = []
details = []


def record(letter, what):
    happened.append(letter)
    details.append("  %.0fs %s: %s" % (reactor.seconds() - started, letter, what))


def describe(value):
    return "no result at all" if value is None else f'"{value}"'


outer = defer.Deferred()
inner = defer.Deferred()


def outerFirst(name):
    record("A", f"outer's first callback got {describe(name)} and returns inner")
    return inner


def outerSecond(plan):
    record("B", f"outer's second callback got {describe(plan)}")
    return plan


def innerOwn(plan):
    record("C", f"inner's own callback got {describe(plan)}")
    return plan.upper()


outer.addCallback(outerFirst)
outer.addCallback(outerSecond)
inner.addCallback(innerOwn)


def atOne():
    record("D", "the timer at 1s fires outer")
    outer.callback("alice")


def atTwo():
    record("E", "the timer at 2s runs")


def atThree():
    record("F", "the timer at 3s fires inner")
    inner.callback("finish the finger server")
    record("G", "inner.callback() returned")


def atFour():
    inner.addCallback(lambda value: record("H", f"a callback added to inner at 4s got {describe(value)}"))
    print(f"You predicted: {' '.join(predicted) if predicted else '(nothing yet)'}")
    print(f"It happened:   {' '.join(happened)}")
    print("Your prediction is right." if predicted == happened else "Not yet. Read the details below, then try again.")
    for line in details:
        print(line)
    reactor.stop()


reactor.callLater(1, atOne)
reactor.callLater(2, atTwo)
reactor.callLater(3, atThree)
reactor.callLater(4, atFour)
reactor.run()
