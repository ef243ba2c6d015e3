/**
 * The real-network reactor: the same interfaces as the simulated one, on
 * node:net, node:dgram, child_process and real timers. This is the one place
 * in the engine that reads the wall clock. `npm run serve -- FILE.ts` runs a
 * learner's program on it, unchanged.
 */
import * as log from "../twisted/python/log";
import { ReactorBase } from "../twisted/internet/base";
import { reportUnhandledErrors } from "../twisted/internet/defer";
import type { IFileSystem, IReactor } from "../twisted/internet/interfaces";
import type { DatagramProtocol } from "../twisted/internet/datagram-protocol";
import type { ProcessProtocol } from "../twisted/internet/process-protocol";
import type { ClientFactory, Factory } from "../twisted/internet/protocol";
import { contextOf } from "../twisted/internet/ssl";
import { NodeFileSystem } from "./node-fs";
import { NodeProcess } from "./node-process";
import { NodeConnector } from "./node-connector";
import { NodePort, NodeTransport } from "./node-tcp";
import { NodeUDPPort } from "./node-udp";
import { NodeMulticastPort } from "./node-multicast";
import { NodeUNIXConnector, NodeUNIXPort } from "./node-unix";

/** Options for the real-network reactor. */
export interface NodeReactorOptions {
  /** Stop cleanly on SIGINT (Ctrl-C) and SIGTERM, as Twisted's reactor does. Default true. */
  readonly installSignalHandlers?: boolean;
}

export class NodeReactor extends ReactorBase implements IReactor {
  private timerHandle: ReturnType<typeof setTimeout> | null = null;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  private readonly ports = new Set<NodePort | NodeUDPPort | NodeUNIXPort>();
  private readonly transports = new Set<NodeTransport>();
  private readonly processes = new Set<NodeProcess>();
  private readonly files = new NodeFileSystem();
  private reportScheduled = false;
  private readonly signalHandlers: [NodeJS.Signals, () => void][] = [];

  constructor(private readonly options: NodeReactorOptions = {}) {
    super();
    this.timers.onChange = () => this.rearm();
  }

  /** Seconds since the epoch, as Twisted's reactor.seconds(). */
  seconds(): number {
    return Date.now() / 1000;
  }

  /**
   * Starts the reactor: "startup" fires at once, then Node's own event loop
   * does the work. The program's code after reactor.run() waits until the
   * reactor stops (see runtime/program.ts); the process stays alive until then.
   * @throws ReactorAlreadyRunning, or ReactorNotRestartable after a stop.
   */
  run(): void {
    this.startRunning();
    this.keepAlive = setInterval(() => undefined, 1 << 30);
    if (this.options.installSignalHandlers ?? true) {
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        const handler = () => {
          log.msg(`Received ${signal}, shutting down.`);
          this.callFromThread(() => {
            if (!this.stopped) this.stop();
          });
        };
        process.on(signal, handler);
        this.signalHandlers.push([signal, handler]);
      }
    }
    this.rearm();
    this.workDone();
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

  /**
   * Listens for TLS on a real port (node:tls), with the certificate and key
   * `contextFactory` holds. As for listenTCP, a taken port is reported asynchronously.
   * @throws TypeError when `contextFactory` is not a server context (no certificate).
   */
  listenSSL(port: number, factory: Factory, contextFactory: unknown, backlog = 50, iface = ""): NodePort {
    const context = contextOf(contextFactory);
    if (!context.certificatePem || !context.privateKeyPem) throw new TypeError("listenSSL needs a server context: a certificate and its private key");
    return new NodePort(this, port, factory, backlog, iface, { key: context.privateKeyPem, cert: context.certificatePem });
  }

  /** Connects over TLS (node:tls); `contextFactory` says whether and against what to verify the server. */
  connectSSL(host: string, port: number, factory: ClientFactory, contextFactory: unknown, timeout = 30): NodeConnector {
    const context = contextOf(contextFactory);
    const options = { rejectUnauthorized: context.verify, servername: context.hostname, ca: context.trustedPems };
    const connector = new NodeConnector(this, host, port, factory, timeout, options);
    connector.connect();
    return connector;
  }

