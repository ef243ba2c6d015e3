/**
 * The page's side of the runner: starts runner workers in the sandboxed frame
 * (see runner-frame.ts), validates what they say, and stops one that stops
 * answering (a learner's infinite loop blocks the worker's event loop the
 * way blocking code blocks a reactor).
 *
 * Every Run, Stop and Check gets a fresh worker, so nothing a program did to
 * its realm (a patched prototype, anything it left behind) reaches the next
 * one. Spare workers are started and warmed up ahead of need, so a Run or a
 * Check does not wait for one to load. The host's files go from each worker to
 * the next (the page keeps the copy each worker sends when they change).
 */
import { RunnerEventSchema, judgeCheck, type Check, type CheckResult, type ProgramSetup, type RunnerEvent, type RunnerRequest } from "../../engine";
import { RunnerFrame, type FramedWorker } from "./runner-frame";
import { Watchdog } from "./watchdog";

/** How long the runner may take over a request before it is declared blocked (compiling the program is part of a Run). */
const REQUEST_BLOCKED_AFTER_MS = 3000;
/**
 * How long work the runner started by itself (a timer fell due) may hold it
 * in all. The block guard inside stops instrumented code after two seconds,
 * with its reason; this is the backstop, with room for the guard's message
 * to arrive first on a loaded machine.
 */
const WORK_BLOCKED_AFTER_MS = 3500;
/**
 * How long a runner whose learner code is running may say nothing. Running
 * code the guard can stop beats every HEARTBEAT_MS (0.2 s); only native code
 * (a catastrophic regex, a loop inside a built-in, Atomics.wait) falls
 * silent, and is stopped after this. Six missed beats: a worker that is
 * merely starved on a loaded machine gets its turn long before.
 */
const SILENCE_BLOCKED_AFTER_MS = 1200;
/**
 * Workers kept started and warm. One is not enough: a worker takes a quarter
 * of a second or more to load and warm up, so a Check clicked soon after
 * the last (each takes a worker of its own) found none ready and waited for
 * one (measured: 250 ms to a second on a loaded machine, against 50 ms with
 * a warm worker). With two, the second Check takes the other spare.
 */
const SPARES = 2;
/**
 * A new spare starts once the worker that was taken has answered its request
 * (its "idle"), so loading it does not compete with the Run or Check that took
 * it, and never while a worker is busy with learner code (a recorded program
 * of 100,000 events ran slower with a spare loading beside it). Failing an
 * answer, the next try is this long after the take.
 */
const SPARE_DELAY_MS = 400;

export type RunnerListener = (event: RunnerEvent) => void;

/** What a Check came to: one result per check, or the message of the watchdog that had to stop it. */
export type CheckOutcome = { readonly results: CheckResult[] } | { readonly stopped: string; readonly line: number | null };

/** One worker: its port, its queue until it is ready, its watchdog. */
class RunnerConnection {
  /** The worker has started and said so: requests go straight to it. */
  ready = false;
  private queued: RunnerRequest[] = [];
  /** The learner's line the runner last said its program reached, since the watchdog was armed. */
  lastLine: number | null = null;
  /** A program or check has been sent here: its realm is no longer clean. */
  used = false;
  readonly watchdog: Watchdog;

  constructor(
    private readonly worker: FramedWorker,
    onEvent: (event: RunnerEvent) => void,
    onBlocked: () => void,
    onReady: () => void = () => {},
  ) {
    this.watchdog = new Watchdog(onBlocked);
    worker.port.onmessage = (message: MessageEvent<unknown>) => {
      const parsed = RunnerEventSchema.safeParse(message.data);
      if (!parsed.success) {
        onEvent({ type: "fault", message: "The runner sent a malformed message." });
        return;
      }
      const event = parsed.data;
      this.watchdog.heard(event.type === "ran" || event.type === "alive");
      if (event.type === "alive") return;
      if (event.type === "ready") {
        this.ready = true;
        const queued = this.queued;
        this.queued = [];
        for (const request of queued) this.send(request);
        onReady();
      }
      if (event.type === "idle") this.watchdog.disarm();
      if (event.type === "halted") {
        this.watchdog.disarm();
        return;
      }
      // The watchdog's own messages: nobody else needs them.
      if (event.type === "busy") {
        this.arm(WORK_BLOCKED_AFTER_MS);
        return;
      }
      if (event.type === "ran") {
        this.lastLine = event.line;
        return;
      }
      onEvent(event);
    };
  }

