/// <reference lib="webworker" />
/**
 * The runner: a Web Worker that holds the engine. It keeps one simulated
 * world (the learner's host, its files and network), runs the learner's
 * program in it, and drives the virtual clock in step with real time, so a
 * callLater(2, ...) visibly takes two seconds in the terminal.
 *
 * A runner serves one Run (or one Check) and is then thrown away: the page
 * starts a fresh one, warmed up in advance, for the next (see runner-client.ts),
 * so nothing a program did to its realm outlives its run. It lives in a
 * sandboxed frame with no network (see runner-frame.ts), and talks to the
 * page on a private port (see lockdown.ts).
 */
import { hardenBuiltIns } from "./harden";
import { lockDown } from "./lockdown";
import { meterAllocations } from "./memory-ceiling";
import { ConnectionDataBudget, OutputBudget } from "./output-budget";
import { warmUp } from "./warm-up";
import {
  loadSqlite,
  mayUseSqlite,
  sqliteLoaded,
  RunnerRequestSchema,
  SimulatedDriver,
  World,
  checkSetup,
  observeCheck,
  type Check,
  type CommandHandle,
  type ProgramSetup,
  type RunnerEvent,
  type RunnerRequest,
  type SimulatedClient,
} from "../../engine";

declare const self: DedicatedWorkerGlobalScope;

// A Promise the program rejected with nothing to catch it reaches the terminal, with its line, not only the console.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  world.reportUnhandledRejection(event.reason);
});

/**
 * SQLite's WebAssembly module, compiled by the frame (see runner-frame.ts): undefined until the frame sends
 * it, null when it could not be had.
 */
let sqliteModule: WebAssembly.Module | null | undefined;
/** Set once loading SQLite failed: programs then run without it (opening a database fails with a clear error). */
let sqliteFailed = false;
/**
 * Requests held while SQLite loads for the first that may open a database: they are handled, in order, once
 * it has. A program opens its database synchronously, as Python's sqlite3 does, so it must be loaded before
 * the program starts; a program that never names it does not wait for it (see mayUseSqlite).
 */
let waitingForSqlite: unknown[] | null = null;
const instantiate = WebAssembly.instantiate;

/** The frame's later messages: SQLite's module, once compiled. */
function receiveFromFrame(data: unknown): void {
  const message = data as { type?: unknown; sqlite?: unknown } | null;
  if (message?.type !== "sqlite" || sqliteModule !== undefined) return;
  sqliteModule = message.sqlite instanceof WebAssembly.Module ? message.sqlite : null;
  if (waitingForSqlite) loadWaitingSqlite();
}

/** Whether `request` may start a program that opens a database while SQLite is not loaded. */
function waitsForSqlite(request: RunnerRequest): boolean {
  if (sqliteFailed || sqliteLoaded()) return false;
  const hostFiles = () => Object.values(world.fileSnapshot());
  switch (request.type) {
    case "run":
      return mayUseSqlite([request.source, ...hostFiles()]);
    case "check":
      // A check's steps may write a program onto the host and run it.
      return mayUseSqlite([request.source, ...Object.values(request.files ?? {}), JSON.stringify(request.checks)]);
    case "exec":
      return mayUseSqlite(hostFiles());
    default:
      return false;
  }
}

/** Loads SQLite once its module is here, then handles the requests held for it. */
function loadWaitingSqlite(): void {
  if (sqliteModule === undefined) return;
  const handleWaiting = () => {
    const waiting = waitingForSqlite ?? [];
    waitingForSqlite = null;
    for (const data of waiting) receive(data);
  };
  const failed = (error: unknown) => {
    sqliteFailed = true;
    post({ type: "fault", message: `SQLite could not load: ${error instanceof Error ? error.message : String(error)}` });
    handleWaiting();
  };
  const module = sqliteModule;
  if (!module) {
    failed(new Error("its WebAssembly module could not be fetched or compiled"));
    return;
  }
  loadSqlite({
    instantiateWasm: (imports, done) => {
      void instantiate(module, imports).then(done);
      return {};
    },
  }).then(handleWaiting, failed);
}

