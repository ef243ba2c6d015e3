"""Callback chains: order, errbacks, chaining, pausing (twin of chain-scenarios.ts)."""
from twisted.internet.defer import AlreadyCalledError, Deferred, fail, maybeDeferred, succeed
from twisted.python.failure import Failure

from harness import flush_unhandled, scenario, show


@scenario("callbacks run in order, each getting the previous result")
def _(log):
    d = Deferred()
    d.addCallback(lambda x: (log("cb1 got " + show(x)), x + 1)[1])
    d.addCallback(lambda x: (log("cb2 got " + show(x)), x * 10)[1])
    log("before fire")
    d.callback(1)
    log("result=" + show(d.result))


@scenario("addCallback passes extra arguments after the result")
def _(log):
    d = Deferred()
    d.addCallback(lambda x, a, b: (log("cb got %s %s %s" % (show(x), show(a), show(b))), x + a + b)[1], 2, 3)
    d.callback(1)
    log("result=" + show(d.result))


@scenario("a raising callback switches to the errback chain")
def _(log):
    d = Deferred()
    d.addCallback(lambda x: 1 / 0)
    d.addCallback(lambda x: log("not reached"))
    d.addErrback(lambda f: (log("eb got " + show(f)), "recovered")[1])
    d.addCallback(lambda x: (log("cb after eb got " + show(x)), x)[1])
    d.callback(1)
    log("result=" + show(d.result))


@scenario("an errback returning a value switches back to the callback chain")
def _(log):
    d = Deferred()
    d.addErrback(lambda f: (log("eb1 got " + show(f)), 7)[1])
    d.addErrback(lambda f: log("eb2 not reached"))
    d.addCallback(lambda x: (log("cb got " + show(x)), x)[1])
    d.errback(ValueError("boom"))
    log("result=" + show(d.result))


@scenario("addBoth sees results and failures alike")
def _(log):
    d = Deferred()
    d.addBoth(lambda r: (log("both1 got " + show(r)), ValueError("as value"))[1])
    d.addBoth(lambda r: (log("both2 got " + show(r)), r)[1])
    d.callback("x")
    e = Deferred()
    e.addBoth(lambda r: (log("both3 got " + show(r)), "fine")[1])
    e.errback(KeyError("k"))
    log("results=" + show([d.result, e.result]))


@scenario("callbacks added after firing run at once")
def _(log):
    d = succeed(5)
    log("fired")
    d.addCallback(lambda x: (log("late cb got " + show(x)), x + 1)[1])
    log("after add result=" + show(d.result))


@scenario("a callback returning a Failure goes to the errback chain without raising")
def _(log):
    d = Deferred()
    d.addCallback(lambda x: Failure(ValueError("returned")))
    d.addCallbacks(lambda x: log("cb not reached"), lambda f: (log("eb got " + show(f)), None)[1])
    d.callback(0)
    log("result=" + show(d.result))


@scenario("addCallbacks passes callbackArgs and errbackArgs")
def _(log):
    d = Deferred()
    d.addCallbacks(lambda x, a: (log("cb %s %s" % (show(x), show(a))), x)[1],
                   lambda f, b: log("eb not reached"), callbackArgs=("A",), errbackArgs=("B",))
    d.addCallback(lambda x: 1 / 0)
    d.addCallbacks(lambda x, a: log("cb not reached"),
                   lambda f, b: (log("eb %s %s" % (show(f), show(b))), None)[1], callbackArgs=("A",), errbackArgs=("B",))
    d.callback(1)


@scenario("firing twice raises AlreadyCalledError and keeps the first result")
def _(log):
    d = Deferred()
    d.callback(1)
    try:
        d.callback(2)
    except AlreadyCalledError as e:
        log("second callback raised " + type(e).__name__)
    try:
        d.errback(ValueError("late"))
    except AlreadyCalledError as e:
        log("errback after callback raised " + type(e).__name__)
    log("result=" + show(d.result) + " called=" + show(d.called))


@scenario("errback wraps an exception in a Failure")
def _(log):
    d = Deferred()
    seen = []
    d.addErrback(lambda f: seen.append(f))
    d.errback(ValueError("wrapped"))
    f = seen[0]
    log("is Failure: " + show(isinstance(f, Failure)))
    log("type=" + f.type.__name__ + " message=" + show(f.getErrorMessage()))
    log("check=" + show(f.check(KeyError, ValueError) is ValueError) + " no match=" + show(f.check(KeyError)))