  send(request: RunnerRequest): void {
    if (request.type === "run" || request.type === "check") this.used = true;
    if (!this.ready) {
      this.queued.push(request);
      return;
    }
    this.worker.port.postMessage(request);
    this.arm(REQUEST_BLOCKED_AFTER_MS);
  }

  terminate(): void {
    this.watchdog.disarm();
    this.worker.terminate();
  }

  private arm(ms: number): void {
    if (!this.watchdog.armed) this.lastLine = null;
    this.watchdog.arm(ms, SILENCE_BLOCKED_AFTER_MS);
  }
}

/** A Check in progress: the page's own copy of what was asked, and each check's verdict once its record arrives. */
interface PendingCheck {
  readonly connection: RunnerConnection;
  readonly resolve: (outcome: CheckOutcome) => void;
  readonly source: string;
  readonly checks: readonly Check[];
  readonly verdicts: (Promise<CheckResult> | null)[];
}

/** A worker and where its events go: nowhere while it is the spare, then wherever take() directs them. */
interface Slot {
  readonly connection: RunnerConnection;
  onEvent: (event: RunnerEvent) => void;
  onBlocked: () => void;
}

export class RunnerClient {
  private frame: RunnerFrame | null = null;
  /** The worker the terminal and the live program use. */
  private host: RunnerConnection | null = null;
  /** Workers started ahead of need, oldest first (see SPARES). */
  private spares: Slot[] = [];
  private spareTimer: ReturnType<typeof setTimeout> | null = null;
  /** The host's files as its worker last reported them, for the next worker. */
  private hostFiles: Record<string, string> | null = null;
  private readonly listeners = new Set<RunnerListener>();
  private nextRequestId = 1;
  private readonly checks = new Map<number, PendingCheck>();
  private disposed = false;
  /** Called when the host worker had to be stopped because learner code blocked it, with the last line it was seen running. */
  /** The running program was stopped from outside: it blocked the reactor, or (`outOfMemory`) its frame's process died of it. */
  onBlocked: ((message: string, line: number | null, outOfMemory: boolean) => void) | null = null;

  /** Calls `listener` with every event the host runner sends. */
  subscribe(listener: RunnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a worker now, so it loads and warms up before the first request (see warm-up.ts); a second follows once it is ready. */
  start(): void {
    this.refill();
  }

  /**
   * Sends a request to the host. A Run goes to a fresh worker (the host
   * itself while no program has run in it), and Stop ends the host's worker.
   */
  send(request: RunnerRequest): void {
    if (request.type === "stop") {
      this.replaceHost();
      return;
    }
    if (request.type === "run" && this.host?.used) this.replaceHost();
    this.ensureHost().send(request);
  }

  /**
   * Runs checks in a worker of their own, thrown away after; resolves with one
   * result per check. The worker only runs them and reports what it observed;
   * each verdict is made here, from the page's own copy of the checks and the
   * code, where learner code cannot reach (see engine/checks/observed.ts).
   */
  check(source: string, file: string, checks: Check[], setup: ProgramSetup = {}): Promise<CheckOutcome> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      const connection = this.take((event) => this.receiveCheck(requestId, event), () => this.checkBlocked(requestId));
      this.checks.set(requestId, { connection, resolve, source, checks, verdicts: checks.map(() => null) });
      const { files = {}, command } = setup;
      connection.send({ type: "check", requestId, source, file, checks, files: { ...files }, ...(command ? { command: [...command] } : {}) });
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.host?.terminate();
    for (const spare of this.spares) spare.connection.terminate();
    for (const { connection } of this.checks.values()) connection.terminate();
    this.checks.clear();
    this.frame?.dispose();
    this.spares = [];
    this.host = this.frame = null;
  }