// From here on, learner code cannot reach the network, storage, the page or the browser's timers;
// the runner keeps its own copies (a program that replaces performance.now cannot blind the block guard).
const privileges = lockDown(self, receive, receiveFromFrame);
// What it holds in large arrays and buffers is counted; past the ceiling, the program is stopped (see memory-ceiling.ts).
meterAllocations(self as unknown as typeof globalThis, () => world.exceedMemory());
// And it cannot patch the built-ins the engine and the checks' judge use (see harden.ts).
hardenBuiltIns(self as unknown as typeof globalThis);
const setTimeout = privileges.setTimeout;
const clearTimeout = privileges.clearTimeout;

/** Real time for the block guard; the engine itself never reads a clock. */
const wallClock = privileges.now;
/** Between runs the world has no program, but its host keeps the learner's files. */
let world = new World({ wallClock });
let programRunning = false;
let clients = new Map<number, SimulatedClient>();
let commands = new Map<number, CommandHandle>();
let wakeUp: number | null = null;
let sync = { wall: wallClock(), virtual: 0 };
let blockedReported = false;
/** True while the debugger holds the run: virtual time stands still until a step or resume. */
let paused = false;
/** How many of the world's trace events the page already has. */
let traceSent = 0;
/**
 * Whether this run's "started" went to the page. The page takes a run's
 * trace only after it (rows before it may be a replaced run's, still in
 * flight), so a heartbeat during the program's top level must not send any.
 */
let startedPosted = false;
/** Trace events kept per run; the last one says the limit was reached. */
const TRACE_LIMIT = 100_000;

/** Set by the first request: from then on the page is using the runner, and it is too late to warm up. */
let requested = false;
/** The version of the host's files the page last heard about (see World.fileVersion). */
let filesSent = world.fileVersion();

function post(event: RunnerEvent): void {
  privileges.post(event);
}

function flushTrace(): void {
  const length = world.traceLength;
  const rows = length > traceSent ? world.traceRows(traceSent) : null;
  if (rows) {
    post({ type: "trace-rows", rows });
    traceSent = length;
  }
}

/** Tells the page the host's files when they changed, so the runner after this one starts with them. */
function postFiles(): void {
  const version = world.fileVersion();
  if (version === filesSent) return;
  filesSent = version;
  post({ type: "files", files: world.fileSnapshot() });
}

function postIdle(): void {
  if (world.blocked && !blockedReported) post({ type: "halted" });
  flushTrace();
  postFiles();
  if (world.blocked && !blockedReported) {
    blockedReported = true;
    post({ type: "blocked", message: world.blocked.message, line: world.blocked.line, outOfMemory: world.blocked.outOfMemory });
  }
  post({ type: "idle", time: world.seconds(), reactorRunning: programRunning && world.reactorRunning });
  scheduleLateBlockCheck();
}

let lateBlockCheck = false;

/**
 * After the microtasks of a batch have run, looks whether one of them tripped
 * the block guard (`for (;;) await null` runs outside every call of the world):
 * the page is told at once, not at the next request.
 */
function scheduleLateBlockCheck(): void {
  if (lateBlockCheck || blockedReported) return;
  lateBlockCheck = true;
  setTimeout(() => {
    lateBlockCheck = false;
    if (!blockedReported && world.noticeLateBlock()) postIdle();
  }, 0);
}

function receive(data: unknown): void {
  requested = true;
  if (waitingForSqlite) {
    waitingForSqlite.push(data);
    return;
  }
  const parsed = RunnerRequestSchema.safeParse(data);
  if (!parsed.success) {
    post({ type: "fault", message: `The runner got a malformed request: ${parsed.error.issues[0]?.message}` });
    return;
  }
  const request = parsed.data;
  if (waitsForSqlite(request)) {
    waitingForSqlite = [data];
    loadWaitingSqlite();
    return;
  }
  if (request.type === "check") {
    void observeChecks(request);
    return;
  }
  if (request.type === "run") startRun(request.source, request.file, request.mode, request.command);
  else if (request.type === "stop") freshWorld();
  else if (request.type === "load-files") freshWorld(request.files);
  else if (request.type === "debug") debug(request.action);
  else {
    if (!paused) catchUp();
    handle(request);
    if (!paused) world.runUntilIdle();
  }
  scheduleWakeUp();
  postIdle();
}

