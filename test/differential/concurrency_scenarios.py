"""DeferredLock, DeferredSemaphore and DeferredQueue (twin of concurrency-scenarios.ts)."""
from twisted.internet.defer import (
    CancelledError, Deferred, DeferredLock, DeferredQueue, DeferredSemaphore, QueueOverflow, QueueUnderflow,
)

from harness import scenario, show


@scenario("a DeferredLock serves one holder at a time, first come first served")
def _(log):
    lock = DeferredLock()
    for name in ["a", "b", "c"]:
        lock.acquire().addCallback(lambda l, name=name: log(name + " acquired, locked=" + show(l.locked)))
    log("waiting=" + show(len(lock.waiting)))
    lock.release()
    lock.release()
    lock.release()
    log("locked=" + show(lock.locked))
    try:
        lock.release()
    except AssertionError as e:
        log("release raised " + type(e).__name__)


@scenario("DeferredLock.run releases once the function's Deferred fires")
def _(log):
    lock = DeferredLock()
    gate = Deferred()
    first = lock.run(lambda x: (log("first runs with " + show(x)), gate)[1], 1)
    second = lock.run(lambda: (log("second runs"), "two")[1])
    first.addCallback(lambda r: (log("first result " + show(r)), r)[1])
    second.addCallback(lambda r: (log("second result " + show(r)), r)[1])
    log("locked=" + show(lock.locked))
    gate.callback("one")
    log("locked=" + show(lock.locked))


@scenario("DeferredLock.run releases when the function raises")
def _(log):
    lock = DeferredLock()
    d = lock.run(lambda: 1 / 0)
    d.addErrback(lambda f: (log("eb " + show(f) + " locked=" + show(lock.locked)), None)[1])


@scenario("cancelling a waiting acquire takes it out of the line")
def _(log):
    lock = DeferredLock()
    lock.acquire()
    waiter = lock.acquire()
    waiter.addErrback(lambda f: (log("waiter " + show(f)), None)[1])
    waiter.cancel()
    log("waiting=" + show(len(lock.waiting)))
    lock.release()
    log("locked=" + show(lock.locked))


@scenario("a DeferredSemaphore lets at most its limit in at once")
def _(log):
    sem = DeferredSemaphore(2)
    for name in ["a", "b", "c", "d"]:
        sem.acquire().addCallback(lambda s, name=name: log(name + " in, tokens=" + show(s.tokens)))
    log("waiting=" + show(len(sem.waiting)))
    sem.release()
    sem.release()
    sem.release()
    log("tokens=" + show(sem.tokens) + " limit=" + show(sem.limit))
    sem.release()
    try:
        sem.release()
    except AssertionError as e:
        log("release raised " + type(e).__name__)
    try:
        DeferredSemaphore(0)
    except ValueError as e:
        log("zero tokens raised " + type(e).__name__)


@scenario("DeferredSemaphore.run limits concurrent work")
def _(log):
    sem = DeferredSemaphore(1)
    gates = [Deferred(), Deferred()]
    for i in range(2):
        sem.run(lambda i=i: (log("job " + show(i) + " starts"), gates[i])[1]).addCallback(lambda r: log("job result " + show(r)))
    gates[0].callback("zero")
    gates[1].callback("one")


@scenario("DeferredQueue hands objects to waiting gets in order")
def _(log):
    q = DeferredQueue()
    q.get().addCallback(lambda x: log("get 1 got " + show(x)))
    q.get().addCallback(lambda x: log("get 2 got " + show(x)))
    q.put("first")
    q.put("second")
    q.put("third")
    log("pending=" + show(q.pending))
    q.get().addCallback(lambda x: log("get 3 got " + show(x)))
    log("pending=" + show(q.pending))


@scenario("DeferredQueue enforces size and backlog")
def _(log):
    q = DeferredQueue(size=1, backlog=1)
    q.put(1)
    try:
        q.put(2)
    except QueueOverflow as e:
        log("put raised " + type(e).__name__)
    q.get()
    q.get()
    try:
        q.get()
    except QueueUnderflow as e:
        log("get raised " + type(e).__name__)


@scenario("cancelling a DeferredQueue get removes it from the waiters")
def _(log):
    q = DeferredQueue()
    d = q.get()
    d.addErrback(lambda f: (log("get " + show(f)), None)[1])
    d.cancel()
    log("waiting=" + show(len(q.waiting)))
    q.put("kept")
    log("pending=" + show(q.pending))
