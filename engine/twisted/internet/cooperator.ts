/**
 * task.Cooperator: runs iterators a step at a time, sharing the reactor
 * between them. Each tick runs one step of each task in turn until the
 * termination predicate says the tick has used its share.
 *
 * Twisted's default predicate ends a tick after 10 ms of wall-clock time. The
 * engine never reads the wall clock, so its default ends a tick after
 * DEFAULT_STEPS_PER_TICK steps: fast iterators finish in one tick, as they
 * would in Twisted, and runs are repeatable.
 */
import { Failure } from "../python/failure";
import { TwistedError } from "../python/exceptions";
import { Deferred } from "./defer-core";
import * as installed from "./reactor";

/** The operation could not complete because the scheduler or a task was in the wrong state. */
export class SchedulerError extends TwistedError {}
/** The Cooperator was stopped. */
export class SchedulerStopped extends SchedulerError {}
/** The task had already finished (done, stopped or failed). */
export class TaskFinished extends SchedulerError {}
/** The task had already completed. */
export class TaskDone extends TaskFinished {}
/** The task had been stopped. */
export class TaskStopped extends TaskFinished {}
/** The task had died with an error. */
export class TaskFailed extends TaskFinished {}
/** resume() was called on a task that was not paused. */
export class NotPaused extends SchedulerError {}

/** Steps a tick may run before the default predicate ends it. */
export const DEFAULT_STEPS_PER_TICK = 1000;
/** How long the default scheduler waits before a tick, in seconds (Twisted's _EPSILON). */
const EPSILON = 0.00000001;

function defaultTermination(): () => boolean {
  let steps = 0;
  return () => ++steps >= DEFAULT_STEPS_PER_TICK;
}

function defaultScheduler(f: () => void): { cancel(): void } {
  return installed.reactor.callLater(EPSILON, f);
}

/** An iterator over a live array that, like Python's list iterator, stays exhausted once exhausted. */
class ListIterator<T> {
  private index = 0;
  constructor(private list: T[] | null) {}
  next(): T | null {
    if (this.list !== null && this.index < this.list.length) return this.list[this.index++]!;
    this.list = null;
    return null;
  }
}

type AnyIterator = Iterator<unknown>;

/** A task inside a Cooperator: can be paused, resumed, stopped and waited on. */
export class CooperativeTask {
  _completionState: SchedulerError | null = null;
  _completionResult: AnyIterator | Failure | null = null;
  private readonly deferreds: Deferred<AnyIterator>[] = [];
  private pauseCount = 0;

  /** Engine use: make tasks with Cooperator.cooperate. */
  constructor(
    private readonly iterator: AnyIterator,
    private readonly cooperator: Cooperator,
  ) {
    cooperator._addTask(this);
  }

  /**
   * A Deferred that fires with the iterator once it is exhausted, or fails
   * with what it threw, or with TaskStopped / SchedulerStopped.
   */
  whenDone(): Deferred<AnyIterator> {
    const d = new Deferred<AnyIterator>();
    if (this._completionState === null) this.deferreds.push(d);
    else d.callback(this._completionResult!);
    return d;
  }

  /**
   * Stops running this task until a matching resume().
   * @throws TaskFinished if the task has finished.
   */
  pause(): void {
    this.checkFinish();
    this.pauseCount++;
    if (this.pauseCount === 1) this.cooperator._removeTask(this);
  }

  /**
   * Undoes one pause().
   * @throws NotPaused if the task is not paused.
   */
  resume(): void {
    if (this.pauseCount === 0) throw new NotPaused();
    this.pauseCount--;
    if (this.pauseCount === 0 && this._completionState === null) this.cooperator._addTask(this);
  }

  /**
   * Stops this task for good; whenDone Deferreds fail with TaskStopped.
   * @throws TaskFinished if it had already finished.
   */
  stop(): void {
    this.checkFinish();
    this._completeWith(new TaskStopped(), new Failure(new TaskStopped()));
  }

  /** Engine use: finishes the task and fires every whenDone Deferred with `result`. */
  _completeWith(state: SchedulerError, result: AnyIterator | Failure): void {
    this._completionState = state;
    this._completionResult = result;
    if (!this.pauseCount) this.cooperator._removeTask(this);
    // Fired last: a callback may act on the Cooperator, which must no longer hold this task.
    for (const d of this.deferreds) d.callback(result);
  }

  /** Engine use: one step of the iterator; a yielded Deferred pauses the task until it fires. */
  _oneWorkUnit(): void {
    let step: IteratorResult<unknown>;
    try {
      step = this.iterator.next();
    } catch (thrown) {
      this._completeWith(new TaskFailed(), thrown instanceof Failure ? thrown : new Failure(thrown));
      return;
    }
    if (step.done) {
      this._completeWith(new TaskDone(), this.iterator);
      return;
    }
    const result = step.value;
    if (result instanceof Deferred) {
      this.pause();
      result.addCallbacks(
        () => {
          this.resume();
        },
        (failure: Failure) => {
          this._completeWith(new TaskFailed(), failure);
        },
      );
    }
  }