/**
 * Runs each check in a fresh simulation and streams what it observed to the
 * page, which judges it: no verdict is made here, beside learner code.
 */
async function observeChecks(request: {
  requestId: number;
  source: string;
  file: string;
  checks: readonly Check[];
  files: Readonly<Record<string, string>>;
  command?: readonly string[] | undefined;
}): Promise<void> {
  const { requestId, source, file } = request;
  const setup: ProgramSetup = { files: request.files, ...(request.command ? { command: request.command } : {}) };
  for (const [index, check] of request.checks.entries()) {
    const observations = await observeCheck(new SimulatedDriver(source, file, checkSetup(setup, check)), check);
    post({ type: "check-observed", requestId, index, observations });
  }
  post({ type: "checks-done", requestId });
  postIdle();
}

function debug(action: "pause" | "resume" | "step"): void {
  if (action === "pause") {
    if (!paused) catchUp();
    paused = true;
  } else if (action === "resume") {
    paused = false;
    sync = { wall: wallClock(), virtual: world.seconds() };
    world.runUntilIdle();
  } else {
    paused = true;
    world.stepNext();
  }
  postDebugState();
}

function postDebugState(): void {
  post({ type: "debug-state", paused, canStep: !world.blocked && world.nextEventTime() !== null });
}

function handle(request: Exclude<RunnerRequest, { type: "run" | "stop" | "check" | "debug" | "load-files" }>): void {
  switch (request.type) {
    case "connect": {
      const conn = request.conn;
      world.recordInput("connect", `${request.host}:${request.port}`);
      // A program that sends megabytes is cut before they are copied to the page (see output-budget.ts).
      const shown = new ConnectionDataBudget();
      clients.set(
        conn,
        world.connect(request.host, request.port, {
          onConnected: () => post({ type: "connected", conn }),
          onData: (data) => {
            const admitted = shown.admit(data);
            if (!admitted) return;
            post({ type: "data", conn, data: admitted.text });
            if (admitted.note) post({ type: "output", stream: "error", text: admitted.note, time: world.seconds() });
          },
          onClosed: (clean) => post({ type: "closed", conn, clean }),
          onRefused: () => post({ type: "refused", conn }),
        }),
      );
      return;
    }
    case "send":
      world.recordInput("send", request.data);
      world.enter(() => clients.get(request.conn)?.send(request.data));
      return;
    case "close":
      world.recordInput("close", `connection ${request.conn}`);
      world.enter(() => clients.get(request.conn)?.close());
      return;
    case "half-close":
      // The trace has no kind of its own for a half-close: it is a close of one direction.
      world.recordInput("close", `sending half of connection ${request.conn}`);
      world.enter(() => clients.get(request.conn)?.halfClose());
      return;
    case "exec": {
      const id = request.id;
      world.recordInput("exec", request.argv.join(" "));
      const handle = world.exec(request.argv, {
        onStdout: (text) => post({ type: "exec-output", id, stream: "stdout", text }),
        onStderr: (text) => post({ type: "exec-output", id, stream: "stderr", text }),
        onExit: (code) => {
          commands.delete(id);
          post({ type: "exec-exit", id, code });
        },
      });
      if (!handle.ended) commands.set(id, handle);
      return;
    }
    case "exec-signal":
      world.enter(() => commands.get(request.id)?.kill(request.signal));
      return;
    case "signal":
      world.signal(request.signal);
      return;
    case "signal-command":
      world.signalCommands(request.command, request.signal);
      return;
    case "ui-event":
      // The page's panel is a foreign event loop: its event becomes a reactor event, on the clock that follows wall time.
      world.uiEvent(request.kind, request.text);
      return;
    case "write-file":
      try {
        if (request.append) world.appendFile(request.path, request.content);
        else world.writeFile(request.path, request.content);
        post({ type: "exec-exit", id: request.id, code: 0 });
      } catch (error) {
        post({ type: "exec-output", id: request.id, stream: "stderr", text: `${(error as Error).message}\n` });
        post({ type: "exec-exit", id: request.id, code: 1 });
      }
      return;
    case "inspect":
      post({
        type: "inspected",
        id: request.id,
        ...world.netstat(),
        processes: world.processes(),
      });
      return;
  }
}

