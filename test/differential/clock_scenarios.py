"""task.Clock, IDelayedCall, LoopingCall and deferLater (twin of clock-scenarios.ts)."""
from twisted.internet.error import AlreadyCalled, AlreadyCancelled
from twisted.internet.task import Clock, LoopingCall, deferLater

from harness import scenario, show


@scenario("calls due at the same time run in the order they were scheduled")
def _(log):
    clock = Clock()
    for name in ["a", "b", "c", "d"]:
        clock.callLater(1, log, "ran " + name)
    clock.callLater(0.5, log, "ran early")
    clock.advance(1)


@scenario("advance runs calls in time order, including ones scheduled on the way")
def _(log):
    clock = Clock()

    def first():
        log("first at " + show(clock.seconds()))
        clock.callLater(0, log, "zero-delay from first")
        clock.callLater(1, log, "one later from first")
        clock.callLater(5, log, "too late for this advance")

    clock.callLater(2, first)
    clock.callLater(3, log, "second")
    clock.advance(3)
    log("now=" + show(clock.seconds()) + " pending=" + show(len(clock.getDelayedCalls())))


@scenario("a cancelled call does not run; cancelling again raises AlreadyCancelled")
def _(log):
    clock = Clock()
    call = clock.callLater(1, log, "must not run")
    log("active=" + show(call.active()))
    call.cancel()
    log("active=" + show(call.active()) + " cancelled=" + show(call.cancelled))
    try:
        call.cancel()
    except AlreadyCancelled as e:
        log("raised " + type(e).__name__)
    clock.advance(2)


@scenario("cancelling or resetting a call that ran raises AlreadyCalled")
def _(log):
    clock = Clock()
    call = clock.callLater(1, log, "ran")
    clock.advance(1)
    log("active=" + show(call.active()) + " called=" + show(call.called))
    for action in ("cancel", "reset", "delay"):
        try:
            if action == "cancel":
                call.cancel()
            else:
                getattr(call, action)(1)
        except AlreadyCalled as e:
            log(action + " raised " + type(e).__name__)


@scenario("reset moves a call relative to now")
def _(log):
    clock = Clock()
    a = clock.callLater(5, log, "a")
    b = clock.callLater(3, log, "b")
    clock.advance(1)
    a.reset(1)
    log("a time=" + show(a.getTime()))
    b.reset(10)
    log("b time=" + show(b.getTime()))
    clock.advance(2)
    log("at 3")
    clock.advance(10)


@scenario("delay postpones a call by an amount")
def _(log):
    clock = Clock()
    a = clock.callLater(2, log, "a")
    clock.callLater(3, log, "b")
    a.delay(2)
    log("a time=" + show(a.getTime()))
    clock.advance(5)


@scenario("a reset call keeps its place among calls due at the same time")
def _(log):
    clock = Clock()
    a = clock.callLater(1, log, "a")
    clock.callLater(2, log, "b")
    a.reset(2)
    clock.callLater(2, log, "c")
    clock.advance(2)


@scenario("getDelayedCalls lists waiting calls by time")
def _(log):
    clock = Clock()
    clock.callLater(3, log, "x")
    clock.callLater(1, log, "y")
    c = clock.callLater(2, log, "z")
    c.cancel()
    log("times=" + show([call.getTime() for call in clock.getDelayedCalls()]))


@scenario("callLater passes arguments to the function")
def _(log):
    clock = Clock()
    clock.callLater(1, lambda a, b: log("got " + show(a) + " " + show(b)), 1, "two")
    clock.advance(1)


@scenario("pump advances by each amount in turn")
def _(log):
    clock = Clock()
    for t in (1, 2, 3):
        clock.callLater(t, lambda t=t: log("ran " + show(t) + " at " + show(clock.seconds())))
    clock.pump([0.5, 1, 1, 1])
    log("now=" + show(clock.seconds()))


@scenario("LoopingCall runs at start and then every interval")
def _(log):
    clock = Clock()
    loop = LoopingCall(lambda: log("tick at " + show(clock.seconds())))
    loop.clock = clock
    loop.start(2)
    clock.advance(2)
    clock.advance(2)
    clock.advance(1)
    log("running=" + show(loop.running))


@scenario("LoopingCall with now=False waits one interval first")
def _(log):
    clock = Clock()
    loop = LoopingCall(lambda: log("tick at " + show(clock.seconds())))
    loop.clock = clock
    loop.start(1, now=False)
    log("started")
    clock.advance(1)
    clock.advance(1)


@scenario("LoopingCall skips the intervals it missed")
def _(log):
    clock = Clock()
    loop = LoopingCall(lambda: log("tick at " + show(clock.seconds())))
    loop.clock = clock
    loop.start(1)
    clock.advance(3.5)
    clock.advance(0.5)
    clock.advance(1)


@scenario("stopping a LoopingCall fires its Deferred with the LoopingCall")
def _(log):
    clock = Clock()
    loop = LoopingCall(lambda: log("tick"))
    loop.clock = clock
    d = loop.start(1)
    d.addCallback(lambda r: (log("done with " + show(r) + " same=" + show(r is loop)), r)[1])
    clock.advance(1)
    loop.stop()
    log("running=" + show(loop.running) + " pending=" + show(len(clock.getDelayedCalls())))
    clock.advance(5)


