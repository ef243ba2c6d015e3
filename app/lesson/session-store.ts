/**
 * One lesson page's session with the runner: the program's state, the last
 * check results and the terminal's connections. React reads immutable
 * snapshots through useSyncExternalStore; nothing renders from the mutable
 * runner itself.
 */
import type { Check, CheckResult, ProgramSetup, RunnerEvent, StepKind } from "../../engine";
import { DebugStore } from "../debugger/debug-store";
import { OutputGate, outputShown } from "../debugger/output-gate";
import { RunnerClient } from "../runner/runner-client";
import { formatNetstat, formatPs, onLearnerHost } from "../terminal/inspect-format";
import type { CommandHandlers, ConnectionHandlers, ShellConnection, ShellHost } from "../terminal/shell";

export type RunState = "stopped" | "starting" | "running" | "exited" | "error" | "blocked" | "out-of-memory";

export interface LocatedError {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface SessionSnapshot {
  readonly runState: RunState;
  readonly virtualTime: number;
  readonly checking: boolean;
  readonly results: readonly CheckResult[] | null;
  /** The error that stopped the program, with its line when known. */
  readonly error: LocatedError | null;
  /** The TCP ports the running program listens on, as last seen. */
  readonly listening: readonly number[];
  /** What the program shows on the page's panel (pagesupport's page.show), or null. */
  readonly pageDisplay: string | null;
  /** A twistd the terminal started may still run (in the foreground, or as a daemon): Stop interrupts it. */
  readonly twistdInTerminal: boolean;
}

export type TerminalLine = {
  readonly stream: "stdout" | "stderr" | "log" | "error" | "note";
  readonly text: string;
  /** For the program's own output: the line's number in the run's output, from 0 (the debugger dims lines after its cursor by it). */
  readonly output?: number;
};

/** What Twisted's debug block in an "Unhandled error in Deferred" report means. */
const DEBUG_BLOCK_NOTE =
  "About the (debug: ...) block: the C: lines say where that Deferred was created, the I: lines where it was first fired " +
  "(callback or errback). Its Failure reached the end of the chain with no errback to handle it. Restart and step to watch its chain.";

/** Terminal lines kept for a terminal that has not loaded yet. */
const BACKLOG_LIMIT = 500;

const initial: SessionSnapshot = { runState: "stopped", virtualTime: 0, checking: false, results: null, error: null, listening: [], twistdInTerminal: false, pageDisplay: null };

export class LessonSession implements ShellHost {
  private snapshot: SessionSnapshot = initial;
  private readonly listeners = new Set<() => void>();
  private readonly terminalListeners = new Set<(line: TerminalLine) => void>();
  private readonly connections = new Map<number, ConnectionHandlers>();
  private readonly commands = new Map<number, CommandHandlers>();
  private readonly inspections = new Map<number, (event: Extract<RunnerEvent, { type: "inspected" }>) => void>();
  private nextConn = 1;
  private runner: RunnerClient | null = null;
  /** The step's files are on the current runner's host. */
  private seeded = false;
  /** The "(debug: C: ... I: ...)" block is explained once per run. */
  private debugBlockExplained = false;
  /** Terminal lines that arrived while no terminal listened, for the first one that does. */
  private backlog: TerminalLine[] = [];
  /** A live run started: once it settles, say what it listens on (if it still runs). */
  private announcing = false;
  /** The debugger: the run's recorded trace and the cursor over it. */
  readonly debug = new DebugStore((request) => this.ensureRunner().send(request));
  /** The run's output on its way to the terminal: while the debugger steps, only what happened up to its cursor. */
  private readonly output = new OutputGate<TerminalLine>(
    (line, index) => this.printOutput(line, index),
    (from) => {
      for (const listener of this.dimListeners) listener(from);
    },
  );
  private readonly dimListeners = new Set<(from: number | null) => void>();
  private currentSource: (() => string) | null = null;
  /** The twistd commands the terminal runs now, and whether one of them left a daemon behind (see watchTwistd). */
  private readonly foregroundTwistd = new Set<number>();
  private nextTwistd = 0;
  private twistdDaemonStarted = false;