@scenario("trap returns the matching type and passes other failures down")
def _(log):
    d = Deferred()
    d.addErrback(lambda f: (log("trapped " + f.trap(ValueError).__name__), "ok")[1])
    d.errback(ValueError("v"))
    log("d result=" + show(d.result))
    e = Deferred()
    e.addErrback(lambda f: (f.trap(KeyError), log("not reached")))
    e.addErrback(lambda f: (log("next eb got " + show(f)), "handled")[1])
    e.errback(ValueError("not a key error"))
    log("e result=" + show(e.result))


@scenario("a callback returning an unfired Deferred pauses the outer chain until it fires")
def _(log):
    inner = Deferred()
    outer = Deferred()
    outer.addCallback(lambda x: (log("outer cb1 got " + show(x)), inner)[1])
    outer.addCallback(lambda x: (log("outer cb2 got " + show(x)), x + 1)[1])
    outer.callback(1)
    log("outer paused=" + show(outer.paused) + " result is inner: " + show(outer.result is inner))
    inner.callback(10)
    log("outer result=" + show(outer.result) + " paused=" + show(outer.paused))
    log("inner result=" + show(inner.result))


@scenario("a callback returning a fired Deferred continues at once and leaves None in it")
def _(log):
    inner = succeed("ready")
    outer = Deferred()
    outer.addCallback(lambda x: inner)
    outer.addCallback(lambda x: (log("outer cb got " + show(x)), x)[1])
    outer.callback(None)
    log("outer=" + show(outer.result) + " inner=" + show(inner.result))


@scenario("a failing inner Deferred sends the outer chain to its errbacks")
def _(log):
    inner = Deferred()
    outer = Deferred()
    outer.addCallback(lambda x: inner)
    outer.addCallbacks(lambda x: log("not reached"), lambda f: (log("outer eb got " + show(f)), "saved")[1])
    outer.callback(0)
    inner.errback(ValueError("inner failed"))
    log("outer=" + show(outer.result) + " inner=" + show(inner.result))


@scenario("callbacks added to the inner Deferred after chaining see None")
def _(log):
    inner = Deferred()
    outer = Deferred()
    outer.addCallback(lambda x: inner)
    outer.callback(0)
    inner.addCallback(lambda x: (log("inner late cb got " + show(x)), "late")[1])
    inner.callback("value")
    log("outer=" + show(outer.result) + " inner=" + show(inner.result))


@scenario("a paused Deferred returned from a callback holds the outer chain")
def _(log):
    inner = succeed(3)
    inner.pause()
    outer = Deferred()
    outer.addCallback(lambda x: inner)
    outer.addCallback(lambda x: (log("outer got " + show(x)), x)[1])
    outer.callback(0)
    log("outer waiting: " + show(isinstance(outer.result, Deferred)))
    inner.unpause()
    log("outer=" + show(outer.result))


@scenario("pause holds callbacks until a matching number of unpauses")
def _(log):
    d = Deferred()
    d.pause()
    d.pause()
    d.addCallback(lambda x: (log("cb got " + show(x)), x)[1])
    d.callback("p")
    log("after callback paused=" + show(d.paused))
    d.unpause()
    log("after one unpause paused=" + show(d.paused))
    d.addCallback(lambda x: (log("cb2 got " + show(x)), x + "!")[1])
    d.unpause()
    log("result=" + show(d.result))


@scenario("unpausing a Deferred that has not fired runs nothing")
def _(log):
    d = Deferred()
    d.addCallback(lambda x: (log("cb got " + show(x)), x)[1])
    d.pause()
    d.unpause()
    log("called=" + show(d.called))
    d.callback(1)


@scenario("chainDeferred fires the second Deferred with the first's result and leaves None")
def _(log):
    a = Deferred()
    b = Deferred()
    b.addCallback(lambda x: (log("b got " + show(x)), x)[1])
    a.chainDeferred(b)
    a.addCallback(lambda x: (log("a after chain got " + show(x)), x)[1])
    a.callback("shared")
    log("a=" + show(a.result) + " b=" + show(b.result))


