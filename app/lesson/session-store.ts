/**
 * One lesson page's session with the runner: the program's state, the last
 * check results and the terminal's connections (their bookkeeping in
 * shell-channels.ts, the lines it prints in terminal-feed.ts). React reads immutable
 * snapshots through useSyncExternalStore; nothing renders from the mutable
 * runner itself.
 */
import type { Check, ProgramSetup, RunnerEvent, StepKind } from "../../engine";
import { DebugStore } from "../debugger/debug-store";
import { outputShown } from "../debugger/output-gate";
import { RunnerClient } from "../runner/runner-client";
import { formatNetstat, formatPs } from "../terminal/inspect-format";
import type { CommandHandlers, ConnectionHandlers, ShellConnection, ShellHost } from "../terminal/shell";
import { PAUSED_NOTE, describeRunState, listeningNote, recordingFullNote } from "./session-notes";
import { INITIAL_SNAPSHOT, type SessionSnapshot, type TerminalLine } from "./session-snapshot";
import { ShellChannels, type Inspected } from "./shell-channels";
import { TerminalFeed } from "./terminal-feed";
import { TwistdInTerminal } from "./twistd-in-terminal";

export type { LocatedError, RunState, SessionSnapshot, TerminalLine } from "./session-snapshot";

export class LessonSession implements ShellHost {
  private snapshot: SessionSnapshot = INITIAL_SNAPSHOT;
  private readonly listeners = new Set<() => void>();
  private readonly terminal = new TerminalFeed();
  private readonly channels = new ShellChannels();
  private runner: RunnerClient | null = null;
  /** The step's files are on the current runner's host. */
  private seeded = false;
  /** A live run started: once it settles, say what it listens on (if it still runs). */
  private announcing = false;
  /** The debugger: the run's recorded trace and the cursor over it. */
  readonly debug = new DebugStore((request) => this.ensureRunner().send(request));
  private currentSource: (() => string) | null = null;
  /** The twistd commands the terminal runs now, and whether one of them left a daemon behind. */
  private readonly twistd = new TwistdInTerminal((running) => this.update({ twistdInTerminal: running }));

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

  static readonly initialSnapshot = (): SessionSnapshot => INITIAL_SNAPSHOT;

  /** Lines for the terminal: program output, reactor log, notes. */
  onTerminalLine(listener: (line: TerminalLine) => void): () => void {
    // Lines from a run started before the terminal had loaded (a quick Run on a slow phone) come first.
    return this.terminal.listen(listener);
  }

  /** Which of the run's output lines (numbered as TerminalLine.output) the terminal should dim, from the debugger's cursor on; null: none. */
  onOutputDimmed(listener: (from: number | null) => void): () => void {
    return this.terminal.listenDimmed(listener);
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
    this.terminal.runStarted();
    // A Run starts a fresh world: the terminal's twistd and its daemons are gone with the old one.
    this.twistd.forget();
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
      this.twistd.forget();
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
    const conn = this.channels.newId();
    // While a program starts, the connection waits for it: the runner takes requests in order, so it
    // reaches the new program once it is listening (or is refused if it never does).
    if (this.snapshot.runState !== "running" && this.snapshot.runState !== "starting") {
      queueMicrotask(() => {
        handlers.onRefused();
        this.note(this.snapshot.runState === "stopped" ? "(No program is running: press Run first.)" : "(The program is not running.)");
      });
      return { send: () => {}, halfClose: () => {}, close: () => {} };
    }
    this.channels.openConnection(conn, handlers);
    this.ensureHost().send({ type: "connect", conn, host, port });
    return {
      send: (data) => this.runner?.send({ type: "send", conn, data }),
      halfClose: () => this.runner?.send({ type: "half-close", conn }),
      close: () => {
        this.channels.forgetConnection(conn);
        this.runner?.send({ type: "close", conn });
      },
    };
  }

  /** Where to read the editor's text: `twistd -y FILE` in the terminal runs what the editor shows. */
  readSourceFrom(source: () => string): void {
    this.currentSource = source;
  }

  exec(argv: string[], given: CommandHandlers): { interrupt(): void } {
    const handlers = argv[0] === "twistd" ? this.twistd.watch(argv, given) : given;
    // twistd reads the learner's file from the simulated disk, as a saved file: write the editor's text there first.
    if (argv[0] === "twistd" && this.currentSource !== null) {
      this.writeFile(`/${this.file}`, this.currentSource(), false, { onOutput: (text) => handlers.onOutput(text, "stderr"), onExit: () => {} });
    }
    const id = this.channels.addCommand(handlers);
    this.ensureHost().send({ type: "exec", id, argv });
    return { interrupt: () => this.runner?.send({ type: "exec-signal", id, signal: "INT" }) };
  }

  writeFile(path: string, content: string, append: boolean, handlers: CommandHandlers): void {
    const id = this.channels.addCommand(handlers);
    this.ensureHost().send({ type: "write-file", id, path, content, append });
  }

  inspect(what: "netstat" | "ps"): Promise<string[]> {
    return new Promise((resolve) => {
      const id = this.channels.addInspection((event) =>
        resolve(what === "netstat" ? formatNetstat(event) : formatPs(event.processes, this.snapshot.runState === "running" ? this.file : null)),
      );
      this.ensureHost().send({ type: "inspect", id, what });
    });
  }

  /** Tells the learner what the running program listens on, and what to try. */
  private async announceListening(): Promise<void> {
    const event = await new Promise<Inspected>((resolve) => {
      const id = this.channels.addInspection(resolve);
      this.ensureRunner().send({ type: "inspect", id, what: "netstat" });
    });
    if (this.snapshot.runState !== "running") return;
    const ports = [...new Set(event.ports.filter((port) => port.transport === "TCP").map((port) => port.port))];
    this.update({ listening: ports });
    this.note(listeningNote(ports));
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
    return describeRunState(this.snapshot.runState, this.file, this.snapshot.virtualTime);
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
      const id = this.channels.addCommand({
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
        this.terminal.addOutput({ stream: event.stream, text: event.text });
        break;
      case "started":
        this.debug.receiveStarted();
        this.update({
          runState: event.status === "running" ? "running" : event.status,
          error: event.error ?? null,
        });
        if (event.status === "running") {
          if (this.debug.getSnapshot().paused) this.note(PAUSED_NOTE);
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
        if (!wasFull && this.debug.full) this.note(recordingFullNote(this.debug.events.length));
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
      case "data":
      case "closed":
      case "refused":
      case "exec-output":
      case "exec-exit":
      case "inspected":
        this.channels.route(event);
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
    this.channels.dropAll();
  }

  /** Shows the terminal the output up to the debugger's cursor (all of it once the run is followed live or has ended). */
  private showOutput(): void {
    const running = this.snapshot.runState === "running" || this.snapshot.runState === "starting";
    this.terminal.showOutput(outputShown(this.debug.getSnapshot(), running));
  }

  private note(text: string): void {
    this.emitLine({ stream: "note", text });
  }

  private emitLine(line: TerminalLine): void {
    this.terminal.emit(line);
  }

  private update(change: Partial<SessionSnapshot>): void {
    const runState = this.snapshot.runState;
    this.snapshot = { ...this.snapshot, ...change };
    if (this.snapshot.runState !== runState) this.showOutput();
    for (const listener of this.listeners) listener();
  }
}
