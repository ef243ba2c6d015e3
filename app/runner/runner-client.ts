/**
 * The page's side of the runner: starts the worker, validates what it says,
 * and stops it if it stops answering (a learner's infinite loop blocks the
 * worker's event loop the way blocking code blocks a reactor).
 */
import { RunnerEventSchema, type Check, type CheckResult, type RunnerEvent, type RunnerRequest } from "../../engine";

/** How long the runner may take over a request before it is declared blocked (compiling the program is part of a Run). */
const REQUEST_BLOCKED_AFTER_MS = 3000;
/**
 * How long work the runner started by itself (a timer fell due) may hold it.
 * The block guard inside stops instrumented code after two seconds; only
 * native code (a catastrophic regex, a loop inside a built-in) outlasts it.
 */
const WORK_BLOCKED_AFTER_MS = 2500;

export type RunnerListener = (event: RunnerEvent) => void;

export class RunnerClient {
  private worker: Worker | null = null;
  /** Requests wait here until the worker says it is ready: loading its script is not learner code blocking it. */
  private queued: RunnerRequest[] = [];
  private ready = false;
  private readonly listeners = new Set<RunnerListener>();
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private watchdogMs = 0;
  /** The learner's line the runner last said its program reached, since the watchdog was armed. */
  private lastLine: number | null = null;
  private nextRequestId = 1;
  private readonly pendingChecks = new Map<number, (results: CheckResult[]) => void>();
  /** Called when the worker had to be stopped because learner code blocked it, with the last line it was seen running. */
  onBlocked: ((message: string, line: number | null) => void) | null = null;

  /** Calls `listener` with every event the runner sends. */
  subscribe(listener: RunnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the worker now, so it loads and warms up before the first request (see warm-up.ts). */
  start(): void {
    this.ensureWorker();
  }

  /** Sends a request, starting the worker if needed. */
  send(request: RunnerRequest): void {
    const worker = this.ensureWorker();
    if (!this.ready) {
      this.queued.push(request);
      return;
    }
    worker.postMessage(request);
    this.armWatchdog(REQUEST_BLOCKED_AFTER_MS);
  }

  /** Runs checks in the worker; resolves with one result per check. */
  check(source: string, file: string, checks: Check[]): Promise<CheckResult[]> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.pendingChecks.set(requestId, resolve);
      this.send({ type: "check", requestId, source, file, checks });
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    if (this.watchdog) clearTimeout(this.watchdog);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./runner.worker.ts", import.meta.url), { type: "module", name: "runner" });
    this.ready = false;
    worker.onmessage = (message: MessageEvent<unknown>) => this.receive(message.data);
    worker.onerror = (error) => {
      error.preventDefault();
      this.emit({ type: "fault", message: `The runner crashed: ${error.message}` });
    };
    this.worker = worker;
    return worker;
  }

  private receive(data: unknown): void {
    const parsed = RunnerEventSchema.safeParse(data);
    if (!parsed.success) {
      this.emit({ type: "fault", message: "The runner sent a malformed message." });
      return;
    }
    const event = parsed.data;
    if (event.type === "ready") {
      this.ready = true;
      const queued = this.queued;
      this.queued = [];
      for (const request of queued) this.send(request);
    }
    if (event.type === "idle") this.disarmWatchdog();
    // The watchdog's own messages: nobody else needs them.
    if (event.type === "busy") {
      this.armWatchdog(WORK_BLOCKED_AFTER_MS);
      return;
    }
    if (event.type === "ran") {
      this.lastLine = event.line;
      return;
    }
    if (event.type === "checked") {
      this.pendingChecks.get(event.requestId)?.(event.results);
      this.pendingChecks.delete(event.requestId);
    }
    this.emit(event);
  }

  private emit(event: RunnerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private armWatchdog(ms: number): void {
    if (this.watchdog) return;
    this.lastLine = null;
    this.watchdogMs = ms;
    this.watchdog = setTimeout(() => this.blocked(), ms);
  }

  private disarmWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** The worker stopped answering: it is ended and replaced, and the learner told where their program was. */
  private blocked(): void {
    this.watchdog = null;
    this.worker?.terminate();
    this.worker = null;
    this.queued = [];
    const line = this.lastLine;
    const where = line === null ? "" : ` The last line of yours that was seen running is line ${line}.`;
    const message =
      `Your program blocked the reactor for more than ${this.watchdogMs / 1000} seconds, so it was stopped.${where} ` +
      "Some code ran without ever returning to the event loop (an endless loop, or a regular expression that backtracks without end?). " +
      "In an event-driven program, every callback must return quickly: nothing else (no other client, no timer) can run until it does.";
    for (const [, resolve] of this.pendingChecks) resolve([]);
    this.pendingChecks.clear();
    // A new runner, ready for the next Run.
    this.ensureWorker();
    this.onBlocked?.(message, line);
  }
}
