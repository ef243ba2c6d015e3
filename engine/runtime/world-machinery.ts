/**
 * The machinery of a simulated world, driven from outside the learner's
 * program: its reactor's clock (stepping, advancing), the network and its
 * hosts (files, processes, ports, connections, threads), the scenery servers
 * a lesson or check sets up (web sites, finger daemons, IRC networks), and
 * the scripted clients and UDP peers that talk to the program.
 *
 * World (world.ts) builds on it with the program itself: starting it,
 * containing it (the block guard), its output, signals and recording. Every
 * call that may run the program's code goes through World.enter, so it
 * passes the guard and the recording.
 */
import { makeSelfSigned } from "../twisted/internet/simulated-pem";
import { subjectText } from "../simulation/openssl-command";
import { normalizePath } from "../twisted/python/paths";
import type { StepRecord } from "../twisted/internet/simulated-reactor";
import type { HostedReactor, NetworkConditions } from "../simulation/simulated-network";
import type { SimulatedHost, PortInfo } from "../simulation/simulated-host";
import type { ConnectionInfo } from "../simulation/tcp-transport";
import type { ProcessInfo, SimulatedCommand } from "../simulation/process-simulated";
import type { ThreadInfo } from "../twisted/internet/thread-pool";
import type { DirEntry } from "../twisted/internet/interfaces";
import { SimulatedClient, type ClientEvents } from "./client";
import { UdpPeer } from "./udp-peer";
import { runCommand, type CommandEvents, type CommandHandle } from "./command";
import type { RecordedWorld } from "./recording";
import { serveWebPages, webSiteOn, type WebPages } from "../simulation/web-host";
import { fingerDaemonOn, serveFinger, type FingerScript } from "../simulation/finger-host";
import { ircServerOn, serveIrc, type IrcNetworkSetup, type IrcServer } from "../simulation/irc-host";

/** How many processes a reactor snapshot lists, newest last. */
const RECORDED_PROCESSES = 12;

/** A world's reactor, network and hosts as a driver sees and changes them; World adds the program. */
export abstract class WorldMachinery {
  /** This world's reactor: only the world runs it, so that every event passes the block guard and the recording. */
  protected readonly reactor: HostedReactor;

  constructor(reactor: HostedReactor) {
    this.reactor = reactor;
  }

  /**
   * Runs `f` with this world's reactor installed, its program contained by the
   * block guard (see World.enter); undefined if the program blocked.
   */
  abstract enter<T>(f: () => T): T;

  /** Opens a scripted client connection to `host:port`, from host `from` (the learner's host by default). */
  connect(host: string, port: number, events?: ClientEvents, from?: string, options: { tls?: boolean } = {}): SimulatedClient {
    return this.enter(() => new SimulatedClient(this.reactor, host, port, events, from, options.tls ?? false));
  }

  /**
   * Writes a self-signed certificate and its key to `certificate` and `key`
   * (relative to the working directory, "/") on the learner's host, as
   * `openssl req -x509 -newkey rsa:2048 -nodes -subj SUBJECT` does.
   */
  makeSelfSignedCertificate(certificate: string, key: string, subject = "/CN=localhost"): void {
    const host = this.reactor.host;
    const made = makeSelfSigned(subjectText(subject) ?? subject, 2048, 365, () => host.random());
    host.fs.write(normalizePath(certificate, "/"), made.certificate);
    host.fs.write(normalizePath(key, "/"), made.key);
  }

  /** Opens a scripted client connection to the Unix domain socket at `path` on the learner's host. */
  connectUNIX(path: string, events?: ClientEvents): SimulatedClient {
    return this.enter(() => new SimulatedClient(this.reactor, "localhost", 0, events, undefined, false, path));
  }

  /**
   * Opens a scripted UDP socket that is not learner code (the checks' peers):
   * on the learner's host, or, to join a multicast group, on host
   * `join.host` (added, quiet, if the network does not know it).
   */
  udpPeer(join?: { readonly group: string; readonly port: number; readonly host: string }): UdpPeer {
    return this.enter(() => {
      if (!join) return new UdpPeer(this.reactor.host, 0);
      const network = this.reactor.host.network;
      const host = network.getHost(join.host) ?? Object.assign(network.addHost(join.host), { quiet: true });
      return new UdpPeer(host, join.port, join.group);
    });
  }

  /**
   * Sends `signal` to every running process of the learner's host whose
   * command is `name` (each twistd the terminal started, in the foreground or
   * as a daemon), as `kill -INT PID` would to each.
   * @returns how many processes were signalled
   */
  signalCommands(name: string, signal: "INT" | "TERM"): number {
    const processes = this.reactor.host.processes;
    const targets = processes.list().filter((info) => info.state === "running" && info.command.split(" ")[0] === name);
    this.enter(() => {
      for (const info of targets) processes.running(info.pid)?.signalProcess(signal);
    });
    this.runUntilIdle();
    return targets.length;
  }