@scenario("chainDeferred passes a failure to the second Deferred")
def _(log):
    a = Deferred()
    b = Deferred()
    a.chainDeferred(b)
    b.addErrback(lambda f: (log("b eb got " + show(f)), "b handled")[1])
    a.errback(KeyError("k"))
    log("a=" + show(a.result) + " b=" + show(b.result))


@scenario("maybeDeferred wraps values, exceptions, Failures and Deferreds")
def _(log):
    log("value: " + show(maybeDeferred(lambda: 4).result))
    d = maybeDeferred(lambda: 1 / 0)
    log("exception: " + show(d.result))
    d.addErrback(lambda f: None)
    d2 = maybeDeferred(lambda: Failure(ValueError("f")))
    log("failure: " + show(d2.result))
    d2.addErrback(lambda f: None)
    inner = Deferred()
    log("deferred is same: " + show(maybeDeferred(lambda: inner) is inner))
    log("args: " + show(maybeDeferred(lambda a, b: a - b, 10, 4).result))


@scenario("Deferreds returned three levels deep resume in the right order")
def _(log):
    d1, d2, d3 = Deferred(), Deferred(), Deferred()
    top = Deferred()
    top.addCallback(lambda x: (log("top cb1"), d1)[1])
    top.addCallback(lambda x: (log("top cb2 got " + show(x)), x)[1])
    d1.addCallback(lambda x: (log("d1 cb got " + show(x)), d2)[1])
    d2.addCallback(lambda x: (log("d2 cb got " + show(x)), d3)[1])
    top.callback(0)
    d1.callback(1)
    d2.callback(2)
    log("before d3 top=" + show(isinstance(top.result, Deferred)))
    d3.callback(3)
    log("top=" + show(top.result) + " d1=" + show(d1.result) + " d2=" + show(d2.result) + " d3=" + show(d3.result))


@scenario("a callback that adds a callback to its own Deferred runs it next")
def _(log):
    d = Deferred()

    def first(x):
        log("first got " + show(x))
        d.addCallback(lambda y: (log("added during run got " + show(y)), y + 1)[1])
        return x + 1

    d.addCallback(first)
    d.addCallback(lambda x: (log("second got " + show(x)), x + 1)[1])
    d.callback(0)
    log("result=" + show(d.result))


@scenario("firing another Deferred from inside a callback runs its chain at once")
def _(log):
    a = Deferred()
    b = Deferred()
    b.addCallback(lambda x: (log("b cb got " + show(x)), x)[1])
    a.addCallback(lambda x: (log("a cb1 fires b"), b.callback(x * 2), x)[2])
    a.addCallback(lambda x: (log("a cb2 got " + show(x)), x)[1])
    a.callback(21)


@scenario("callback refuses a Deferred as its result")
def _(log):
    d = Deferred()
    try:
        d.callback(Deferred())
    except AssertionError as e:
        log("raised " + type(e).__name__)
    log("called=" + show(d.called))


@scenario("the result attribute follows the chain")
def _(log):
    d = Deferred()
    log("before: called=" + show(d.called))
    d.addCallback(lambda x: x * 2)
    d.callback(4)
    log("after fire: " + show(d.result))
    d.addCallback(lambda x: None)
    log("after None cb: " + show(d.result))
    d.addCallback(lambda x: [1, (2, 3)])
    log("after list cb: " + show(d.result))


@scenario("an unhandled failure is reported once its Deferred is dropped")
def _(log):
    d = fail(ValueError("nobody handles me"))
    log("holding")
    del d
    flush_unhandled(log)
    log("after flush")


@scenario("a failure handled later is not reported")
def _(log):
    d = fail(ValueError("handled later"))
    d.addErrback(lambda f: log("handled " + show(f)))
    del d
    flush_unhandled(log)


@scenario("an errback that traps the wrong type leaves the failure unhandled")
def _(log):
    d = fail(KeyError("k"))
    d.addErrback(lambda f: f.trap(ValueError))
    del d
    flush_unhandled(log)


@scenario("a failure passed to a waiting Deferred is reported there, not in the inner one")
def _(log):
    inner = Deferred()
    outer = Deferred()
    outer.addCallback(lambda x: inner)
    outer.callback(0)
    inner.errback(ValueError("moves to outer"))
    log("inner=" + show(inner.result))
    del inner, outer
    flush_unhandled(log)
