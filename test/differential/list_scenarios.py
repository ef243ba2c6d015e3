"""DeferredList and gatherResults (twin of list-scenarios.ts)."""
from twisted.internet.defer import Deferred, DeferredList, FirstError, fail, gatherResults, succeed

from harness import flush_unhandled, scenario, show


@scenario("DeferredList gives (success, result) pairs in the order given")
def _(log):
    a, b, c = Deferred(), Deferred(), Deferred()
    dl = DeferredList([a, b, c])
    dl.addCallback(lambda r: (log("dl got " + show(r)), r)[1])
    c.callback("c")
    a.errback(ValueError("a failed"))
    log("not yet: " + show(dl.called))
    b.callback("b")
    log("a after=" + show(a.result))
    a.addErrback(lambda f: None)


@scenario("DeferredList without consumeErrors leaves failures unhandled in the members")
def _(log):
    a = Deferred()
    dl = DeferredList([a])
    a.errback(KeyError("k"))
    log("dl=" + show(dl.result))
    del a, dl
    flush_unhandled(log)


@scenario("DeferredList with consumeErrors leaves None in failed members")
def _(log):
    a, b = Deferred(), Deferred()
    dl = DeferredList([a, b], consumeErrors=True)
    a.errback(ValueError("consumed"))
    b.callback(2)
    log("dl=" + show(dl.result))
    log("a=" + show(a.result) + " b=" + show(b.result))


@scenario("fireOnOneCallback fires with the first result and its index")
def _(log):
    a, b = Deferred(), Deferred()
    dl = DeferredList([a, b], fireOnOneCallback=True)
    a.errback(ValueError("ignored"))
    log("after failure called=" + show(dl.called))
    b.callback("winner")
    log("dl=" + show(dl.result))
    a.addErrback(lambda f: None)


@scenario("fireOnOneErrback fails with FirstError as soon as one fails")
def _(log):
    a, b = Deferred(), Deferred()
    dl = DeferredList([a, b], fireOnOneErrback=True)
    dl.addErrback(lambda f: (log("dl eb " + show(f) + " index=" + show(f.value.index) + " sub=" + show(f.value.subFailure)), None)[1])
    b.errback(ValueError("b failed"))
    a.callback("late")
    log("resultList=" + show(dl.resultList))
    b.addErrback(lambda f: None)


@scenario("fireOnOneCallback with all failures fires with the full list")
def _(log):
    a, b = Deferred(), Deferred()
    dl = DeferredList([a, b], fireOnOneCallback=True, consumeErrors=True)
    a.errback(ValueError("one"))
    b.errback(KeyError("two"))
    log("dl=" + show(dl.result))


@scenario("an empty DeferredList fires at once with an empty list")
def _(log):
    dl = DeferredList([])
    log("called=" + show(dl.called) + " result=" + show(dl.result))


@scenario("an empty DeferredList waiting for one callback never fires")
def _(log):
    dl = DeferredList([], fireOnOneCallback=True)
    log("called=" + show(dl.called))


@scenario("a DeferredList of fired Deferreds fires while it is built")
def _(log):
    dl = DeferredList([succeed(1), fail(ValueError("x")), succeed(3)], consumeErrors=True)
    log("called=" + show(dl.called) + " result=" + show(dl.result))


@scenario("callbacks added to members after the DeferredList see what it passed on")
def _(log):
    a = Deferred()
    a.addCallback(lambda x: (log("before-list cb got " + show(x)), x + 1)[1])
    dl = DeferredList([a])
    a.addCallback(lambda x: (log("after-list cb got " + show(x)), x)[1])
    a.callback(1)
    log("dl=" + show(dl.result))


@scenario("gatherResults collects results in order whatever the firing order")
def _(log):
    a, b, c = Deferred(), Deferred(), Deferred()
    g = gatherResults([a, b, c])
    g.addCallback(lambda r: (log("gathered " + show(r)), r)[1])
    b.callback("b")
    c.callback("c")
    a.callback("a")


@scenario("gatherResults fails with FirstError on the first failure")
def _(log):
    a, b = Deferred(), Deferred()
    g = gatherResults([a, b])
    g.addErrback(lambda f: (log("eb " + show(f) + " is FirstError=" + show(f.check(FirstError) is not None)), None)[1])
    b.errback(ValueError("second one"))
    a.callback("fine")
    log("b=" + show(b.result))
    b.addErrback(lambda f: None)


@scenario("gatherResults with consumeErrors leaves None in the failed Deferred")
def _(log):
    a, b = Deferred(), Deferred()
    g = gatherResults([a, b], consumeErrors=True)
    g.addErrback(lambda f: (log("eb " + show(f)), None)[1])
    a.errback(ValueError("first"))
    b.errback(KeyError("second"))
    log("a=" + show(a.result) + " b=" + show(b.result))


@scenario("gatherResults without consumeErrors reports the member's failure as unhandled")
def _(log):
    a = Deferred()
    g = gatherResults([a])
    g.addErrback(lambda f: (log("gather eb " + show(f)), None)[1])
    a.errback(ValueError("leaks"))
    del a, g
    flush_unhandled(log)


@scenario("gatherResults of an empty list fires with an empty list")
def _(log):
    log("result=" + show(gatherResults([]).result))


@scenario("a DeferredList can wait on a Deferred that is waiting on another")
def _(log):
    inner = Deferred()
    outer = Deferred()
    outer.addCallback(lambda x: inner)
    outer.callback(0)
    dl = DeferredList([outer])
    log("called=" + show(dl.called))
    inner.callback("deep")
    log("dl=" + show(dl.result) + " outer=" + show(outer.result))


@scenario("fireOnOneErrback with consumeErrors fails with FirstError and leaves None behind")
def _(log):
    a, b = Deferred(), Deferred()
    dl = DeferredList([a, b], fireOnOneErrback=True, consumeErrors=True)
    dl.addErrback(lambda f: (log("dl eb " + show(f)), "handled")[1])
    a.errback(ValueError("first to fail"))
    b.errback(KeyError("second"))
    log("a=" + show(a.result) + " b=" + show(b.result) + " dl=" + show(dl.result))
    log("resultList=" + show(dl.resultList))
