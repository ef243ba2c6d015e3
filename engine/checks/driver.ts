/**
 * What a check scenario runs against. The simulated driver runs the
 * learner's program in a World on virtual time; lesson tooling provides a
 * real-network driver (a Python twin on real Twisted over loopback), so the
 * very same scenarios can compare the two.
 */
import { loadSqlite, mayUseSqlite } from "../stdlib/sqlite3/loader";
import type { NetworkConditions } from "../simulation/simulated-network";
import type { ClientState, SimulatedClient } from "../runtime/client";
import { World, formatProgramError } from "../runtime/world";
import type { SimulatedCommand } from "../simulation/commands";
import { fail, succeed, type Deferred } from "../twisted/internet/defer";
import { deferLater } from "../twisted/internet/task";
import { RuntimeError } from "../twisted/python/builtins";
import type { WorldStep } from "./scenario";
import type { IrcServer } from "../simulation/irc-host";
import type { FingerScript } from "../simulation/finger-host";
import { startPbCall, type PbCallHandle, type PbCallRequest } from "./pb-steps";
import type { DriverUdpSocket, UdpDriver } from "./udp-steps";
import type { PageDriver } from "./page-steps";
import type { UdpPeer } from "../runtime/udp-peer";

/** A scenario step the program's world cannot carry out (nothing listens on the port to patch, say): the check fails with this message. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

/** A client connection as a scenario sees it. */
export interface DriverClient {
  readonly state: ClientState;
  readonly received: string;
}

export interface ScenarioDriver extends UdpDriver, PageDriver {
  /** Starts the program; resolves with an error message if it could not start. */
  start(): Promise<string | null>;
  /** Opens a connection; with `tls`, a TLS client that accepts any certificate (curl -k), sending and receiving plaintext. */
  connect(host: string, port: number, tls?: boolean): DriverClient;
  /** Connects to the Unix domain socket at `path` on the learner's host. */
  connectUNIX(path: string): DriverClient;
  send(client: DriverClient, text: string): void;
  /** Closes the connection (the simulation's loseConnection; a FIN on a real socket). */
  close(client: DriverClient): void;
  /** Stops sending but keeps reading (a FIN). */
  halfClose(client: DriverClient): void;
  /** Stops (false) or resumes (true) reading from the connection: a slow reader, whose unread bytes back up to the sender. */
  setReading(client: DriverClient, reading: boolean): void;
  /** Changes latency and segmentation where the driver can; a real network ignores it. */
  setNetwork(conditions: Partial<NetworkConditions>): void;
  /**
   * Changes the world: writes a file, defines a command, serves web pages,
   * or patches a factory method with a fake backend.
   * @throws ScenarioError when the world cannot do it (no factory on that port).
   */
  changeWorld(step: WorldStep): Promise<void>;
  /** What each connection to the upstream finger server (a `fingerd:` step) on `host`:`port` sent, oldest first. */
  fingerRequests(host: string, port: number): readonly string[];
  /** Sends the program a signal, as kill does. */
  signal(name: "SIGTERM" | "SIGINT"): Promise<void>;
  /** Lets work already queued run (no time passes in a simulation). */
  settle(): Promise<void>;
  /** Lets `seconds` pass, returning early once `until()` holds. */
  wait(seconds: number, until?: () => boolean): Promise<void>;
  /** Everything the program printed and logged so far. */
  output(): string;
  /** Only what the program printed to stdout, line by line. */
  stdout(): string[];
  reactorRunning(): boolean;
  /**
   * How many delayed calls (reactor.callLater) are still scheduled; once the
   * reactor has stopped, how many it left behind. Null when the driver cannot tell.
   */
  delayedCalls(): Promise<number | null>;
  /** Why the program was stopped from outside (it blocked the reactor), or null. */
  fatal(): string | null;
  /** The program's source, for checks that read the code. */
  readonly source: string;
  /** The simulated IRC server on `host`:`port` (the simulation has them; a real network does not). */
  ircServer?(host: string, port: number): IrcServer;
  /** Makes a Perspective Broker call with a PB client (see pb-steps.ts). */
  pbCall?(request: PbCallRequest): PbCallHandle;
  dispose(): Promise<void>;
}