  /**
   * @param files the step's files (step.md's `files:`), written on each
   *   runner's host before its first use: the terminal and every Run see them.
   * @param setup the step's other files and the command line that starts its
   *   program (`twistd -n finger --file=/etc/users`), for Run and the checks.
   */
  constructor(
    private readonly file: string,
    private readonly checks: Check[],
    private readonly files: Readonly<Record<string, string>> = {},
    private readonly setup: ProgramSetup = {},
  ) {
    this.debug.subscribe(() => this.showOutput());
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  static readonly initialSnapshot = (): SessionSnapshot => initial;

  /** Lines for the terminal: program output, reactor log, notes. */
  onTerminalLine(listener: (line: TerminalLine) => void): () => void {
    this.terminalListeners.add(listener);
    // Lines from a run started before the terminal had loaded (a quick Run on a slow phone).
    const backlog = this.backlog;
    this.backlog = [];
    for (const line of backlog) listener(line);
    return () => this.terminalListeners.delete(listener);
  }

  /** Which of the run's output lines (numbered as TerminalLine.output) the terminal should dim, from the debugger's cursor on; null: none. */
  onOutputDimmed(listener: (from: number | null) => void): () => void {
    this.dimListeners.add(listener);
    return () => this.dimListeners.delete(listener);
  }

  /** Starts the runner before it is needed: the first Run is then as quick as later ones. */
  warmUp(): void {
    this.ensureRunner().start();
  }

  /**
   * Runs the program in a fresh simulated world, ending the previous run and
   * its connections; or, when the debugger holds this same program paused,
   * lets it carry on live.
   */
  run(source: string): void {
    if (this.snapshot.runState === "running" && this.debug.canResume(source)) {
      this.note("Continuing live.");
      this.debug.resume();
      return;
    }
    this.start(source, "live");
  }

  /**
   * Runs the program again for stepping: the debugger starts at its first line
   * (the runner holds the run before the reactor's first event, and the
   * terminal shows its output only as the debugger's cursor reaches it).
   */
  restart(source: string): void {
    this.start(source, "paused");
  }

  /** Freezes the live run: virtual time stands still and the debugger shows its last step. */
  pause(): void {
    if (this.snapshot.runState !== "running") return;
    this.debug.pause();
  }

  /**
   * A debugger step over the recorded run (see DebugStore.step). With no
   * run to step through yet, a forward step restarts `source` paused.
   */
  step(kind: StepKind, source: string): void {
    const debug = this.debug.getSnapshot();
    if (!debug.recorded && (kind === "event" || kind === "line")) {
      this.restart(source);
      return;
    }
    this.debug.step(kind);
  }

  private start(source: string, mode: "live" | "paused"): void {
    this.dropConnections();
    this.announcing = false;
    this.debugBlockExplained = false;
    this.output.reset();
    // A Run starts a fresh world: the terminal's twistd and its daemons are gone with the old one.
    this.foregroundTwistd.clear();
    this.twistdDaemonStarted = false;
    this.update({ runState: "starting", error: null, virtualTime: 0, listening: [], twistdInTerminal: false, pageDisplay: null });
    this.note(mode === "live" ? `Running ${this.file}…` : `Running ${this.file}, paused at its first line…`);
    this.debug.runStarted(source, mode);
    const command = this.setup.command;
    this.ensureHost().send({ type: "run", source, file: this.file, mode, ...(command ? { command: [...command] } : {}) });
  }

  /**
   * Stops the program: its ports close and its connections end. A twistd
   * started from the terminal gets SIGINT, as Ctrl-C sends it (a daemon too,
   * as `kill -INT` would): it logs "Received SIGINT, shutting down." and
   * stops its services to the end.
   */
  stop(): void {
    if (this.snapshot.twistdInTerminal) {
      this.foregroundTwistd.clear();
      this.twistdDaemonStarted = false;
      this.ensureHost().send({ type: "signal-command", command: "twistd", signal: "INT" });
      this.update({ twistdInTerminal: false });
    }
    if (this.snapshot.runState !== "running") return;
    this.dropConnections();
    this.runner?.send({ type: "stop" });
    this.debug.runEnded();
    this.note("Program stopped.");
    this.update({ runState: "stopped", listening: [] });
  }

  /** Forgets the last run's error (the code it was about is gone, e.g. after Reset). */
  clearError(): void {
    if (this.snapshot.error) this.update({ error: null });
  }

  /** Runs the lesson's checks against `source`, each in a fresh simulation. */
  async check(source: string): Promise<void> {
    this.update({ checking: true });
    const outcome = await this.ensureRunner().check(source, this.file, this.checks, this.setup);
    if ("results" in outcome) {
      this.update({ checking: false, results: outcome.results });
      return;
    }
    // No verdict: the last one was about other code, and must not stay on screen as if it were this one's.
    this.emitLine({ stream: "error", text: `Check stopped. ${outcome.stopped}` });
    this.update({ checking: false, results: null });
  }

  connect(host: string, port: number, handlers: ConnectionHandlers): ShellConnection {
    const conn = this.nextConn++;
    // While a program starts, the connection waits for it: the runner takes requests in order, so it
    // reaches the new program once it is listening (or is refused if it never does).
    if (this.snapshot.runState !== "running" && this.snapshot.runState !== "starting") {
      queueMicrotask(() => {
        handlers.onRefused();
        this.note(this.snapshot.runState === "stopped" ? "(No program is running: press Run first.)" : "(The program is not running.)");
      });
      return { send: () => {}, halfClose: () => {}, close: () => {} };
    }
    this.connections.set(conn, handlers);
    this.ensureHost().send({ type: "connect", conn, host, port });
    return {
      send: (data) => this.runner?.send({ type: "send", conn, data }),
      halfClose: () => this.runner?.send({ type: "half-close", conn }),
      close: () => {
        this.connections.delete(conn);
        this.runner?.send({ type: "close", conn });
      },
    };
  }

  /** Where to read the editor's text: `twistd -y FILE` in the terminal runs what the editor shows. */
  readSourceFrom(source: () => string): void {
    this.currentSource = source;
  }

  exec(argv: string[], given: CommandHandlers): { interrupt(): void } {
    const handlers = argv[0] === "twistd" ? this.watchTwistd(argv, given) : given;
    // twistd reads the learner's file from the simulated disk, as a saved file: write the editor's text there first.
    if (argv[0] === "twistd" && this.currentSource !== null) {
      this.writeFile(`/${this.file}`, this.currentSource(), false, { onOutput: (text) => handlers.onOutput(text, "stderr"), onExit: () => {} });
    }
    const id = this.nextConn++;
    this.commands.set(id, handlers);
    this.ensureHost().send({ type: "exec", id, argv });
    return { interrupt: () => this.runner?.send({ type: "exec-signal", id, signal: "INT" }) };
  }

  /** Keeps track of a twistd the terminal runs, for the Stop button: in the foreground until it ends, a daemon once it has started. */
  private watchTwistd(argv: string[], handlers: CommandHandlers): CommandHandlers {
    const id = this.nextTwistd++;
    this.foregroundTwistd.add(id);
    this.update({ twistdInTerminal: true });
    const foreground = argv.some((arg) => arg === "--nodaemon" || /^-[a-zA-Z]*n[a-zA-Z]*$/.test(arg));
    return {
      ...handlers,
      onExit: (code) => {
        // Stop may have interrupted it already: only a twistd still counted can have left a daemon behind.
        if (this.foregroundTwistd.delete(id) && code === 0 && !foreground && !argv.some((arg) => /^--?(help|version)$/.test(arg))) this.twistdDaemonStarted = true;
        this.update({ twistdInTerminal: this.foregroundTwistd.size > 0 || this.twistdDaemonStarted });
        handlers.onExit(code);
      },
    };
  }

  writeFile(path: string, content: string, append: boolean, handlers: CommandHandlers): void {
    const id = this.nextConn++;
    this.commands.set(id, handlers);
    this.ensureHost().send({ type: "write-file", id, path, content, append });
  }

  inspect(what: "netstat" | "ps"): Promise<string[]> {
    const id = this.nextConn++;
    return new Promise((resolve) => {
      this.inspections.set(id, (event) =>
        resolve(what === "netstat" ? formatNetstat(event) : formatPs(event.processes, this.snapshot.runState === "running" ? this.file : null)),
      );
      this.ensureHost().send({ type: "inspect", id, what });
    });
  }

  /** Tells the learner what the running program listens on, and what to try. */
  private async announceListening(): Promise<void> {
    const id = this.nextConn++;
    const event = await new Promise<Extract<RunnerEvent, { type: "inspected" }>>((resolve) => {
      this.inspections.set(id, resolve);
      this.ensureRunner().send({ type: "inspect", id, what: "netstat" });
    });
    if (this.snapshot.runState !== "running") return;
    const ports = [...new Set(onLearnerHost(event.ports).filter((port) => port.transport === "TCP").map((port) => port.port))];
    this.update({ listening: ports });
    if (ports.length === 0) {
      this.note("The reactor is running. The program listens on no port, so there is nothing to connect to.");
      return;
    }
    const list = ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.slice(0, -1).join(", ")} and ${ports.at(-1)}`;
    this.note(`The reactor is running, listening on ${list}. Try: nc localhost ${ports[0]}`);
  }

  /**
   * The page's panel was used: its button pressed (`click`) or its input
   * changed (`input`). The running program's handlers get `text`.
   * @returns false when no program is running to get it.
   */
  uiEvent(kind: "click" | "input", text: string): boolean {
    if (this.snapshot.runState !== "running") {
      if (kind === "click") this.note("(No program is running: press Run first.)");
      return false;
    }
    this.ensureRunner().send({ type: "ui-event", kind, text });
    return true;
  }

  /** Sends the running program a signal, as `kill` does. */
  signal(name: "SIGTERM" | "SIGINT"): boolean {
    if (this.snapshot.runState !== "running") return false;
    this.ensureRunner().send({ type: "signal", signal: name });
    return true;
  }

  describeProgram(): string {
    const { runState, virtualTime } = this.snapshot;
    const descriptions: Record<RunState, string> = {
      stopped: "No program is running. Press Run (Ctrl+Enter) to start it.",
      starting: "The program is starting.",
      running: `${this.file} is running; the reactor's clock reads ${virtualTime.toFixed(1)} s.`,
      exited: `${this.file} ended without starting the reactor.`,
      error: `${this.file} stopped with an error.`,
      blocked: `${this.file} blocked the reactor and was stopped.`,
      "out-of-memory": `${this.file} ran out of memory and was stopped.`,
    };
    return descriptions[runState];
  }