  /** Runs a command (e.g. ["finger", "moshez@localhost"]) on a host, as the shell does. */
  exec(argv: readonly string[], events: CommandEvents = {}, host?: string): CommandHandle {
    return this.enter(() => runCommand(this.hostNamed(host), argv, events));
  }

  /** Runs everything due now. */
  runUntilIdle(): boolean {
    return this.enter(() => this.reactor.runUntilIdle());
  }

  /** The virtual time, in seconds. */
  seconds(): number {
    return this.reactor.seconds();
  }

  /** True while the program's reactor runs (from reactor.run() until it stops). */
  get reactorRunning(): boolean {
    return this.reactor.running;
  }

  /** How many delayed calls (reactor.callLater) the program has waiting; after the reactor stopped, how many it left behind. */
  delayedCalls(): number {
    return this.reactor.getDelayedCalls().length;
  }

  /** Schedules `f(...args)` on this world's reactor (a scenario's fake backend answers through it). */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): { cancel(): void } {
    return this.reactor.callLater(delay, f, ...args);
  }

  /** Runs events in time order up to `time`, stopping early once `until()` holds. */
  advanceTo(time: number, until?: () => boolean): void {
    this.enter(() => this.reactor.advanceTo(time, until));
  }

  /** Runs the next single event due now (one-event-at-a-time mode); null when nothing is due now. */
  step(): StepRecord | null {
    return this.enter(() => this.reactor.step());
  }

  /** Runs the next event, moving virtual time to it if needed; null when nothing is scheduled. */
  stepNext(): StepRecord | null {
    return this.enter(() => this.reactor.stepNext());
  }

  /** Runs everything that falls due in the next `seconds` of virtual time. */
  advance(seconds: number): void {
    this.advanceTo(this.reactor.seconds() + seconds);
  }

  /** The virtual time of the next scheduled work, or null (what a real-time driver waits for). */
  nextEventTime(): number | null {
    return this.reactor.nextEventTime();
  }

  /** The current network conditions. */
  networkConditions(): NetworkConditions {
    return this.reactor.host.network.conditions();
  }

  /** Changes latency, segmentation, seed or UDP loss. @throws RangeError for bad values. */
  setNetworkConditions(changes: Partial<NetworkConditions>): void {
    this.reactor.host.network.setConditions(changes);
  }

  /** Adds a host to the network (e.g. "livejournal.com"), with its own files and ports. */
  addHost(name: string, ip?: string): SimulatedHost {
    return this.reactor.host.network.addHost(name, ip);
  }

  /**
   * Serves `content` (plain-text pages by path, an optional delay) over HTTP
   * on `host`:`port`, adding the host if the network does not know it yet;
   * null stops the server, so connections are refused. Public hosts such as
   * livejournal.com already serve their own pages: this replaces them.
   */
  serveWebPages(host: string, content: WebPages | null, port = 80): void {
    this.enter(() => {
      const target = this.reactor.host.network.getHost(host) ?? this.addHost(host);
      target.quiet = true;
      if (content) serveWebPages(target, content, port);
      else webSiteOn(target, port)?.stop();
    });
  }

  /**
   * Runs a scripted finger daemon on `host`:`port` (adding the host if the
   * network does not know it): it answers every query with `script`'s reply.
   * Null stops it, so connections are refused.
   */
  serveFinger(host: string, script: FingerScript | null, port = 79): void {
    this.enter(() => {
      const target = this.sceneryHost(host) ?? this.addHost(host);
      if (script) serveFinger(target, script, port);
      else fingerDaemonOn(target, port)?.stop();
    });
  }

  /** The host a scenery server named `name` runs on: "localhost" and 127.x are the learner's own. */
  private sceneryHost(name: string): SimulatedHost | undefined {
    const network = this.reactor.host.network;
    if (name === "localhost" || name.startsWith("127.")) return network.localhost;
    return network.getHost(name);
  }

  /** What each connection to the scripted finger daemon on `host`:`port` sent, oldest first ([] when none runs there). */
  fingerRequests(host: string, port = 79): readonly string[] {
    const target = this.sceneryHost(host);
    return (target && fingerDaemonOn(target, port)?.requests) ?? [];
  }

  /**
   * The IRC server on `host`:`port`: the public networks' (irc.freenode.org,
   * irc.freenode.net, irc.libera.chat) are built on first use; for another
   * host, one is started with `setup` (adding the host if needed). Lessons
   * and checks use it to make its simulated users talk and to read its
   * transcript.
   */
  ircNetwork(host: string, setup: IrcNetworkSetup = {}, port = 6667): IrcServer {
    return this.enter(() => {
      const target = this.reactor.host.network.getHost(host) ?? this.addHost(host);
      return ircServerOn(target, port) ?? serveIrc(target, setup, port);
    });
  }

  /** Adds a command that processes on `host` (the learner's by default) can run. */
  defineCommand(name: string, command: SimulatedCommand, host?: string): void {
    this.hostNamed(host).processes.define(name, command);
  }

  /** Listening TCP and UDP ports on every host. */
  listeningPorts(): PortInfo[] {
    return this.reactor.host.network.listeningPorts();
  }

  /** Open connection ends, with the bytes each has in flight. */
  connections(): ConnectionInfo[] {
    return this.reactor.host.network.connections();
  }

  /**
   * The network as netstat on `host` (the learner's by default) sees it: its
   * own listening ports and its own ends of connections. An IRC server or a
   * remote finger host the lesson provides is another machine.
   */
  netstat(host?: string): { ports: PortInfo[]; connections: ConnectionInfo[] } {
    const machine = this.hostNamed(host);
    return { ports: machine.listeningPorts(), connections: this.connections().filter((connection) => connection.host === machine.name) };
  }

  /** The process table of `host` (the learner's by default). */
  processes(host?: string): ProcessInfo[] {
    return this.hostNamed(host).processes.list();
  }

  /** The processes started on the learner's host, as the reactor view shows them: the running ones, and the last few that ended. */
  protected childProcesses() {
    return this.processes()
      .slice(-RECORDED_PROCESSES)
      .map(({ pid, command, state, pipes, exitCode, signal }) => ({ pid, command, state, pipes, exitCode, signal }));
  }

  /** What a recording of this world reads of its machinery: the clock, whether the reactor runs, and what it holds. */
  protected recordedView(): RecordedWorld {
    return {
      seconds: () => this.reactor.seconds(),
      isRunning: () => this.reactor.running,
      snapshot: () => ({ ports: this.listeningPorts(), connections: this.connections(), threads: this.threads(), processes: this.childProcesses() }),
      nextEventTime: () => this.reactor.nextEventTime(),
    };
  }

  /** The simulated threads: the reactor's pool's, then those of pools the program made (adbapi's). */
  threads(): ThreadInfo[] {
    return [this.reactor.threadPool, ...this.reactor.otherThreadPools].flatMap((pool) => pool.info());
  }

  /** The entries of a directory on `host`. @throws FileNotFoundError, NotADirectoryError */
  listFiles(path: string, host?: string): DirEntry[] {
    return this.hostNamed(host).fs.list(path);
  }

  /** A file's text on `host`. @throws FileNotFoundError, IsADirectoryError */
  readFile(path: string, host?: string): string {
    return this.hostNamed(host).fs.read(path);
  }

  /** Writes a file on `host`, creating directories as needed. */
  writeFile(path: string, content: string, host?: string): void {
    this.hostNamed(host).fs.write(path, content);
  }

  /** Deletes a file on `host`. @throws FileNotFoundError */
  removeFile(path: string, host?: string): void {
    this.hostNamed(host).fs.remove(path);
  }

  /** Sets a file's permission bits on `host` (0o600: the program may not read it). @throws FileNotFoundError */
  chmod(path: string, mode: number, host?: string): void {
    this.hostNamed(host).fs.chmod(path, mode);
  }

  /** Appends to a file on `host`, creating it (and its directories) as needed. */
  appendFile(path: string, content: string, host?: string): void {
    this.hostNamed(host).fs.append(path, content);
  }

  /** Goes up whenever a file on the host changes: whoever keeps a copy of the files knows when to take a new one. */
  fileVersion(host?: string): number {
    return this.hostNamed(host).fs.version;
  }

  /** Every file on `host` (the learner's by default), as path: content. */
  fileSnapshot(host?: string): Record<string, string> {
    return this.hostNamed(host).fs.snapshot();
  }

  /** The command `name` that processes on `host` run, if the host knows one. */
  commandNamed(name: string, host?: string): SimulatedCommand | undefined {
    return this.hostNamed(host).processes.lookup(name);
  }

  /** The factory of the TCP port `port` listens with on the learner's host, if something listens there. */
  listeningFactory(port: number): unknown {
    return this.reactor.host.tcpFactory(port);
  }

  /** @throws Error if `name` names no host. */
  protected hostNamed(name?: string): SimulatedHost {
    if (name === undefined) return this.reactor.host;
    const host = this.reactor.host.network.getHost(name);
    if (!host) throw new Error(`no host named ${name} on the simulated network`);
    return host;
  }
}