/** A new world with the same files (or `files`): the learner's edits to /etc/users outlive a run. */
function freshWorld(files: Record<string, string> = world.fileSnapshot()): World {
  // Nothing of the last run may outlive it: a callback it left behind stops at its first line.
  world.retire();
  world = new World({ files, wallClock, record: { limit: TRACE_LIMIT } });
  filesSent = world.fileVersion();
  // Where the program is, for the page's watchdog: should native code hold this thread, the page names the line.
  world.onLineChange((line) => post({ type: "ran", line }));
  // And that it is still in code the guard can stop: should the beats stop, the page ends the worker at once.
  // The trace goes with each beat, so the page decodes a long callback's steps while it runs: a hang's message
  // does not wait behind its whole trace (100,000 steps took the page a second at once).
  world.onHeartbeat(() => {
    post({ type: "alive" });
    if (startedPosted) flushTrace();
  });
  blockedReported = false;
  traceSent = 0;
  startedPosted = false;
  programRunning = false;
  clients = new Map();
  commands = new Map();
  sync = { wall: wallClock(), virtual: 0 };
  return world;
}

function startRun(source: string, file: string, mode: "live" | "paused", command?: readonly string[]): void {
  const fresh = freshWorld();
  // A command line runs live: the debugger steps through a program file of its own.
  paused = mode === "paused" && !command;
  // A flood of output is cut here, before it is copied to the page (see output-budget.ts).
  const budget = new OutputBudget();
  fresh.onOutput((line) => {
    const admitted = budget.admit(line.text, line.fullLength);
    if (!admitted) return;
    post({ type: "output", stream: line.stream, text: admitted.text, time: line.time });
    if (admitted.note) post({ type: "output", stream: "error", text: admitted.note, time: line.time });
  });
  fresh.onPageShow((text) => post({ type: "page-display", text: text.length > 1_000 ? `${text.slice(0, 1_000)}…` : text }));
  const outcome = command ? fresh.startCommand(command, source, file) : paused ? fresh.startPaused(source, file) : fresh.start(source, file);
  programRunning = outcome.status === "running";
  if (outcome.status === "error" || outcome.status === "blocked") {
    const { message, location } = outcome.error;
    post({ type: "started", status: outcome.status, error: { message, line: location?.line, column: location?.column } });
    blockedReported = outcome.status === "blocked";
  } else {
    post({ type: "started", status: outcome.status });
  }
  startedPosted = true;
  postDebugState();
}

/** Moves virtual time forward by the real time that passed since the last sync. */
function catchUp(): void {
  const target = sync.virtual + (wallClock() - sync.wall) / 1000;
  if (target > world.seconds()) world.advanceTo(target);
  sync = { wall: wallClock(), virtual: world.seconds() };
}

function scheduleWakeUp(): void {
  if (wakeUp !== null) clearTimeout(wakeUp);
  wakeUp = null;
  if (paused) return;
  const next = world.nextEventTime();
  if (next === null) return;
  const current = world;
  const delayMs = Math.max(0, (next - current.seconds()) * 1000);
  wakeUp = setTimeout(() => {
    wakeUp = null;
    if (world !== current) return;
    // Work nobody asked for: the page times it, as it times a request.
    post({ type: "busy" });
    catchUp();
    current.advanceTo(Math.max(next, current.seconds()));
    sync = { wall: wallClock(), virtual: current.seconds() };
    postIdle();
    scheduleWakeUp();
  }, delayMs);
}

post({ type: "ready" });
// While the learner reads, compile the compiler and the engine (see warm-up.ts), unless a request came first.
setTimeout(() => {
  if (!requested) warmUp(wallClock);
}, 0);