  dispose(): void {
    this.debug.dispose();
    this.runner?.dispose();
    this.runner = null;
  }

  /**
   * The runner, with the step's files on its host. They are written before
   * the first request that uses the host (not when the runner starts: a
   * request before the worker's idle warm-up would cancel the warm-up).
   */
  private ensureHost(): RunnerClient {
    const runner = this.ensureRunner();
    if (this.seeded) return runner;
    this.seeded = true;
    for (const [path, content] of Object.entries(this.files)) {
      const id = this.nextConn++;
      this.commands.set(id, {
        onOutput: (text) => this.emitLine({ stream: "error", text: `Could not set up ${path}: ${text.trim()}` }),
        onExit: () => {},
      });
      runner.send({ type: "write-file", id, path, content, append: false });
    }
    return runner;
  }

  private ensureRunner(): RunnerClient {
    if (this.runner) return this.runner;
    const runner = new RunnerClient();
    runner.subscribe((event) => this.receive(event));
    runner.onBlocked = (message, line, outOfMemory) => {
      this.dropConnections();
      this.debug.runEnded();
      this.emitLine({ stream: "error", text: message });
      this.update({ runState: outOfMemory ? "out-of-memory" : "blocked", checking: false, error: line === null ? { message } : { message, line } });
    };
    this.runner = runner;
    this.seeded = false;
    return runner;
  }

