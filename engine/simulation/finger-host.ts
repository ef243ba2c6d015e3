/**
 * A scripted finger daemon for simulated hosts: the upstream server that a
 * finger client or proxy talks to. It keeps what each connection sent, and
 * once a line has arrived it answers with a fixed reply (in one write or in
 * several, with pauses between them) and closes, as a finger server does.
 * It is scenery for checks, not twisted code learners write.
 */
import { Protocol, ServerFactory } from "../twisted/internet/protocol";
import type { SimulatedHost } from "./simulated-host";
import type { SimulatedPort } from "./tcp-simulated";

/** How a scripted finger daemon answers every query. */
export interface FingerScript {
  /**
   * The reply's pieces, written in order, then the connection closes; or
   * the pieces for the user asked about (the query's line without its ending).
   */
  readonly segments: readonly string[] | ((user: string) => readonly string[]);
  /** Seconds between two pieces. */
  readonly gap?: number;
  /** Seconds between the query's line ending and the first piece. */
  readonly delay?: number;
}

/** A running scripted finger daemon. */
export interface FingerDaemon {
  readonly port: number;
  /** What each connection sent, one entry per connection, oldest first. */
  readonly requests: readonly string[];
  /** Replaces the script for later queries, listening again if it was stopped. */
  serve(script: FingerScript): void;
  /** Stops listening: connections are then refused. What it was sent stays in `requests`. */
  stop(): void;
}

const daemons = new WeakMap<SimulatedHost, Map<number, FingerDaemon>>();

/**
 * Starts (or updates) the scripted finger daemon on `host`:`port` (79 by
 * default). Its port stays out of the program's log even on the learner's
 * own host, where the program's ports are logged.
 * @throws CannotListenError if something else listens on that port.
 */
export function serveFinger(host: SimulatedHost, script: FingerScript, port = 79): FingerDaemon {
  let byPort = daemons.get(host);
  if (!byPort) daemons.set(host, (byPort = new Map()));
  const running = byPort.get(port);
  if (running) {
    running.serve(script);
    return running;
  }
  let current = script;
  const requests: string[] = [];
  const factory = new FingerDaemonFactory(() => current, requests, host);
  let listening: SimulatedPort | null = null;
  const listen = () => {
    const wasQuiet = host.quiet;
    host.quiet = true;
    try {
      listening = host.listenTCP(port, factory);
    } finally {
      host.quiet = wasQuiet;
    }
  };
  listen();
  const daemon: FingerDaemon = {
    port,
    requests,
    serve: (next) => {
      current = next;
      if (!listening) listen();
    },
    stop: () => {
      void listening?.stopListening();
      listening = null;
    },
  };
  byPort.set(port, daemon);
  return daemon;
}

/** The scripted finger daemon on `host`:`port`, if serveFinger started one. */
export function fingerDaemonOn(host: SimulatedHost, port = 79): FingerDaemon | undefined {
  return daemons.get(host)?.get(port);
}

class FingerDaemonFactory extends ServerFactory {
  override noisy = false;
  override protocol = FingerDaemonConnection;

  constructor(
    readonly script: () => FingerScript,
    readonly requests: string[],
    readonly host: SimulatedHost,
  ) {
    super();
  }
}

/** One query: collect bytes until a line ending, then answer by the script and close. */
class FingerDaemonConnection extends Protocol {
  declare factory: FingerDaemonFactory;
  private index = -1;
  private answering = false;

  override connectionMade(): void {
    this.index = this.factory.requests.push("") - 1;
  }

  override dataReceived(data: string): void {
    const { requests } = this.factory;
    requests[this.index] += data;
    if (this.answering || !requests[this.index]!.includes("\n")) return;
    this.answering = true;
    const { gap = 0, delay = 0, segments: answer } = this.factory.script();
    const user = requests[this.index]!.split("\n")[0]!.replace(/\r$/, "");
    const segments = typeof answer === "function" ? answer(user) : answer;
    const simulation = this.factory.host.network.simulation;
    const writeFrom = (next: number): void => {
      if (!this.transport) return;
      if (next >= segments.length) {
        this.transport.loseConnection();
        return;
      }
      this.transport.write(segments[next]!);
      if (next + 1 < segments.length && gap > 0) simulation.scheduleIo(gap, () => writeFrom(next + 1), "finger daemon writes");
      else writeFrom(next + 1);
    };
    if (delay > 0) simulation.scheduleIo(delay, () => writeFrom(0), "finger daemon answers");
    else writeFrom(0);
  }
}