  /** Binds a real UDP socket; a taken port is reported asynchronously, as for listenTCP. */
  listenUDP(port: number, protocol: DatagramProtocol, iface = "", maxPacketSize = 8192): NodeUDPPort {
    return new NodeUDPPort(this, port, protocol, iface, maxPacketSize);
  }

  /** Binds a real UDP socket that can join multicast groups; `listenMultiple` sets SO_REUSEADDR so sockets share the port. */
  listenMulticast(port: number, protocol: DatagramProtocol, iface = "", maxPacketSize = 8192, listenMultiple = false): NodeMulticastPort {
    return new NodeMulticastPort(this, port, protocol, iface, maxPacketSize, listenMultiple);
  }

  /** Listens on a real Unix domain socket at path `address`. @throws CannotListenError (file exists, no directory, lock held) */
  listenUNIX(address: string, factory: Factory, backlog = 50, mode = 0o666, wantPID: boolean | number = 0): NodeUNIXPort {
    return new NodeUNIXPort(this, address, factory, backlog, mode, Boolean(wantPID));
  }

  /** Connects to the real Unix domain socket at `address`; the factory hears how it went. */
  connectUNIX(address: string, factory: ClientFactory, timeout = 30, checkPID: boolean | number = 0): NodeUNIXConnector {
    void checkPID;
    const connector = new NodeUNIXConnector(this, address, factory, timeout);
    connector.connect();
    return connector;
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

  /** time.sleep in the reactor thread really blocks it. */
  protected blockReactorThread(seconds: number): void {
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
  track(thing: NodePort | NodeUDPPort | NodeUNIXPort | NodeTransport, open: boolean): void {
    const set: Set<unknown> = thing instanceof NodeTransport ? this.transports : this.ports;
    if (open) set.add(thing);
    else set.delete(thing);
  }

  /** @internal */
  trackProcess(child: NodeProcess, running: boolean): void {
    if (running) this.processes.add(child);
    else this.processes.delete(child);
  }

  protected runSoon(delay: number, f: () => void): void {
    setTimeout(() => {
      this.guarded(f);
      this.workDone();
    }, delay * 1000);
  }

  protected override afterWork(): void {
    this.workDone();
  }

  protected wakeForShutdown(): void {
    // Twisted fires "shutdown" at the end of the loop's current turn: here, once the current callback returns.
    setImmediate(() => {
      this.fireShutdownIfStopped();
      this.workDone();
    });
  }

  /** Shutdown, "during": ports stop listening and connections drop (their protocols hear connectionLost). */
  protected disconnectAll(): void {
    for (const port of [...this.ports]) port.stopListening();
    for (const transport of [...this.transports]) transport.dropForShutdown();
  }

  protected mainLoopEnding(): void {
    if (this.timerHandle) clearTimeout(this.timerHandle);
    this.timerHandle = null;
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
    for (const [signal, handler] of this.signalHandlers.splice(0)) process.off(signal, handler);
    // As mainLoop does, the loop notices the crash once the current turn is over.
    setImmediate(() => {
      reportUnhandledErrors();
      this.loopTerminated();
    });
  }

  private loopIsOver(): boolean {
    return this.startedBefore && !this.started;
  }

  private rearm(): void {
    if (this.timerHandle) clearTimeout(this.timerHandle);
    this.timerHandle = null;
    const next = this.timers.nextTime();
    if (next === null || !this.started) return;
    const delay = Math.max(0, (next - this.seconds()) * 1000);
    // Node caps timeouts at about 24.8 days; longer waits re-arm on the way.
    this.timerHandle = setTimeout(() => this.runDueTimers(), Math.min(delay, 2 ** 31 - 1));
  }

  private runDueTimers(): void {
    this.timerHandle = null;
    const limit = this.timers.sequence;
    for (let call = this.timers.takeDue(this.seconds(), limit); call; call = this.timers.takeDue(this.seconds(), limit)) {
      if (this.loopIsOver()) break;
      const due = call;
      this.guarded(() => due.func(...due.args));
    }
    // As runUntilCurrent ends: a stop() asked for during these calls fires "shutdown" now.
    this.fireShutdownIfStopped();
    this.rearm();
    this.workDone();
  }
}