  private receive(event: RunnerEvent): void {
    switch (event.type) {
      case "output":
        this.output.add({ stream: event.stream, text: event.text });
        break;
      case "started":
        this.debug.receiveStarted();
        this.update({
          runState: event.status === "running" ? "running" : event.status,
          error: event.error ?? null,
        });
        if (event.status === "running") {
          if (this.debug.getSnapshot().paused) this.note("Paused at its first line. Step line (F9) or Step (F10) to go on: its output appears here as you step. Run carries on live.");
          // Said on the next idle, when the program has settled: it may have stopped already, or listen on no port.
          else this.announcing = true;
        }
        break;
      case "trace-rows":
      case "trace": {
        const wasFull = this.debug.full;
        if (event.type === "trace-rows") this.debug.receiveTraceRows(event.rows);
        else this.debug.receiveTrace(event.events);
        // Said when it happens, not when the learner happens to step onto the last event.
        if (!wasFull && this.debug.full) {
          this.note(
            `The debugger's recording is full (${this.debug.events.length.toLocaleString("en-US")} steps): ` +
              "it shows the run up to there, and the program goes on unrecorded.",
          );
        }
        break;
      }
      case "debug-state":
        this.debug.receiveDebugState(event.paused, event.canStep);
        break;
      case "blocked":
        this.dropConnections();
        this.debug.runEnded();
        this.update({ runState: event.outOfMemory ? "out-of-memory" : "blocked", error: { message: event.message, line: event.line } });
        break;
      case "connected":
        this.connections.get(event.conn)?.onConnected();
        break;
      case "data":
        this.connections.get(event.conn)?.onData(event.data);
        break;
      case "closed":
        this.connections.get(event.conn)?.onClosed(event.clean);
        this.connections.delete(event.conn);
        break;
      case "refused":
        this.connections.get(event.conn)?.onRefused();
        this.connections.delete(event.conn);
        break;
      case "idle":
        if (this.snapshot.runState === "running" && !event.reactorRunning) {
          this.announcing = false;
          this.update({ runState: "stopped", virtualTime: event.time, listening: [] });
        } else if (event.time !== this.snapshot.virtualTime) {
          this.update({ virtualTime: event.time });
        }
        if (this.announcing && this.snapshot.runState === "running") {
          this.announcing = false;
          void this.announceListening();
        }
        this.debug.receiveIdle();
        break;
      case "exec-output":
        this.commands.get(event.id)?.onOutput(event.text, event.stream);
        break;
      case "exec-exit":
        this.commands.get(event.id)?.onExit(event.code);
        this.commands.delete(event.id);
        break;
      case "inspected":
        this.inspections.get(event.id)?.(event);
        this.inspections.delete(event.id);
        break;
      case "fault":
        this.emitLine({ stream: "error", text: event.message });
        break;
      case "page-display":
        this.update({ pageDisplay: event.text });
        break;
      case "ready":
      case "check-observed":
      case "checks-done":
        break;
    }
  }

