/**
 * The real-network reactor: the same interfaces as the simulated one, on
 * node:net, node:dgram, child_process and real timers. This is the one place
 * in the engine that reads the wall clock. `npm run serve -- FILE.ts` runs a
 * learner's program on it, unchanged.
 */
import * as log from "../twisted/python/log";
import { Deferred, reportUnhandledErrors } from "../twisted/internet/defer";
import type { DelayedCall } from "../twisted/internet/delayed-call";
import { ReactorNotRunning } from "../twisted/internet/error";
import type { IFileSystem, IReactor } from "../twisted/internet/interfaces";
import type { DatagramProtocol } from "../twisted/internet/datagram-protocol";
import type { ProcessProtocol } from "../twisted/internet/process-protocol";
import type { ClientFactory, Factory } from "../twisted/internet/protocol";
import { sleepInThread, SimulatedThreadPool, threadTime } from "../twisted/internet/thread-pool";
import { Timers } from "../twisted/internet/timers";
import { logUnhandledError } from "../twisted/internet/unhandled";
import { NodeFileSystem } from "./node-fs";
import { NodeProcess } from "./node-process";
import { NodeConnector } from "./node-connector";
import { NodePort, NodeTransport } from "./node-tcp";
import { NodeUDPPort } from "./node-udp";

type Phase = "before" | "during" | "after";
type SystemEvent = "startup" | "shutdown";
interface Trigger {
  readonly phase: Phase;
  readonly event: SystemEvent;
  readonly f: (...args: any[]) => unknown;
  readonly args: readonly unknown[];
}

/** Options for the real-network reactor. */
export interface NodeReactorOptions {
  /** Stop cleanly on SIGINT (Ctrl-C) and SIGTERM, as Twisted's reactor does. Default true. */
  readonly installSignalHandlers?: boolean;
}

export class NodeReactor implements IReactor {
  running = false;
  /** The pool deferToThread uses (its threads spend simulated time, see thread-pool.ts). */
  readonly threadPool: SimulatedThreadPool;
  private readonly timers = new Timers(() => this.seconds());
  private timerHandle: ReturnType<typeof setTimeout> | null = null;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  private started = false;
  private stopping = false;
  private readonly triggers: Trigger[] = [];
  private readonly ports = new Set<NodePort | NodeUDPPort>();
  private readonly transports = new Set<NodeTransport>();
  private readonly processes = new Set<NodeProcess>();
  private readonly files = new NodeFileSystem();
  private reportScheduled = false;
  private readonly stoppedListeners: (() => void)[] = [];
  private readonly signalHandlers: [NodeJS.Signals, () => void][] = [];

  constructor(private readonly options: NodeReactorOptions = {}) {
    this.timers.onChange = () => this.rearm();
    this.threadPool = new SimulatedThreadPool(
      { seconds: () => this.seconds(), later: (delay, f) => void setTimeout(() => this.guarded(f), delay * 1000) },
      (f) => setImmediate(() => this.guarded(f)),
    );
  }

  /** Seconds since the epoch, as Twisted's reactor.seconds(). */
  seconds(): number {
    return Date.now() / 1000;
  }

