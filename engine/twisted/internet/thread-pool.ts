/**
 * A thread pool whose threads cost virtual time, shared by both reactors.
 *
 * JavaScript has one thread, so a "thread" here runs its function at once,
 * but on its own clock: time.sleep() inside it adds to that clock instead of
 * holding the reactor. The result comes back to the reactor (callFromThread)
 * when the thread's clock says it is done, and the thread stays busy until
 * then. So a blocking call in the reactor visibly stalls everything, while
 * the same call in a pool thread lets other clients be served meanwhile.
 */
import { EngineAbort } from "./unhandled";
import { Failure } from "../python/failure";

/** The part of a reactor the pool needs: its time, and a way to run something later (not a learner-visible delayed call). */
export interface PoolClock {
  seconds(): number;
  later(delay: number, f: () => void): void;
}

/** One thread, as plain data for the reactor view. */
export interface ThreadInfo {
  readonly name: string;
  /** What it is running (the function's name), or null when idle. */
  readonly job: string | null;
  /** Virtual time at which its current job finishes. */
  readonly busyUntil: number | null;
}

interface Job {
  readonly f: () => unknown;
  readonly name: string;
  readonly onResult: (ok: boolean, result: unknown) => void;
}

interface Thread {
  readonly name: string;
  readonly ident: number;
  job: string | null;
  /** How many jobs the pool had started when this thread last took one (for least-recently-used picking). */
  lastUsed: number;
  busyUntil: number | null;
}

/** The thread running right now, if code is running "in a thread". */
let current: { elapsed: number; start: number; ident: number } | null = null;

/** Thread ids: the reactor's thread is the main thread; each pool thread gets the next number when it is made. */
export const MAIN_THREAD_IDENT = 1;
let nextThreadIdent = MAIN_THREAD_IDENT + 1;

/** The id of the thread running now (threading.get_ident): MAIN_THREAD_IDENT in the reactor thread. */
export function currentThreadIdent(): number {
  return current ? current.ident : MAIN_THREAD_IDENT;
}

/**
 * Engine use (time.sleep): if code runs in a pool thread, adds `seconds` to
 * that thread's clock and returns true; returns false in the reactor thread.
 */
export function sleepInThread(seconds: number): boolean {
  if (!current) return false;
  current.elapsed += seconds;
  return true;
}

/** The virtual time as seen by the running thread, or null in the reactor thread. */
export function threadTime(): number | null {
  return current ? current.start + current.elapsed : null;
}

export class SimulatedThreadPool {
  /** The most threads running at once (reactor.suggestThreadPoolSize). */
  max = 10;
  /**
   * Threads made before the first job, each taken in turn: a job goes to the
   * idle thread idle longest, so consecutive jobs run in different threads,
   * as they do in Twisted's ThreadPool once it has started `min` workers.
   * 0 (the reactor's pool): one thread is reused while it is free.
   */
  min = 0;
  private jobsStarted = 0;
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];

  /**
   * @param clock the reactor's time, and how to run something when a job finishes.
   * @param schedule runs a function in a later turn of the loop: a job never
   *   runs inside the call that queued it, as a real thread would not.
   */
  constructor(
    private readonly clock: PoolClock,
    private readonly schedule: (f: () => void) => void,
    /** Names its threads PoolThread-NAME-N, as Twisted's ThreadPool does. */
    private readonly poolName = "twisted.internet.reactor",
  ) {}

  /** True once stop() was called: queued and later jobs never run, as in a joined Twisted ThreadPool. */
  private stopped = false;

  /** Queues `f` for a free thread (starting in a later turn); `onResult(ok, value)` runs in the reactor. */
  callInThreadWithCallback(onResult: (ok: boolean, result: unknown) => void, f: () => unknown, name = f.name || "anonymous"): void {
    if (this.stopped) return;
    this.queue.push({ f, name, onResult });
    this.schedule(() => this.startWaiting());
  }

  /** Threads and what they are doing. */
  info(): ThreadInfo[] {
    return this.threads.map((t) => ({ name: t.name, job: t.job, busyUntil: t.busyUntil }));
  }

  /** Jobs waiting for a free thread. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Stops the pool (ThreadPool.stop): jobs still waiting are dropped, and new ones are ignored. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private startWaiting(): void {
    while (this.queue.length) {
      const thread = this.freeThread();
      if (!thread) return;
      this.runJob(thread, this.queue.shift()!);
    }
  }

  private freeThread(): Thread | null {
    while (this.threads.length < Math.min(this.min, this.max)) this.addThread();
    const idleThreads = this.threads.filter((t) => t.job === null);
    const idle = this.min > 0 ? idleThreads.sort((a, b) => a.lastUsed - b.lastUsed)[0] : idleThreads[0];
    if (idle) return idle;
    if (this.threads.length >= this.max) return null;
    return this.addThread();
  }

  private addThread(): Thread {
    const name = `PoolThread-${this.poolName}-${this.threads.length + 1}`;
    const thread: Thread = { name, ident: nextThreadIdent++, job: null, busyUntil: null, lastUsed: this.threads.length - this.max - this.min };
    this.threads.push(thread);
    return thread;
  }

  private runJob(thread: Thread, job: Job): void {
    const start = this.clock.seconds();
    const previous = current;
    current = { elapsed: 0, start, ident: thread.ident };
    thread.lastUsed = this.jobsStarted++;
    let ok = true;
    let result: unknown;
    try {
      result = job.f();
    } catch (thrown) {
      if (thrown instanceof EngineAbort) throw thrown;
      ok = false;
      result = thrown instanceof Failure ? thrown : new Failure(thrown);
    }
    const elapsed = current.elapsed;
    current = previous;
    thread.job = job.name;
    thread.busyUntil = start + elapsed;
    this.clock.later(elapsed, () => {
      thread.job = null;
      thread.busyUntil = null;
      job.onResult(ok, result);
      this.startWaiting();
    });
  }
}
