/**
 * The reactor of one child process. The simulated host runs every process on
 * its one event loop (one virtual clock, one network), but in Twisted each
 * process has a reactor of its own: it starts with the process's run(), its
 * stop() ends that process alone, and the process's timers die with it. This
 * view gives a child exactly that, and passes everything else (listenTCP,
 * spawnProcess, seconds...) to the host's loop.
 */
import { ReactorAlreadyRunning, ReactorNotRunning } from "../twisted/internet/error";
import type { DelayedCall } from "../twisted/internet/delayed-call";
import type { SimulatedReactor } from "../twisted/internet/simulated-reactor";

/** What the child reactor tells the process it belongs to. */
export interface ChildReactorOwner {
  /** False once the process has ended: its timers no longer fire. */
  readonly alive: boolean;
  /** The reactor stopped (stop() and its shutdown triggers ran): the process's program goes on after run(), then exits. */
  stopped(): void;
  /** Runs the process's own code (a timer, the shutdown): its log goes where the process's log goes. */
  enter<T>(f: () => T): T;
}

type Trigger = { readonly phase: string; readonly f: (...args: unknown[]) => unknown; readonly args: unknown[] };

/** The reactor-specific state of one process, with the methods that differ from the host's loop. */
class ChildLoop {
  started = false;
  stopping = false;
  private readonly timers = new Set<DelayedCall>();
  private readonly shutdownTriggers: Trigger[] = [];
  private readonly startupCalls: (() => void)[] = [];

  constructor(
    private readonly host: SimulatedReactor,
    private readonly owner: ChildReactorOwner,
  ) {}

  get running(): boolean {
    return this.started && this.owner.alive;
  }

  run(): void {
    if (this.started) throw new ReactorAlreadyRunning();
    this.started = true;
    for (const call of this.startupCalls.splice(0)) call();
  }

  stop(): void {
    if (!this.started || this.stopping || !this.owner.alive) throw new ReactorNotRunning("Can't stop reactor that isn't running.");
    this.stopping = true;
    // As in Twisted, shutdown happens after the current turn of the loop.
    this.host.callLater(0, () => this.owner.enter(() => {
      if (!this.owner.alive) return;
      for (const phase of ["before", "during", "after"]) {
        for (const trigger of this.shutdownTriggers.filter((t) => t.phase === phase)) trigger.f(...trigger.args);
      }
      this.cancelTimers();
      this.owner.stopped();
    }));
  }

  crash(): void {
    if (!this.started) return;
    this.cancelTimers();
    this.owner.stopped();
  }

  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): DelayedCall {
    const call = this.host.callLater(delay, (...given: A) => {
      this.timers.delete(call);
      return this.owner.alive ? this.owner.enter(() => f(...given)) : undefined;
    }, ...args);
    this.timers.add(call);
    return call;
  }

  getDelayedCalls(): DelayedCall[] {
    return [...this.timers].filter((call) => call.active());
  }

  callWhenRunning<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): null {
    if (this.started) f(...args);
    else this.startupCalls.push(() => void f(...args));
    return null;
  }

  addSystemEventTrigger(phase: string, eventType: string, f: (...args: unknown[]) => unknown, ...args: unknown[]): unknown {
    if (eventType === "startup") {
      this.callWhenRunning(() => f(...args));
      return null;
    }
    if (eventType === "shutdown") {
      const trigger = { phase, f, args };
      this.shutdownTriggers.push(trigger);
      return trigger;
    }
    return this.host.addSystemEventTrigger(phase as "before", eventType as "shutdown", f, ...args);
  }

  /** The process ended: nothing it scheduled runs. */
  cancelTimers(): void {
    for (const call of this.timers) if (call.active()) call.cancel();
    this.timers.clear();
  }
}

const OWN = new Set(["running", "run", "stop", "crash", "callLater", "getDelayedCalls", "callWhenRunning", "addSystemEventTrigger"]);

/** A reactor for one child process over the host's loop; `cancelTimers` is for the process's end. */
export function childReactor(host: SimulatedReactor, owner: ChildReactorOwner): { reactor: SimulatedReactor; cancelTimers(): void } {
  const loop = new ChildLoop(host, owner);
  const reactor = new Proxy(host, {
    get(target, property) {
      if (typeof property === "string" && OWN.has(property)) {
        const value = loop[property as keyof ChildLoop];
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(loop) : value;
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { reactor, cancelTimers: () => loop.cancelTimers() };
}