  /** Schedules `f(...args)` to run `delay` real seconds from now. */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): DelayedCall {
    return this.timers.schedule(delay, f, args);
  }

  /** The delayed calls still waiting, in the order they will run. */
  getDelayedCalls(): DelayedCall[] {
    return this.timers.pending();
  }

  /** Runs `f(...args)` once the reactor is running (at once if it already is). */
  callWhenRunning<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    if (this.running) this.guarded(() => f(...args));
    else this.addSystemEventTrigger("during", "startup", f, ...args);
  }

  /** Runs `f(...args)` at a phase of startup or shutdown; a Deferred it returns during shutdown is waited for. */
  addSystemEventTrigger<A extends unknown[]>(phase: Phase, event: SystemEvent, f: (...args: A) => unknown, ...args: A): void {
    this.triggers.push({ phase, event, f, args });
  }

  /**
   * Starts the loop. Node's own event loop does the work, so run() returns at
   * once; the process stays alive until stop(), as a Python program stays in run().
   * @throws Error (ReactorAlreadyRunning) when called twice.
   */
  run(): void {
    if (this.started) throw new Error("ReactorAlreadyRunning: the reactor is already running");
    this.started = true;
    this.running = true;
    this.keepAlive = setInterval(() => undefined, 1 << 30);
    if (this.options.installSignalHandlers ?? true) {
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        const handler = () => {
          log.msg(`Received ${signal}, shutting down.`);
          if (this.running && !this.stopping) this.stop();
        };
        process.on(signal, handler);
        this.signalHandlers.push([signal, handler]);
      }
    }
    setImmediate(() => this.fireSystemEvent("startup"));
  }

  /**
   * Stops the loop: shutdown triggers run, ports close, connections are
   * dropped (their protocols hear connectionLost), then "Main loop terminated."
   * @throws ReactorNotRunning if the reactor is not running.
   */
  stop(): void {
    if (!this.running || this.stopping) throw new ReactorNotRunning();
    this.stopping = true;
    setImmediate(() => {
      this.runTriggers("shutdown", "before");
      // As in Twisted, shutdown waits for "during" work that returns a Deferred (closing ports).
      const waits = [...this.disconnectAll(), ...this.runTriggers("shutdown", "during")];
      let pending = waits.length + 1;
      const oneDone = () => {
        if (--pending === 0) this.terminate();
      };
      for (const d of waits) d.addBoth(() => oneDone());
      oneDone();
    });
  }

  private terminate(): void {
    this.runTriggers("shutdown", "after");
    this.running = false;
    if (this.timerHandle) clearTimeout(this.timerHandle);
    this.timerHandle = null;
    if (this.keepAlive) clearInterval(this.keepAlive);
    for (const [signal, handler] of this.signalHandlers) process.off(signal, handler);
    log.msg("Main loop terminated.");
    reportUnhandledErrors();
    for (const listener of this.stoppedListeners) listener();
  }

  /** Calls `listener` once the reactor has stopped (serve exits then). */
  onStopped(listener: () => void): void {
    this.stoppedListeners.push(listener);
  }

  /** True once run() was called. */
  get hasStarted(): boolean {
    return this.started;
  }

  /**
   * Listens on a real TCP port. Binding is asynchronous in Node, so a taken
   * port is reported when the bind fails: through the endpoint's Deferred, or,
   * for a bare listenTCP, as "Unhandled error in Deferred: CannotListenError".
   */
  listenTCP(port: number, factory: Factory, backlog = 50, iface = ""): NodePort {
    return new NodePort(this, port, factory, backlog, iface);
  }

  /** Connects to `host:port` on a real socket; the factory hears how it went. */
  connectTCP(host: string, port: number, factory: ClientFactory, timeout = 30): NodeConnector {
    const connector = new NodeConnector(this, host, port, factory, timeout);
    connector.connect();
    return connector;
  }

  /** Binds a real UDP socket; a taken port is reported asynchronously, as for listenTCP. */
  listenUDP(port: number, protocol: DatagramProtocol, iface = "", maxPacketSize = 8192): NodeUDPPort {
    return new NodeUDPPort(this, port, protocol, iface, maxPacketSize);
  }

  /** Runs a real child process talking to `processProtocol` (args[0] is its own name; env is its whole environment). */
  spawnProcess(
    processProtocol: ProcessProtocol,
    executable: string,
    args: readonly string[] = [],
    env: Readonly<Record<string, string>> = {},
    path: string | null = null,
  ): NodeProcess {
    return new NodeProcess(this, processProtocol, executable, args, env, path);
  }

  /** Runs `f(...args)` in a pool thread (see thread-pool.ts). */
  callInThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    this.callInThreadWithCallback(() => undefined, () => f(...args), f.name);
  }

  /** Engine use: runs `f` in a pool thread; `onResult(ok, value)` runs back in the reactor. */
  callInThreadWithCallback(onResult: (ok: boolean, result: unknown) => void, f: () => unknown, name?: string): void {
    this.threadPool.callInThreadWithCallback((ok, result) => {
      if (!ok) logUnhandledError(result);
      this.guarded(() => onResult(ok, result));
      this.workDone();
    }, f, name ?? f.name);
  }

  /** Runs `f(...args)` in the reactor thread; from a pool thread, at that thread's own time. */
  callFromThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    const threadNow = threadTime();
    const delay = threadNow === null ? 0 : Math.max(0, threadNow - this.seconds());
    setTimeout(() => {
      this.guarded(() => f(...args));
      this.workDone();
    }, delay * 1000);
  }

  /** Sets the most threads the pool runs at once. */
  suggestThreadPoolSize(size: number): void {
    this.threadPool.max = Math.max(1, Math.floor(size));
  }

  /** time.sleep in the reactor thread really blocks it; in a pool thread it only moves that thread's clock. */
  blockFor(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`sleep length must be non-negative, not ${seconds}`);
    if (sleepInThread(seconds)) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
  }

  /** A random number in [0, 1) (not seeded: this is the real world). */
  random(): number {
    return Math.random();
  }

  /** The real filesystem. */
  fileSystem(): IFileSystem {
    return this.files;
  }

  /** Engine use: runs learner code, turning an exception into an "Unhandled Error" log line. */
  guarded(f: () => unknown): void {
    try {
      f();
    } catch (thrown) {
      logUnhandledError(thrown);
    }
  }

  /** Engine use: after a callback, report Deferreds left failing (once per turn). */
  workDone(): void {
    if (this.reportScheduled) return;
    this.reportScheduled = true;
    setImmediate(() => {
      this.reportScheduled = false;
      reportUnhandledErrors();
    });
  }

  /** @internal */
  track(thing: NodePort | NodeUDPPort | NodeTransport, open: boolean): void {
    const set: Set<unknown> = thing instanceof NodeTransport ? this.transports : this.ports;
    if (open) set.add(thing);
    else set.delete(thing);
  }

  /** @internal */
  trackProcess(child: NodeProcess, running: boolean): void {
    if (running) this.processes.add(child);
    else this.processes.delete(child);
  }

  private rearm(): void {
    if (this.timerHandle) clearTimeout(this.timerHandle);
    this.timerHandle = null;
    const next = this.timers.nextTime();
    if (next === null || (this.started && !this.running)) return;
    const delay = Math.max(0, (next - this.seconds()) * 1000);
    // Node caps timeouts at about 24.8 days; longer waits re-arm on the way.
    this.timerHandle = setTimeout(() => this.runDueTimers(), Math.min(delay, 2 ** 31 - 1));
  }

  private runDueTimers(): void {
    this.timerHandle = null;
    const limit = this.timers.sequence;
    for (let call = this.timers.takeDue(this.seconds(), limit); call; call = this.timers.takeDue(this.seconds(), limit)) {
      const due = call;
      this.guarded(() => due.func(...due.args));
    }
    this.rearm();
    this.workDone();
  }

  private fireSystemEvent(event: SystemEvent): void {
    for (const phase of ["before", "during", "after"] as const) this.runTriggers(event, phase);
  }

  /** Runs the triggers of one phase; returns the Deferreds they returned (shutdown waits for them). */
  private runTriggers(event: SystemEvent, phase: Phase): Deferred<unknown>[] {
    const waits: Deferred<unknown>[] = [];
    for (const trigger of this.triggers.filter((t) => t.event === event && t.phase === phase)) {
      this.guarded(() => {
        const result = trigger.f(...trigger.args);
        if (result instanceof Deferred) waits.push(result);
      });
    }
    this.workDone();
    return waits;
  }

  private disconnectAll(): Deferred<unknown>[] {
    const closing = [...this.ports].map((port) => port.stopListening() as Deferred<unknown>);
    for (const transport of [...this.transports]) transport.dropForShutdown();
    return closing;
  }
}