  private checkFinish(): void {
    if (this._completionState !== null) throw this._completionState;
  }
}

/** Runs iterators cooperatively; see cooperate and coiterate. */
export class Cooperator {
  private tasks: CooperativeTask[] = [];
  private metarator = new ListIterator<CooperativeTask>(null);
  private delayedCall: { cancel(): void } | null = null;
  private stopped = false;
  private started: boolean;
  private mustScheduleOnStart = false;

  /**
   * @param terminationPredicateFactory makes, for each tick, a function saying when the tick should end.
   * @param scheduler schedules a tick: given a function, calls it later (default: reactor.callLater).
   * @param started false to hold work until start().
   */
  constructor(
    private readonly terminationPredicateFactory: () => () => boolean = defaultTermination,
    private readonly scheduler: (f: () => void) => { cancel(): void } = defaultScheduler,
    started = true,
  ) {
    this.started = started;
  }

  /** Adds an iterator; the Deferred fires with it once it is exhausted (see CooperativeTask.whenDone). */
  coiterate(iterator: Iterator<unknown> | Iterable<unknown>, doneDeferred?: Deferred<AnyIterator>): Deferred<AnyIterator> {
    const done = doneDeferred ?? new Deferred<AnyIterator>();
    new CooperativeTask(toIterator(iterator), this).whenDone().chainDeferred(done);
    return done;
  }

  /** Adds an iterator as a long-running task. */
  cooperate(iterator: Iterator<unknown> | Iterable<unknown>): CooperativeTask {
    return new CooperativeTask(toIterator(iterator), this);
  }

  /** True once started and until stopped. */
  get running(): boolean {
    return this.started && !this.stopped;
  }

  /** Starts ticking (for a Cooperator made with started = false). */
  start(): void {
    this.stopped = false;
    this.started = true;
    if (this.mustScheduleOnStart) {
      this.mustScheduleOnStart = false;
      this.reschedule();
    }
  }

  /** Stops: every task's whenDone fails with SchedulerStopped, and the tasks are forgotten. */
  stop(): void {
    this.stopped = true;
    for (const task of this.tasks) task._completeWith(new SchedulerStopped(), new Failure(new SchedulerStopped()));
    this.tasks = [];
    if (this.delayedCall !== null) {
      this.delayedCall.cancel();
      this.delayedCall = null;
    }
  }

  /** Engine use: a task joins (or rejoins after a pause). */
  _addTask(task: CooperativeTask): void {
    this.tasks.push(task);
    if (this.stopped) task._completeWith(new SchedulerStopped(), new Failure(new SchedulerStopped()));
    else this.reschedule();
  }

  /** Engine use: a task leaves; with no tasks left, the pending tick is cancelled. */
  _removeTask(task: CooperativeTask): void {
    const index = this.tasks.indexOf(task);
    if (index < 0) throw new Error("ValueError: list.remove(x): x not in list");
    this.tasks.splice(index, 1);
    if (!this.tasks.length && this.delayedCall !== null) {
      this.delayedCall.cancel();
      this.delayedCall = null;
    }
  }

  /** One tick: steps tasks round-robin until the predicate ends the tick or no task is left. */
  private readonly tick = (): void => {
    this.delayedCall = null;
    const terminator = this.terminationPredicateFactory();
    outer: while (this.tasks.length) {
      for (let task = this.metarator.next(); task !== null; task = this.metarator.next()) {
        task._oneWorkUnit();
        if (terminator()) break outer;
      }
      this.metarator = new ListIterator(this.tasks);
    }
    this.reschedule();
  };

  private reschedule(): void {
    if (!this.started) {
      this.mustScheduleOnStart = true;
      return;
    }
    if (this.delayedCall === null && this.tasks.length) this.delayedCall = this.scheduler(this.tick);
  }
}

function toIterator(source: Iterator<unknown> | Iterable<unknown>): AnyIterator {
  if (typeof (source as AnyIterator).next === "function") return source as AnyIterator;
  return (source as Iterable<unknown>)[Symbol.iterator]();
}

// Twisted has one global Cooperator per process. Here each simulated world is
// a process with its own reactor, so each reactor gets its own global Cooperator.
const globalCooperators = new WeakMap<object, Cooperator>();

function theCooperator(): Cooperator {
  const reactor = installed.reactor;
  let cooperator = globalCooperators.get(reactor);
  if (!cooperator) {
    cooperator = new Cooperator();
    globalCooperators.set(reactor, cooperator);
  }
  return cooperator;
}

/** Runs `iterator` on the global Cooperator; the Deferred fires with it once exhausted. */
export function coiterate(iterator: Iterator<unknown> | Iterable<unknown>): Deferred<AnyIterator> {
  return theCooperator().coiterate(iterator);
}

/** Runs `iterator` as a long-running task on the global Cooperator. */
export function cooperate(iterator: Iterator<unknown> | Iterable<unknown>): CooperativeTask {
  return theCooperator().cooperate(iterator);
}
