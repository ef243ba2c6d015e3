/**
 * Unix domain sockets for the real-network reactor, on node:net with a path.
 * As in Twisted, listenUNIX fails at once (CannotListenError) when a file is
 * already at the path or its directory is missing, and with wantPID takes
 * Twisted's lock (PATH.lock, a symbolic link to the owner's pid, as
 * twisted.python.lockfile makes it), removing a socket left by a dead owner.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as nodePath from "node:path";
import * as log from "../twisted/python/log";
import { Deferred, succeed } from "../twisted/internet/defer";
import { UNIXAddress, type IPv4Address } from "../twisted/internet/address";
import { CannotListenError, ConnectError, ConnectionRefusedError, TimeoutError } from "../twisted/internet/error";
import { BaseConnector } from "../twisted/internet/connector";
import { Protocol as PlainProtocol, type ClientFactory, type Factory, type Protocol } from "../twisted/internet/protocol";
import { NodeTransport } from "./node-tcp";
import type { NodeReactor } from "./node-reactor";

/** A listening Unix domain socket on the real filesystem. */
export class NodeUNIXPort {
  listening = false;
  /** Fires once the socket is bound. */
  readonly whenListening = new Deferred<NodeUNIXPort>();
  private readonly server: net.Server;
  private lockHeld = false;

  /** @throws CannotListenError for a held lock, an existing file or a missing directory */
  constructor(
    private readonly reactor: NodeReactor,
    readonly path: string,
    readonly factory: Factory,
    backlog: number,
    mode: number,
    wantPID: boolean,
  ) {
    log.msg(`${factory.logPrefix()} starting on '${path}'`);
    // Checked first: the lock file cannot be made in a missing directory either.
    if (!fs.existsSync(nodePath.dirname(path))) throw new CannotListenError("", `b'${path}'`, "[Errno 2] No such file or directory");
    if (wantPID) {
      const taken = takeLock(`${path}.lock`);
      if (taken === null) throw new CannotListenError("", `b'${path}'`, "Cannot acquire lock");
      this.lockHeld = true;
      // The lock's last owner died: the socket it left behind is removed (sockets only).
      if (taken === "stale" && isSocket(path)) fs.rmSync(path, { force: true });
    }
    factory.doStart();
    if (fs.existsSync(path)) throw new CannotListenError("", `b'${path}'`, "[Errno 98] Address already in use");
    this.server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    this.server.on("error", (error: NodeJS.ErrnoException) => {
      if (!this.whenListening.called) this.whenListening.errback(new CannotListenError("", `b'${path}'`, error.message));
      reactor.workDone();
    });
    this.server.listen({ path, backlog }, () => {
      fs.chmodSync(path, mode);
      this.listening = true;
      reactor.track(this, true);
      this.whenListening.callback(this);
      reactor.workDone();
    });
  }

  /** Stops accepting connections, removes the socket file and releases the lock; fires once closed. */
  stopListening(): Deferred<null> {
    if (!this.listening) return succeed(null);
    this.listening = false;
    this.reactor.track(this, false);
    // Closing stops accepting at once; Node's close callback would wait for every open connection, Twisted's port does not.
    this.server.close();
    fs.rmSync(this.path, { force: true });
    if (this.lockHeld) fs.rmSync(`${this.path}.lock`, { force: true });
    log.msg(`(UNIX Port ${this.path} Closed)`);
    this.reactor.guarded(() => this.factory.doStop());
    this.reactor.workDone();
    return succeed(null);
  }

  /** Same as stopListening. */
  loseConnection(): Deferred<null> {
    return this.stopListening();
  }

  /** The socket's path. */
  getHost(): UNIXAddress {
    return new UNIXAddress(this.path);
  }

  private accept(socket: net.Socket): void {
    let protocol: Protocol | null = null;
    // A Unix socket's factory gets a UNIXAddress (typed as TCP's for the factory's sake), as in Twisted.
    this.reactor.guarded(() => {
      protocol = this.factory.buildProtocol(new UNIXAddress(null) as unknown as IPv4Address);
    });
    if (!protocol) {
      socket.end();
      return;
    }
    new NodeTransport(this.reactor, socket, protocol, { host: new UNIXAddress(this.path), peer: new UNIXAddress(null) }).open();
    this.reactor.workDone();
  }
}

/** A connection attempt to a Unix domain socket (IConnector). */
export class NodeUNIXConnector extends BaseConnector<NodeTransport> {
  private socket: net.Socket | null = null;

  constructor(
    private readonly node: NodeReactor,
    readonly address: string,
    factory: ClientFactory,
    timeout: number,
  ) {
    super(node, address, 0, factory, timeout);
  }

  /** Where this connector connects to: the socket's path. */
  override getDestination(): IPv4Address {
    return new UNIXAddress(this.address) as unknown as IPv4Address;
  }

  override toString(): string {
    return `<Connector to ${this.address}>`;
  }

  protected attempt(attempt: number): void {
    const socket = net.connect({ path: this.address, allowHalfOpen: true });
    this.socket = socket;
    socket.once("error", (error: NodeJS.ErrnoException) => {
      if (!this.isCurrent(attempt)) return;
      this.connectionFailed(unixConnectError(error));
      this.node.workDone();
    });
    socket.once("connect", () => this.connected(attempt, socket));
  }

  protected abandon(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connected(attempt: number, socket: net.Socket): void {
    if (!this.isCurrent(attempt)) {
      socket.destroy();
      return;
    }
    socket.removeAllListeners("error");
    this.socket = null;
    let protocol: Protocol | null = null;
    this.node.guarded(() => {
      protocol = this.factory.buildProtocol(new UNIXAddress(this.address) as unknown as IPv4Address);
    });
    const transport = new NodeTransport(this.node, socket, protocol ?? new PlainProtocol(), { host: new UNIXAddress(null), peer: new UNIXAddress(this.address) });
    this.connectionMade(transport);
    transport.onClosed = (reason) => this.connectionLost(reason);
    transport.open();
    if (!protocol) transport.loseConnection();
    this.node.workDone();
  }
}

/** Twisted's errors for a failed connect to a path. */
function unixConnectError(error: NodeJS.ErrnoException): Error {
  if (error.code === "ECONNREFUSED") return new ConnectionRefusedError();
  if (error.code === "ENOENT") return new ConnectError("An error occurred while connecting: 2: No such file or directory.");
  if (error.code === "ETIMEDOUT") return new TimeoutError();
  return new ConnectError(`An error occurred while connecting: ${error.message}.`);
}

/** True when `path` is a socket file. */
function isSocket(path: string): boolean {
  try {
    return fs.lstatSync(path).isSocket();
  } catch {
    return false;
  }
}

/**
 * Takes twisted.python.lockfile's lock at `lock` (a symbolic link to this
 * process's pid): "clean" when nobody held it, "stale" when its owner is
 * dead, null when a live process (this one included) holds it.
 */
function takeLock(lock: string): "clean" | "stale" | null {
  let clean = true;
  for (;;) {
    try {
      fs.symlinkSync(String(process.pid), lock);
      return clean ? "clean" : "stale";
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException).code !== "EEXIST") throw thrown;
    }
    const owner = Number(fs.readlinkSync(lock));
    if (processAlive(owner)) return null;
    fs.rmSync(lock, { force: true });
    clean = false;
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (thrown) {
    return (thrown as NodeJS.ErrnoException).code === "EPERM";
  }
}
