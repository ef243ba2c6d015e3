/** DeferredLock, DeferredSemaphore and DeferredQueue: coordination without threads. */
import { AssertionError, ValueError } from "../python/builtins";
import { Deferred } from "./defer-core";
import { maybeDeferred, succeed } from "./defer-basics";
import { QueueOverflow, QueueUnderflow } from "./defer-errors";

/** What a lock and a semaphore share: acquire, release, and run-under. */
abstract class ConcurrencyPrimitive {
  /** Deferreds waiting to acquire, first come first served. */
  readonly waiting: Deferred<any>[] = [];

  /** Gives a Deferred that fires with this primitive once it is acquired. */
  abstract acquire(): Deferred<this>;
  /** Gives back what acquire took; the next waiter, if any, gets it. */
  abstract release(): void;

  /**
   * Acquires, calls `f(...args)`, and releases once its result (or the
   * Deferred it returns) is in.
   * @returns a Deferred of f's result.
   */
  run<R, A extends unknown[]>(f: (...args: A) => R | Deferred<R>, ...args: A): Deferred<R> {
    return this.acquire().addCallback(() =>
      maybeDeferred(f, ...args).addBoth((result: unknown) => {
        this.release();
        return result;
      }),
    ) as Deferred<R>;
  }

  /** Twisted's cancel support: a cancelled acquire leaves the queue. */
  protected cancelAcquire = (d: Deferred<any>): void => {
    const index = this.waiting.indexOf(d);
    if (index >= 0) this.waiting.splice(index, 1);
  };
}

/** A lock: one holder at a time; `locked` says whether someone holds it. */
export class DeferredLock extends ConcurrencyPrimitive {
  locked = false;

  /** Fires with the lock once it is free; waits in line otherwise. */
  acquire(): Deferred<this> {
    const d = new Deferred<this>(this.cancelAcquire);
    if (this.locked) {
      this.waiting.push(d);
    } else {
      this.locked = true;
      d.callback(this);
    }
    return d;
  }

  /**
   * Releases the lock and hands it to the first waiter, if any.
   * @throws AssertionError if the lock is not held.
   */
  release(): void {
    if (!this.locked) throw new AssertionError("Tried to release an unlocked lock");
    this.locked = false;
    const next = this.waiting.shift();
    if (next) {
      this.locked = true;
      next.callback(this);
    }
  }
}

/** A semaphore: at most `limit` holders at once; `tokens` is how many more may acquire now. */
export class DeferredSemaphore extends ConcurrencyPrimitive {
  tokens: number;
  readonly limit: number;

  /**
   * @param tokens how many may hold the semaphore at once.
   * @throws ValueError if tokens < 1.
   */
  constructor(tokens: number) {
    super();
    if (tokens < 1) throw new ValueError("DeferredSemaphore requires tokens >= 1");
    this.tokens = tokens;
    this.limit = tokens;
  }

  /** Fires with the semaphore once a token is free; waits in line otherwise. */
  acquire(): Deferred<this> {
    const d = new Deferred<this>(this.cancelAcquire);
    if (!this.tokens) {
      this.waiting.push(d);
    } else {
      this.tokens--;
      d.callback(this);
    }
    return d;
  }

  /**
   * Gives a token back; the first waiter, if any, takes it.
   * @throws AssertionError when released more often than acquired.
   */
  release(): void {
    if (!(this.tokens < this.limit)) throw new AssertionError("Someone released me too many times: too many tokens!");
    this.tokens++;
    const next = this.waiting.shift();
    if (next) {
      this.tokens--;
      next.callback(this);
    }
  }
}

/**
 * A queue whose get() gives a Deferred: fired at once when an object is
 * waiting, otherwise when one is put.
 */
export class DeferredQueue<T = any> {
  /** Deferreds from get() waiting for an object. */
  readonly waiting: Deferred<T>[] = [];
  /** Objects put that nobody has taken yet. */
  readonly pending: T[] = [];

  /**
   * @param size the most objects that may wait (null: no limit).
   * @param backlog the most get()s that may wait (null: no limit).
   */
  constructor(
    readonly size: number | null = null,
    readonly backlog: number | null = null,
  ) {}

  /**
   * Adds an object: the first waiting get() receives it, or it waits.
   * @throws QueueOverflow when `size` objects are already waiting.
   */
  put(obj: T): void {
    const next = this.waiting.shift();
    if (next) next.callback(obj);
    else if (this.size === null || this.pending.length < this.size) this.pending.push(obj);
    else throw new QueueOverflow();
  }

  /**
   * Takes the next object, through a Deferred.
   * @throws QueueUnderflow when `backlog` gets are already waiting.
   */
  get(): Deferred<T> {
    if (this.pending.length) return succeed(this.pending.shift() as T);
    if (this.backlog === null || this.waiting.length < this.backlog) {
      const d = new Deferred<T>(this.cancelGet);
      this.waiting.push(d);
      return d;
    }
    throw new QueueUnderflow();
  }

  private readonly cancelGet = (d: Deferred<any>): void => {
    const index = this.waiting.indexOf(d);
    if (index >= 0) this.waiting.splice(index, 1);
  };
}
