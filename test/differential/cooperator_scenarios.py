"""task.Cooperator, cooperate and coiterate (twin of cooperator-scenarios.ts)."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock, Cooperator, SchedulerStopped, TaskDone, TaskStopped, NotPaused

from harness import scenario, show


def one_step_cooperator(clock):
    """A Cooperator that runs one step per tick, ticking on `clock`."""
    def termination():
        return lambda: True
    return Cooperator(terminationPredicateFactory=termination, scheduler=lambda f: clock.callLater(1, f))


def steps(log, name, count):
    for i in range(count):
        log(name + " step " + show(i))
        yield None


@scenario("a Cooperator steps its tasks round-robin, one step per tick")
def _(log):
    clock = Clock()
    coop = one_step_cooperator(clock)
    coop.cooperate(steps(log, "a", 3))
    coop.cooperate(steps(log, "b", 2))
    for _ in range(7):
        clock.advance(1)
        log("tick done, pending=" + show(len(clock.getDelayedCalls())))


@scenario("coiterate's Deferred fires once the iterator is exhausted")
def _(log):
    clock = Clock()
    coop = one_step_cooperator(clock)
    d = coop.coiterate(steps(log, "only", 2))
    d.addCallback(lambda it: (log("done, got an iterator: " + show(hasattr(it, "__next__"))), None)[1])
    for _ in range(3):
        clock.advance(1)


@scenario("a Cooperator with a generous predicate finishes short tasks in one tick")
def _(log):
    clock = Clock()
    count = [0]

    def termination():
        return lambda: (count.__setitem__(0, count[0] + 1), count[0] >= 100)[1]

    coop = Cooperator(terminationPredicateFactory=termination, scheduler=lambda f: clock.callLater(1, f))
    coop.cooperate(steps(log, "a", 2))
    coop.cooperate(steps(log, "b", 2))
    clock.advance(1)
    log("pending=" + show(len(clock.getDelayedCalls())))


@scenario("a task that yields a Deferred pauses until it fires")
def _(log):
    clock = Clock()
    coop = one_step_cooperator(clock)
    gate = Deferred()

    def work():
        log("before gate")
        yield gate
        log("after gate")

    task = coop.cooperate(work())
    task.whenDone().addCallback(lambda it: log("task done"))
    clock.advance(1)
    clock.advance(1)
    log("paused, pending=" + show(len(clock.getDelayedCalls())))
    gate.callback(None)
    clock.advance(1)
    clock.advance(1)


@scenario("a task that raises fails whenDone")
def _(log):
    clock = Clock()
    coop = one_step_cooperator(clock)

    def work():
        yield None
        raise ValueError("task broke")

    task = coop.cooperate(work())
    task.whenDone().addErrback(lambda f: (log("whenDone eb " + show(f)), None)[1])
    clock.advance(1)
    clock.advance(1)
    try:
        task.pause()
    except TaskDone as e:
        log("pause raised " + type(e).__name__)
    except Exception as e:
        log("pause raised " + type(e).__name__)


@scenario("pause and resume hold a task; stop ends it with TaskStopped")
def _(log):
    clock = Clock()
    coop = one_step_cooperator(clock)
    task = coop.cooperate(steps(log, "t", 5))
    task.whenDone().addErrback(lambda f: (log("whenDone eb " + show(f)), None)[1])
    clock.advance(1)
    task.pause()
    clock.advance(1)
    log("paused")
    try:
        task.resume()
        task.resume()
    except NotPaused as e:
        log("second resume raised " + type(e).__name__)
    clock.advance(1)
    task.stop()
    clock.advance(1)
    try:
        task.stop()
    except TaskStopped as e:
        log("stop again raised " + type(e).__name__)


@scenario("stopping a Cooperator fails every task with SchedulerStopped")
def _(log):
    clock = Clock()
    coop = one_step_cooperator(clock)
    t1 = coop.cooperate(steps(log, "x", 3))
    t1.whenDone().addErrback(lambda f: (log("t1 " + show(f)), None)[1])
    clock.advance(1)
    coop.stop()
    log("running=" + show(coop.running) + " pending=" + show(len(clock.getDelayedCalls())))
    late = coop.cooperate(steps(log, "late", 1))
    late.whenDone().addErrback(lambda f: (log("late " + show(f)), None)[1])


@scenario("a Cooperator created stopped waits for start")
def _(log):
    clock = Clock()
    coop = Cooperator(terminationPredicateFactory=lambda: (lambda: True), scheduler=lambda f: clock.callLater(1, f), started=False)
    coop.cooperate(steps(log, "w", 1))
    log("pending=" + show(len(clock.getDelayedCalls())) + " running=" + show(coop.running))
    coop.start()
    clock.advance(1)
    clock.advance(1)
