"""inlineCallbacks, ensureDeferred and await (twin of inline-scenarios.ts)."""
from twisted.internet.defer import (
    Deferred, NotACoroutineError, ensureDeferred, fail, inlineCallbacks, returnValue, succeed,
)

from harness import scenario, show


@scenario("inlineCallbacks continues at once past Deferreds that have fired")
def _(log):
    @inlineCallbacks
    def work():
        a = yield succeed(1)
        log("got a=" + show(a))
        b = yield succeed(2)
        log("got b=" + show(b))
        return a + b

    d = work()
    log("after call result=" + show(d.result))


@scenario("inlineCallbacks waits for an unfired Deferred and resumes when it fires")
def _(log):
    waited = Deferred()

    @inlineCallbacks
    def work():
        log("start")
        x = yield waited
        log("resumed with " + show(x))
        return x * 2

    d = work()
    log("after call called=" + show(d.called))
    waited.callback(21)
    log("after fire result=" + show(d.result))


@scenario("a failure is thrown into the generator, which can catch it")
def _(log):
    @inlineCallbacks
    def work():
        try:
            yield fail(ValueError("thrown in"))
        except ValueError as e:
            log("caught " + show(e))
        return "recovered"

    log("result=" + show(work().result))


@scenario("an exception escaping the generator fails its Deferred")
def _(log):
    waited = Deferred()

    @inlineCallbacks
    def work():
        yield waited
        raise KeyError("escaped")

    d = work()
    d.addErrback(lambda f: (log("eb got " + show(f)), None)[1])
    waited.callback(None)


@scenario("an uncaught failure from a yielded Deferred fails the generator's Deferred")
def _(log):
    waited = Deferred()

    @inlineCallbacks
    def work():
        yield waited
        log("not reached")

    d = work()
    d.addErrback(lambda f: (log("eb got " + show(f)), None)[1])
    waited.errback(ValueError("from waited"))


@scenario("returnValue ends the generator with a value")
def _(log):
    @inlineCallbacks
    def work():
        yield succeed(None)
        returnValue("via returnValue")
        log("not reached")

    log("result=" + show(work().result))


@scenario("yielding a plain value gives it straight back")
def _(log):
    @inlineCallbacks
    def work():
        x = yield 5
        y = yield [1, 2]
        return [x, y]

    log("result=" + show(work().result))


@scenario("a yielded Deferred is left holding None")
def _(log):
    fired = succeed("value")
    pending = Deferred()

    @inlineCallbacks
    def work():
        yield fired
        yield pending

    work()
    pending.callback("later")
    log("fired=" + show(fired.result) + " pending=" + show(pending.result))


@scenario("inlineCallbacks functions can wait on each other")
def _(log):
    gate = Deferred()

    @inlineCallbacks
    def inner(n):
        log("inner start " + show(n))
        yield gate
        return n * 10

    @inlineCallbacks
    def outer():
        a = yield inner(1)
        log("outer got " + show(a))
        b = yield inner(2)
        log("outer got " + show(b))
        return a + b

    d = outer()
    log("before gate")
    gate.callback(None)
    log("result=" + show(d.result))


@scenario("inlineCallbacks passes arguments through")
def _(log):
    @inlineCallbacks
    def add(a, b):
        x = yield succeed(a)
        return x + b

    log("result=" + show(add(3, 4).result))


@scenario("a generator that returns at once fires with its value")
def _(log):
    @inlineCallbacks
    def work():
        if False:
            yield None
        return "immediate"

    log("result=" + show(work().result))


@scenario("a long run of fired Deferreds does not grow the stack")
def _(log):
    @inlineCallbacks
    def work():
        total = 0
        for i in range(5000):
            total += yield succeed(i)
        return total

    log("result=" + show(work().result))


@scenario("an exception inside the generator before any yield fails the Deferred")
def _(log):
    @inlineCallbacks
    def work():
        raise ValueError("early")
        yield None

    d = work()
    log("result=" + show(d.result))
    d.addErrback(lambda f: None)


@scenario("ensureDeferred runs a coroutine and fires with its result")
def _(log):
    waited = Deferred()

    async def work():
        x = await waited
        return x + 1

    d = ensureDeferred(work())
    d.addCallback(lambda r: (log("result " + show(r)), r)[1])
    log("called=" + show(d.called))
    waited.callback(41)
    log("waited=" + show(waited.result))


@scenario("awaiting a fired Deferred gives its result and leaves it in place")
def _(log):
    fired = succeed("kept")

    async def work():
        return await fired

    d = ensureDeferred(work())
    log("d=" + show(d.result) + " fired=" + show(fired.result))


@scenario("awaiting a failed Deferred raises its exception and counts as handling it")
def _(log):
    failed = fail(ValueError("awaited"))

    async def work():
        try:
            await failed
        except ValueError as e:
            return "caught " + show(e)

    d = ensureDeferred(work())
    log("d=" + show(d.result))
    log("failed still holds " + show(failed.result))


@scenario("an exception in a coroutine fails the ensureDeferred Deferred")
def _(log):
    waited = Deferred()

    async def work():
        await waited
        raise KeyError("in coroutine")

    d = ensureDeferred(work())
    d.addErrback(lambda f: (log("eb got " + show(f)), None)[1])
    waited.callback(None)


@scenario("ensureDeferred returns a Deferred unchanged and refuses other things")
def _(log):
    d = Deferred()
    log("same=" + show(ensureDeferred(d) is d))
    try:
        ensureDeferred(42)
    except NotACoroutineError as e:
        log("raised " + type(e).__name__ + " is TypeError=" + show(isinstance(e, TypeError)))


@scenario("two coroutines awaiting one Deferred: the second sees what the first left, None")
def _(log):
    shared = Deferred()

    async def waiter(name):
        value = await shared
        log(name + " got " + show(value))
        return value

    first = ensureDeferred(waiter("first"))
    second = ensureDeferred(waiter("second"))
    shared.callback("once")
    log("results=" + show([first.result, second.result, shared.result]))


@scenario("Deferred.fromCoroutine runs a generator like inlineCallbacks")
def _(log):
    from twisted.internet.defer import Deferred as D

    def gen():
        x = yield succeed(20)
        return x + 1

    d = D.fromCoroutine(gen())
    log("result=" + show(d.result))


@scenario("a generator keeps going after catching a failure from a Deferred fired later")
def _(log):
    later = Deferred()

    @inlineCallbacks
    def work():
        try:
            yield later
        except KeyError as e:
            log("caught " + show(e))
        total = 0
        for i in range(3):
            total += yield succeed(i)
        return total

    d = work()
    later.errback(KeyError("late"))
    log("result=" + show(d.result))