  private ensureHost(): RunnerConnection {
    this.host ??= this.newHost();
    return this.host;
  }

  /** Ends the host's worker; a fresh one with the same files takes its place. */
  private replaceHost(): void {
    this.host?.terminate();
    this.host = this.newHost();
  }

  private newHost(): RunnerConnection {
    const host: RunnerConnection = this.take(
      (event) => this.receiveHost(host, event),
      () => this.hostBlocked(host),
    );
    if (this.hostFiles) host.send({ type: "load-files", files: this.hostFiles });
    return host;
  }

  /**
   * The oldest ready spare (else the oldest, else a new worker), given its
   * listeners. Its replacement starts once it has answered, or after
   * SPARE_DELAY_MS.
   */
  private take(onEvent: (event: RunnerEvent) => void, onBlocked: () => void): RunnerConnection {
    const index = this.spares.findIndex((spare) => spare.connection.ready);
    const taken = (index >= 0 ? this.spares.splice(index, 1)[0] : this.spares.shift()) ?? this.spawn();
    taken.onEvent = (event) => {
      onEvent(event);
      if (event.type === "idle" || event.type === "checks-done") this.refill();
    };
    taken.onBlocked = onBlocked;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.spareTimer = setTimeout(() => this.refill(), SPARE_DELAY_MS);
    return taken.connection;
  }

  /**
   * Starts one more spare, unless there are enough, one is still starting
   * (they would only slow each other down), or a worker is busy (its watchdog
   * is armed until it answers): the next answer tries again.
   */
  private refill(): void {
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.spareTimer = null;
    if (this.disposed || this.spares.length >= SPARES || this.spares.some((spare) => !spare.connection.ready)) return;
    if (this.host?.watchdog.armed || [...this.checks.values()].some((check) => check.connection.watchdog.armed)) return;
    this.spares.push(this.spawn());
  }

  /** A new worker in the frame; once it is ready, the next spare may start. */
  private spawn(): Slot {
    if (!this.frame) {
      const frame = new RunnerFrame(
        (message) => this.emit({ type: "fault", message }),
        () => this.frameLost(frame),
      );
      this.frame = frame;
    }
    const worker = this.frame.spawn((message) => slot.onEvent({ type: "fault", message: `The runner crashed: ${message}` }));
    const slot: Slot = {
      onEvent: () => {},
      onBlocked: () => {},
      connection: new RunnerConnection(
        worker,
        (event) => slot.onEvent(event),
        () => slot.onBlocked(),
        () => {
          // The first worker is up: SQLite can come now without delaying it.
          this.frame?.loadSqlite();
          this.refill();
        },
      ),
    };
    return slot;
  }

  private receiveHost(host: RunnerConnection, event: RunnerEvent): void {
    if (host !== this.host) return;
    if (event.type === "files") {
      this.hostFiles = event.files;
      return;
    }
    this.emit(event);
  }

  private receiveCheck(requestId: number, event: RunnerEvent): void {
    const pending = this.checks.get(requestId);
    if (!pending) return;
    if (event.type === "check-observed") {
      const check = pending.checks[event.index];
      // Each check is judged once, from the first record of it: a second one changes nothing.
      if (check && pending.verdicts[event.index] === null) pending.verdicts[event.index] = judgeCheck(event.observations, check, pending.source);
    } else if (event.type === "checks-done") {
      this.checks.delete(requestId);
      pending.connection.terminate();
      void Promise.all(pending.verdicts.map((verdict, index) => verdict ?? notRun(pending.checks[index]!))).then((results) => pending.resolve({ results }));
    } else if (event.type === "fault") {
      this.emit(event);
    }
  }