/**
 * How a step's program runs besides its own file: the other files of the
 * learner's folder (finger/finger.ts beside finger/tap.ts), and the command
 * line that starts it (`twistd -n finger --file=/etc/users`), when running
 * the file alone is not how it is used.
 */
export interface ProgramSetup {
  /** The learner's other files, by path relative to the learner's folder (/). */
  readonly files?: Readonly<Record<string, string>>;
  /** The command that starts the program, as typed in the terminal. */
  readonly command?: readonly string[];
}

/** Runs a learner program in a fresh simulated world. */
export class SimulatedDriver implements ScenarioDriver {
  readonly world: World;

  constructor(
    readonly source: string,
    private readonly file: string,
    private readonly setup: ProgramSetup = {},
  ) {
    this.world = new World({ files: rootedFiles(setup.files ?? {}) });
  }

  async start(): Promise<string | null> {
    // A program may open a database as it starts: SQLite (sql.js) loads once, asynchronously, before the first
    // program that may use it runs (the runner worker has loaded it already for such a program). Only a driver
    // that runs the program needs it: the page's judge replays observations and never loads it.
    if (mayUseSqlite([this.source, ...Object.values(this.setup.files ?? {})])) await loadSqlite();
    const command = this.setup.command;
    const outcome = command ? this.world.startCommand(command, this.source, this.file) : this.world.start(this.source, this.file);
    if (outcome.status === "blocked") return outcome.error.message;
    return outcome.status === "error" ? formatProgramError(outcome.error) : null;
  }

  connect(host: string, port: number, tls = false): DriverClient {
    return this.world.connect(host, port, undefined, undefined, { tls });
  }

  connectUNIX(path: string): DriverClient {
    return this.world.connectUNIX(path);
  }

  async udpSocket(join?: { readonly group: string; readonly port: number; readonly host: string }): Promise<DriverUdpSocket> {
    const peer = this.world.udpPeer(join);
    this.world.runUntilIdle();
    return peer;
  }

  sendUdp(socket: DriverUdpSocket, host: string, port: number, data: string): void {
    this.world.enter(() => (socket as UdpPeer).send(host, port, data));
  }

  send(client: DriverClient, text: string): void {
    this.world.enter(() => (client as SimulatedClient).send(text));
  }

  close(client: DriverClient): void {
    this.world.enter(() => (client as SimulatedClient).close());
  }

  halfClose(client: DriverClient): void {
    this.world.enter(() => (client as SimulatedClient).halfClose());
  }

  setReading(client: DriverClient, reading: boolean): void {
    this.world.enter(() => (client as SimulatedClient).setReading(reading));
  }

  setNetwork(conditions: Partial<NetworkConditions>): void {
    this.world.setNetworkConditions(conditions);
  }

  ircServer(host: string, port: number): IrcServer {
    return this.world.ircNetwork(host, {}, port);
  }

  /** Calls with the engine's PB client, from the learner's host on the simulated network. */
  pbCall(request: PbCallRequest): PbCallHandle {
    const handle = this.world.enter(() => startPbCall(request)) ?? { outcome: { ok: false as const, errorType: "ReactorBlocked", message: "the program blocked the reactor" } };
    this.world.runUntilIdle();
    return handle;
  }

  async changeWorld(step: WorldStep): Promise<void> {
    const world = this.world;
    if ("file" in step) {
      try {
        if (step.remove) world.removeFile(step.file, step.host);
        else world.writeFile(step.file, (step.content ?? "").repeat(step.repeat), step.host);
      } catch (thrown) {
        throw new ScenarioError(`Could not ${step.remove ? "delete" : "write"} ${step.file}: ${(thrown as Error).message}.`);
      }
    }
    else if ("certificate" in step) world.makeSelfSignedCertificate(step.certificate, step.key, step.subject);
    else if ("command" in step) world.defineCommand(step.command, scriptedCommand(world, step));
    else if ("fingerd" in step) world.serveFinger(step.fingerd, step.refuse ? null : fingerScript(step), step.port);
    else if ("web" in step) world.serveWebPages(step.web, step.refuse ? null : { pages: step.pages ?? {}, delay: step.delay }, step.port);
    else world.enter(() => patchFactory(world, step));
    world.runUntilIdle();
  }

