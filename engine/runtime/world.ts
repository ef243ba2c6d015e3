/**
 * One simulated world: a reactor, its network, the learner's program and the
 * clients talking to it. Several worlds can exist (the terminal's and each
 * check's); whichever is running code has its reactor installed and its log
 * observer listening.
 */
import { discardUnhandledErrors } from "../twisted/internet/defer";
import { installReactor } from "../twisted/internet/reactor";
import { SimulatedReactor } from "../twisted/internet/simulated-reactor";
import * as log from "../twisted/python/log";
import { SimulatedClient, type ClientEvents } from "./client";
import { runProgram, type ProgramError } from "./program";

/** One line of output: what the program printed or what the reactor logged. */
export interface OutputLine {
  readonly stream: "stdout" | "stderr" | "log" | "error";
  readonly text: string;
  /** Virtual time, in seconds. */
  readonly time: number;
}

/** How a program's start went. */
export type StartOutcome =
  | { readonly status: "running" }
  | { readonly status: "exited"; readonly reason: string }
  | { readonly status: "error"; readonly error: ProgramError };

let current: World | null = null;
log.addObserver((event) => current?.emit(event.isError ? "error" : "log", event.text));

export class World {
  readonly reactor = new SimulatedReactor();
  readonly output: OutputLine[] = [];
  private readonly listeners = new Set<(line: OutputLine) => void>();

  /** Calls `listener` for every later line of output. */
  onOutput(listener: (line: OutputLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs the learner's program. Like a Python process, it is only "running"
   * afterwards if it called reactor.run(); otherwise it has exited.
   */
  start(source: string, file: string): StartOutcome {
    discardUnhandledErrors();
    return this.enter(() => {
      const error = runProgram(source, file, (text, stream) => this.emit(stream, text));
      if (error) {
        this.emit("error", formatProgramError(error));
        this.reactor.network.shutDown();
        return { status: "error", error } as const;
      }
      if (!this.reactor.hasStarted) {
        const reason = "The program ended without calling reactor.run(), so the reactor never started and nothing will answer.";
        this.emit("log", reason);
        this.reactor.network.shutDown();
        return { status: "exited", reason } as const;
      }
      this.reactor.runUntilIdle();
      return { status: "running" } as const;
    });
  }

  /** Opens a scripted client connection to `host:port`. */
  connect(host: string, port: number, events?: ClientEvents): SimulatedClient {
    return this.enter(() => new SimulatedClient(this.reactor, host, port, events));
  }

  /** Runs `f` with this world's reactor installed and its log observer active. */
  enter<T>(f: () => T): T {
    const previousWorld = current;
    const previousReactor = installReactor(this.reactor);
    current = this;
    try {
      return f();
    } finally {
      current = previousWorld;
      installReactor(previousReactor);
    }
  }

  /** Runs everything due now. */
  runUntilIdle(): boolean {
    return this.enter(() => this.reactor.runUntilIdle());
  }

  /** Runs events in time order up to `time`, stopping early once `until()` holds. */
  advanceTo(time: number, until?: () => boolean): void {
    this.enter(() => this.reactor.advanceTo(time, until));
  }

  /** @internal */
  emit(stream: OutputLine["stream"], text: string): void {
    const line = { stream, text, time: this.reactor.seconds() };
    this.output.push(line);
    for (const listener of this.listeners) listener(line);
  }
}

/** "line 3: NameError: ..." — the way the terminal and checks show a program error. */
export function formatProgramError(error: ProgramError): string {
  const where = error.location ? `${error.location.file}, line ${error.location.line}: ` : "";
  return `${where}${error.message}`;
}
