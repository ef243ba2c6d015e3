/** task.Cooperator, cooperate and coiterate (twin of cooperator_scenarios.py). */
import { Deferred } from "../../engine/twisted/internet/defer-core";
import { Clock, Cooperator, NotPaused, TaskDone, TaskFinished, TaskStopped } from "../../engine/twisted/internet/task";
import { ValueError } from "../../engine/twisted/python/builtins";
import { scenario, show, type Log } from "./harness";

/** A Cooperator that runs one step per tick, ticking on `clock`. */
function oneStepCooperator(clock: Clock): Cooperator {
  return new Cooperator(
    () => () => true,
    (f) => clock.callLater(1, f),
  );
}

function* steps(log: Log, name: string, count: number) {
  for (let i = 0; i < count; i++) {
    log(`${name} step ${show(i)}`);
    yield null;
  }
}

export const cooperatorScenarios = [
  scenario("a Cooperator steps its tasks round-robin, one step per tick", (log) => {
    const clock = new Clock();
    const coop = oneStepCooperator(clock);
    coop.cooperate(steps(log, "a", 3));
    coop.cooperate(steps(log, "b", 2));
    for (let i = 0; i < 7; i++) {
      clock.advance(1);
      log(`tick done, pending=${show(clock.getDelayedCalls().length)}`);
    }
  }),

  scenario("coiterate's Deferred fires once the iterator is exhausted", (log) => {
    const clock = new Clock();
    const coop = oneStepCooperator(clock);
    const d = coop.coiterate(steps(log, "only", 2));
    d.addCallback((it) => (log(`done, got an iterator: ${show(typeof it.next === "function")}`), null));
    for (let i = 0; i < 3; i++) clock.advance(1);
  }),

  scenario("a Cooperator with a generous predicate finishes short tasks in one tick", (log) => {
    const clock = new Clock();
    let count = 0;
    const coop = new Cooperator(
      () => () => ++count >= 100,
      (f) => clock.callLater(1, f),
    );
    coop.cooperate(steps(log, "a", 2));
    coop.cooperate(steps(log, "b", 2));
    clock.advance(1);
    log(`pending=${show(clock.getDelayedCalls().length)}`);
  }),

  scenario("a task that yields a Deferred pauses until it fires", (log) => {
    const clock = new Clock();
    const coop = oneStepCooperator(clock);
    const gate = new Deferred();
    const task = coop.cooperate(
      (function* () {
        log("before gate");
        yield gate;
        log("after gate");
      })(),
    );
    task.whenDone().addCallback(() => log("task done"));
    clock.advance(1);
    clock.advance(1);
    log(`paused, pending=${show(clock.getDelayedCalls().length)}`);
    gate.callback(null);
    clock.advance(1);
    clock.advance(1);
  }),

  scenario("a task that raises fails whenDone", (log) => {
    const clock = new Clock();
    const coop = oneStepCooperator(clock);
    const task = coop.cooperate(
      (function* () {
        yield null;
        throw new ValueError("task broke");
      })(),
    );
    task.whenDone().addErrback((f) => (log(`whenDone eb ${show(f)}`), null));
    clock.advance(1);
    clock.advance(1);
    try {
      task.pause();
    } catch (e) {
      if (e instanceof TaskDone) log(`pause raised ${e.name}`);
      else if (e instanceof TaskFinished) log(`pause raised ${e.name}`);
    }
  }),

  scenario("pause and resume hold a task; stop ends it with TaskStopped", (log) => {
    const clock = new Clock();
    const coop = oneStepCooperator(clock);
    const task = coop.cooperate(steps(log, "t", 5));
    task.whenDone().addErrback((f) => (log(`whenDone eb ${show(f)}`), null));
    clock.advance(1);
    task.pause();
    clock.advance(1);
    log("paused");
    try {
      task.resume();
      task.resume();
    } catch (e) {
      if (e instanceof NotPaused) log(`second resume raised ${e.name}`);
    }
    clock.advance(1);
    task.stop();
    clock.advance(1);
    try {
      task.stop();
    } catch (e) {
      if (e instanceof TaskStopped) log(`stop again raised ${e.name}`);
    }
  }),

  scenario("stopping a Cooperator fails every task with SchedulerStopped", (log) => {
    const clock = new Clock();
    const coop = oneStepCooperator(clock);
    const t1 = coop.cooperate(steps(log, "x", 3));
    t1.whenDone().addErrback((f) => (log(`t1 ${show(f)}`), null));
    clock.advance(1);
    coop.stop();
    log(`running=${show(coop.running)} pending=${show(clock.getDelayedCalls().length)}`);
    const late = coop.cooperate(steps(log, "late", 1));
    late.whenDone().addErrback((f) => (log(`late ${show(f)}`), null));
  }),

  scenario("a Cooperator created stopped waits for start", (log) => {
    const clock = new Clock();
    const coop = new Cooperator(
      () => () => true,
      (f) => clock.callLater(1, f),
      false,
    );
    coop.cooperate(steps(log, "w", 1));
    log(`pending=${show(clock.getDelayedCalls().length)} running=${show(coop.running)}`);
    coop.start();
    clock.advance(1);
    clock.advance(1);
  }),
];
