"""Cancellation and timeouts (twin of cancel-scenarios.ts)."""
from twisted.internet.defer import AlreadyCalledError, CancelledError, Deferred, DeferredList, inlineCallbacks
from twisted.internet.task import Clock, deferLater

from harness import scenario, show


@scenario("cancel before firing errbacks with CancelledError")
def _(log):
    d = Deferred()
    d.addErrback(lambda f: (log("eb got " + show(f)), "cancelled")[1])
    d.cancel()
    log("called=" + show(d.called) + " result=" + show(d.result))


@scenario("cancel calls the canceller, which may fire the Deferred itself")
def _(log):
    d = Deferred(lambda it: (log("canceller called"), it.callback("from canceller")))
    d.addBoth(lambda r: (log("got " + show(r)), r)[1])
    d.cancel()
    log("result=" + show(d.result))


@scenario("a canceller may errback with its own error")
def _(log):
    d = Deferred(lambda it: it.errback(ValueError("custom cancel")))
    d.addErrback(lambda f: (log("eb got " + show(f)), None)[1])
    d.cancel()


@scenario("a canceller that does not fire leads to CancelledError")
def _(log):
    d = Deferred(lambda it: log("canceller ran"))
    d.addErrback(lambda f: (log("eb got " + show(f)), None)[1])
    d.cancel()


@scenario("without a canceller the producer's later callback is swallowed once")
def _(log):
    d = Deferred()
    d.addErrback(lambda f: (log("eb got " + show(f)), "x")[1])
    d.cancel()
    d.callback("late result")
    log("first late callback ignored, result=" + show(d.result))
    try:
        d.callback("second late")
    except AlreadyCalledError:
        log("second late callback raised AlreadyCalledError")


@scenario("with a canceller that does not fire, a later callback raises AlreadyCalledError")
def _(log):
    d = Deferred(lambda it: None)
    d.addErrback(lambda f: None)
    d.cancel()
    try:
        d.callback("late")
    except AlreadyCalledError:
        log("late callback raised AlreadyCalledError")


@scenario("cancel after firing does nothing")
def _(log):
    d = Deferred(lambda it: log("canceller must not run"))
    d.callback(1)
    d.cancel()
    log("result=" + show(d.result))


@scenario("cancel is forwarded to the Deferred being waited on")
def _(log):
    inner = Deferred(lambda it: log("inner canceller"))
    outer = Deferred(lambda it: log("outer canceller must not run"))
    outer.addCallback(lambda x: inner)
    outer.addErrback(lambda f: (log("outer eb got " + show(f)), "stopped")[1])
    outer.callback(0)
    outer.cancel()
    log("outer=" + show(outer.result) + " inner=" + show(inner.result))


@scenario("cancelling twice is harmless")
def _(log):
    d = Deferred()
    d.addErrback(lambda f: (log("eb " + show(f)), None)[1])
    d.cancel()
    d.cancel()
    log("result=" + show(d.result))


@scenario("cancelling a DeferredList cancels each member still waiting")
def _(log):
    a = Deferred(lambda it: log("a canceller"))
    b = Deferred()
    c = Deferred(lambda it: log("c canceller"))
    b.callback("b done")
    dl = DeferredList([a, b, c])
    dl.cancel()
    log("result=" + show(dl.result))


@scenario("cancelling a DeferredList that fired does nothing")
def _(log):
    a = Deferred(lambda it: log("a canceller must not run"))
    dl = DeferredList([a], fireOnOneCallback=True)
    a.callback("first")
    a2 = Deferred(lambda it: log("unrelated"))
    dl.cancel()
    log("result=" + show(dl.result))


@scenario("cancelling an inlineCallbacks Deferred cancels what it waits on; the generator may recover")
def _(log):
    waited = Deferred(lambda it: log("waited canceller"))

    @inlineCallbacks
    def work():
        try:
            yield waited
        except CancelledError:
            log("generator caught CancelledError")
        result = yield "after"
        return result + "!"

    d = work()
    d.addBoth(lambda r: (log("work result " + show(r)), r)[1])
    d.cancel()
    log("final=" + show(d.result))


@scenario("cancelling an inlineCallbacks Deferred that does not catch fails with CancelledError")
def _(log):
    waited = Deferred()

    @inlineCallbacks
    def work():
        yield waited
        log("not reached")

    d = work()
    d.addErrback(lambda f: (log("eb got " + show(f)), None)[1])
    d.cancel()


@scenario("addTimeout turns a timeout into TimeoutError")
def _(log):
    clock = Clock()
    d = Deferred()
    d.addTimeout(5, clock)
    d.addErrback(lambda f: (log("eb got " + show(f) + " at " + show(clock.seconds())), None)[1])
    clock.advance(4)
    log("at 4 called=" + show(d.called))
    clock.advance(1)
    log("pending calls=" + show(len(clock.getDelayedCalls())))


@scenario("addTimeout is cancelled when the Deferred fires first")
def _(log):
    clock = Clock()
    d = Deferred()
    d.addTimeout(5, clock)
    log("pending before=" + show(len(clock.getDelayedCalls())))
    d.callback("in time")
    log("pending after=" + show(len(clock.getDelayedCalls())) + " result=" + show(d.result))
    clock.advance(10)
    log("result=" + show(d.result))


@scenario("addTimeout uses onTimeoutCancel to decide the result")
def _(log):
    clock = Clock()
    d = Deferred()
    d.addTimeout(2, clock, onTimeoutCancel=lambda result, timeout: (log("onTimeoutCancel got %s %s" % (show(result), show(timeout))), "replaced")[1])
    clock.advance(2)
    log("result=" + show(d.result))


@scenario("addTimeout keeps the result when the canceller fires it")
def _(log):
    clock = Clock()
    d = Deferred(lambda it: it.callback("canceller value"))
    d.addTimeout(1, clock)
    clock.advance(1)
    log("result=" + show(d.result))


@scenario("addTimeout only covers callbacks added before it")
def _(log):
    clock = Clock()
    d = Deferred()
    inner = Deferred()
    d.addCallback(lambda x: (log("before-timeout cb"), x)[1])
    d.addTimeout(3, clock)
    d.addCallback(lambda x: (log("after-timeout cb returns inner"), inner)[1])
    d.callback(1)
    clock.advance(10)
    log("timer pending=" + show(len(clock.getDelayedCalls())) + " waiting=" + show(isinstance(d.result, Deferred)))
    inner.callback(2)
    log("result=" + show(d.result))


@scenario("cancelling deferLater cancels the delayed call")
def _(log):
    clock = Clock()
    d = deferLater(clock, 3, lambda: log("must not run"))
    d.addErrback(lambda f: (log("eb got " + show(f)), None)[1])
    log("pending=" + show(len(clock.getDelayedCalls())))
    d.cancel()
    log("pending after cancel=" + show(len(clock.getDelayedCalls())))
    clock.advance(5)