  /**
   * The host stopped answering: it is ended and replaced, and the learner told where their program was.
   * Unless the whole frame died (its process ran out of memory): then frameLost tells them that instead.
   */
  private hostBlocked(host: RunnerConnection): void {
    if (host !== this.host) return;
    // Ended at once, so it takes no more of the machine while the frame is asked.
    host.terminate();
    void this.whenFrameAnswers(() => {
      if (host !== this.host) return;
      const message = blockedMessage(host);
      this.replaceHost();
      this.onBlocked?.(message, host.lastLine, false);
    });
  }

  /** A check's worker stopped answering: it is ended, and the Check says why it has no verdict (unless the frame died, see frameLost). */
  private checkBlocked(requestId: number): void {
    this.checks.get(requestId)?.connection.terminate();
    void this.whenFrameAnswers(() => {
      const pending = this.checks.get(requestId);
      if (!pending) return;
      this.checks.delete(requestId);
      pending.connection.terminate();
      pending.resolve({ stopped: blockedMessage(pending.connection), line: pending.connection.lastLine });
    });
  }

  /** Calls `then` once the frame answers a ping: a worker that fell silent in a frame that still answers is blocked, not dead. */
  private async whenFrameAnswers(then: () => void): Promise<void> {
    if (this.frame && !(await this.frame.answers())) return;
    then();
  }

  /**
   * The frame's process died: a program exhausted the memory the browser
   * allows it, and every worker in the frame went with it. The frame is
   * replaced, a Check in progress says why it has no verdict, and the
   * learner is told their program ran out of memory.
   */
  private frameLost(frame: RunnerFrame): void {
    if (frame !== this.frame || this.disposed) return;
    frame.dispose();
    this.frame = null;
    for (const spare of this.spares) spare.connection.terminate();
    this.spares = [];
    for (const pending of this.checks.values()) {
      pending.connection.terminate();
      pending.resolve({ stopped: outOfMemoryMessage(pending.connection), line: pending.connection.lastLine });
    }
    this.checks.clear();
    const host = this.host;
    if (!host) return;
    this.replaceHost();
    if (host.used) this.onBlocked?.(outOfMemoryMessage(host), host.lastLine, true);
  }

  private emit(event: RunnerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A check the runner never reported on fails: a verdict needs a record of its run. */
function notRun(check: Check): CheckResult {
  return { id: check.id, title: check.title, passed: false, detail: "This check did not run: the runner reported nothing about it.", hint: check.onFail };
}

function outOfMemoryMessage(connection: RunnerConnection): string {
  const line = connection.lastLine;
  const where = line === null ? "" : ` The last line of yours that was seen running is line ${line}.`;
  return (
    `Your program ran out of memory: it held more than the browser allows, and the browser ended the runner it ran in.${where} ` +
    "Something in it only grows (a list it keeps pushing onto, a Map it never deletes from, a string it keeps adding to?). " +
    "Keep only what you need: trim what only grows, or keep a bounded window of the latest items."
  );
}

function blockedMessage(connection: RunnerConnection): string {
  const line = connection.lastLine;
  const where = line === null ? "" : ` The last line of yours that was seen running is line ${line}.`;
  const { watchdog } = connection;
  const how =
    watchdog.expiredBy === "silence"
      ? `blocked the reactor: it stopped answering for more than ${SILENCE_BLOCKED_AFTER_MS / 1000} seconds, stuck inside a built-in ` +
        "(or in the browser's garbage collector, if it holds a great deal of memory)"
      : `blocked the reactor for more than ${watchdog.budgetMs / 1000} seconds`;
  return (
    `Your program ${how}, so it was stopped.${where} ` +
    "Some code ran without ever returning to the event loop (an endless loop, or a regular expression that backtracks without end?). " +
    "In an event-driven program, every callback must return quickly: nothing else (no other client, no timer) can run until it does."
  );
}