  private dropConnections(): void {
    for (const handlers of this.connections.values()) handlers.onClosed(false);
    this.connections.clear();
    for (const handlers of this.commands.values()) handlers.onExit(null);
    this.commands.clear();
  }

  /** Prints line `index` of the run's output, once the debugger's cursor has reached it. */
  private printOutput(line: TerminalLine, index: number): void {
    this.emitLine({ ...line, output: index });
    if (!this.debugBlockExplained && line.text.includes("(debug:")) {
      this.debugBlockExplained = true;
      this.note(DEBUG_BLOCK_NOTE);
    }
  }

  /** Shows the terminal the output up to the debugger's cursor (all of it once the run is followed live or has ended). */
  private showOutput(): void {
    const running = this.snapshot.runState === "running" || this.snapshot.runState === "starting";
    this.output.show(outputShown(this.debug.getSnapshot(), running));
  }

  private note(text: string): void {
    this.emitLine({ stream: "note", text });
  }

  private emitLine(line: TerminalLine): void {
    if (this.terminalListeners.size === 0) {
      if (this.backlog.length < BACKLOG_LIMIT) this.backlog.push(line);
      return;
    }
    for (const listener of this.terminalListeners) listener(line);
  }

  private update(change: Partial<SessionSnapshot>): void {
    const runState = this.snapshot.runState;
    this.snapshot = { ...this.snapshot, ...change };
    if (this.snapshot.runState !== runState) this.showOutput();
    for (const listener of this.listeners) listener();
  }
}