@scenario("a LoopingCall whose function raises stops and errbacks")
def _(log):
    clock = Clock()
    count = [0]

    def tick():
        count[0] += 1
        log("tick " + show(count[0]))
        if count[0] == 2:
            raise ValueError("loop failed")

    loop = LoopingCall(tick)
    loop.clock = clock
    d = loop.start(1)
    d.addErrback(lambda f: (log("eb got " + show(f) + " running=" + show(loop.running)), None)[1])
    clock.advance(1)
    clock.advance(1)
    log("pending=" + show(len(clock.getDelayedCalls())))


@scenario("a LoopingCall waits for the Deferred its function returns")
def _(log):
    from twisted.internet.defer import Deferred

    clock = Clock()
    pending = []

    def tick():
        log("tick at " + show(clock.seconds()))
        d = Deferred()
        pending.append(d)
        return d

    loop = LoopingCall(tick)
    loop.clock = clock
    loop.start(1)
    clock.advance(3)
    log("no more ticks while waiting")
    clock.advance(0.5)
    pending[0].callback(None)
    log("pending calls=" + show([c.getTime() for c in clock.getDelayedCalls()]))
    clock.advance(0.5)


@scenario("LoopingCall.withCount counts the intervals that passed")
def _(log):
    clock = Clock()
    loop = LoopingCall.withCount(lambda n: log("count " + show(n) + " at " + show(clock.seconds())))
    loop.clock = clock
    loop.start(1)
    clock.advance(1)
    clock.advance(3)
    clock.advance(1)


@scenario("starting a running LoopingCall raises, and so does stopping a stopped one")
def _(log):
    clock = Clock()
    loop = LoopingCall(lambda: None)
    loop.clock = clock
    loop.start(1)
    try:
        loop.start(1)
    except AssertionError as e:
        log("start raised " + type(e).__name__ + ": " + str(e))
    loop.stop()
    try:
        loop.stop()
    except AssertionError as e:
        log("stop raised " + type(e).__name__ + ": " + str(e))
    try:
        LoopingCall(lambda: None).start(-1)
    except ValueError as e:
        log("negative interval raised " + type(e).__name__)


@scenario("LoopingCall.reset restarts the interval from now")
def _(log):
    clock = Clock()
    loop = LoopingCall(lambda: log("tick at " + show(clock.seconds())))
    loop.clock = clock
    loop.start(2)
    clock.advance(1.5)
    loop.reset()
    clock.advance(1)
    clock.advance(1)


@scenario("a LoopingCall stopped from inside its function fires after the call")
def _(log):
    clock = Clock()
    holder = []

    def tick():
        log("tick")
        holder[0].stop()
        log("stopped inside")

    loop = LoopingCall(tick)
    holder.append(loop)
    loop.clock = clock
    d = loop.start(1)
    d.addCallback(lambda r: log("deferred fired"))
    log("after start running=" + show(loop.running))


@scenario("a LoopingCall with interval 0 runs again within the same advance")
def _(log):
    clock = Clock()
    count = [0]
    holder = []

    def tick():
        count[0] += 1
        log("tick " + show(count[0]) + " at " + show(clock.seconds()))
        if count[0] == 3:
            holder[0].stop()

    loop = LoopingCall(tick)
    holder.append(loop)
    loop.clock = clock
    loop.start(0)
    log("pending=" + show([c.getTime() for c in clock.getDelayedCalls()]))
    clock.advance(0)
    log("running=" + show(loop.running))


@scenario("deferLater fires with the callable's result after the delay")
def _(log):
    clock = Clock()
    d = deferLater(clock, 2, lambda a: (log("called with " + show(a)), a * 2)[1], 21)
    d.addCallback(lambda r: (log("result " + show(r) + " at " + show(clock.seconds())), r)[1])
    clock.advance(1)
    log("at 1 called=" + show(d.called))
    clock.advance(1)
    e = deferLater(clock, 1)
    clock.advance(1)
    log("without callable=" + show(e.result))


@scenario("a Clock accepts a negative delay: the call is due at once")
def _(log):
    clock = Clock()
    clock.callLater(1, log, "positive")
    call = clock.callLater(-1, log, "negative")
    log("time=" + show(call.getTime()))
    clock.advance(0)
    log("after advance(0)")
    clock.advance(1)


@scenario("a call reset to an equal time keeps the place it had in the list, not its scheduling order")
def _(log):
    clock = Clock()
    clock.callLater(2, log, "a")
    b = clock.callLater(1, log, "b")
    b.reset(2)
    c = clock.callLater(3, log, "c")
    clock.callLater(1, log, "d")
    c.reset(1)
    log("calls=" + show([call.getTime() for call in clock.getDelayedCalls()]))
    clock.advance(2)


@scenario("calls reset between two sorts are placed by their order in the list at the last sort")
def _(log):
    clock = Clock()
    a = clock.callLater(2, log, "a")
    b = clock.callLater(3, log, "b")
    clock.callLater(1, log, "c")
    b.reset(1)
    a.reset(1)
    d = clock.callLater(1, log, "d")
    d.delay(0)
    clock.advance(1)


@scenario("a delayed call keeps its place ahead of calls already due at its new time")
def _(log):
    clock = Clock()
    a = clock.callLater(1, log, "a")
    clock.callLater(2, log, "b")
    a.delay(1)
    clock.callLater(2, log, "c")
    clock.advance(2)