  fingerRequests(host: string, port: number): readonly string[] {
    return [...this.world.fingerRequests(host, port)];
  }

  async uiEvent(kind: "click" | "input", text: string): Promise<number> {
    const handed = this.world.uiEvent(kind, text);
    this.world.runUntilIdle();
    return handed;
  }

  pageDisplay(): string | null {
    return this.world.pageDisplay;
  }

  async signal(name: "SIGTERM" | "SIGINT"): Promise<void> {
    this.world.signal(name);
    this.world.runUntilIdle();
  }

  async settle(): Promise<void> {
    this.world.runUntilIdle();
  }

  async wait(seconds: number, until?: () => boolean): Promise<void> {
    this.world.advanceTo(this.world.seconds() + seconds, until);
  }

  output(): string {
    return this.world.output.map((line) => line.text).join("\n");
  }

  stdout(): string[] {
    return this.world.output.filter((line) => line.stream === "stdout").map((line) => line.text);
  }

  reactorRunning(): boolean {
    this.world.runUntilIdle();
    return this.world.reactorRunning;
  }

  async delayedCalls(): Promise<number> {
    this.world.runUntilIdle();
    return this.world.delayedCalls();
  }

  fatal(): string | null {
    return this.world.blocked?.message ?? null;
  }

  async dispose(): Promise<void> {}
}

/** The words of a command line as a step writes it (`twistd -n finger --file=/etc/users`): no quoting, one space apart. */
export function commandLine(text: string): string[] {
  return text.split(" ").filter((word) => word !== "");
}

/** Files by path relative to the learner's folder, as absolute paths on its host. */
export function rootedFiles(files: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([file, text]) => [file.startsWith("/") ? file : `/${file}`, text]));
}

type CommandStep = Extract<WorldStep, { command: string }>;
type FingerdStep = Extract<WorldStep, { fingerd: string }>;

/** How a `fingerd:` step's server answers: its reply's pieces, the pause between them and before the first. */
export function fingerScript(step: FingerdStep): FingerScript {
  return { segments: step.segments ?? [step.reply ?? ""], gap: step.gap, delay: step.delay };
}
type PatchStep = Extract<WorldStep, { patch: string }>;

/** The command a `command:` step describes: fixed output, or the existing command, after `delay` seconds. */
function scriptedCommand(world: World, step: CommandStep): SimulatedCommand {
  const scripted = step.stdout !== undefined || step.stderr !== undefined || step.exit !== undefined;
  const existing = world.commandNamed(step.command);
  return (proc) => {
    const run = () => {
      if (!scripted) {
        const code = existing ? existing(proc) : (proc.stderr(`${step.command}: command not found\n`), 127);
        if (typeof code === "number") proc.exit(code);
        return;
      }
      if (step.stdout) proc.stdout(step.stdout);
      if (step.stderr) proc.stderr(step.stderr);
      proc.exit(step.exit ?? 0);
    };
    if (step.delay > 0) proc.later(step.delay, run);
    else run();
  };
}

/**
 * Replaces the method `step.patch` of the factory listening on `step.port`
 * with a fake backend: it returns a Deferred that fires with `answer`, or
 * fails with a RuntimeError, `after` seconds later (at once when 0).
 * @throws ScenarioError if nothing listens there or the factory has no such method.
 */
function patchFactory(world: World, step: PatchStep): void {
  const factory = world.listeningFactory(step.port) as Record<string, unknown> | undefined;
  if (!factory) throw new ScenarioError(`Nothing listens on port ${step.port}, so there is no factory whose ${step.patch} could be replaced.`);
  if (typeof factory[step.patch] !== "function") {
    throw new ScenarioError(`The factory on port ${step.port} (${factory.constructor.name}) has no ${step.patch} method to replace.`);
  }
  factory[step.patch] = (): Deferred<string> => {
    const settle = (): string => {
      if (step.fail !== undefined) throw new RuntimeError(step.fail);
      return step.answer!;
    };
    if (step.after > 0) return deferLater(world, step.after, settle);
    return step.fail !== undefined ? fail<string>(new RuntimeError(step.fail)) : succeed(settle());
  };
}
