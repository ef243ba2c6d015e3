/**
 * Unix domain sockets on a simulated host, as Twisted's listenUNIX and
 * connectUNIX give them: a listening socket is a file on the host's
 * filesystem (`ls` shows it), connections are ordinary stream transports
 * whose addresses are UNIXAddresses, and the errors are Twisted's: a file
 * already at the path is "Address already in use", a path with nothing there
 * "No such file or directory", a socket file nobody listens on "Connection refused".
 */
import * as log from "../twisted/python/log";
import { Deferred, succeed } from "../twisted/internet/defer";
import { UNIXAddress, type IPv4Address } from "../twisted/internet/address";
import { CannotListenError, ConnectError, ConnectionRefusedError } from "../twisted/internet/error";
import { BaseConnector } from "../twisted/internet/connector";
import { Protocol, type ClientFactory, type Factory } from "../twisted/internet/protocol";
import type { SimulatedHost } from "./simulated-host";
import { buildProtocol } from "./tcp-simulated";
import { SimulatedTransport } from "./tcp-transport";

/** How Python shows a path kept as bytes, as Twisted's errors name a Unix socket: b'/tmp/x.sock'. */
function bytesPath(path: string): string {
  return `b'${path}'`;
}

/** The directory part of an absolute path ("/" for "/x"). */
function parentOf(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut <= 0 ? "/" : path.slice(0, cut);
}

/** One host's Unix domain sockets: which paths are listening sockets, and the lock files held. */
export class UNIXSockets {
  private readonly listening = new Map<string, SimulatedUNIXPort>();
  /** Lock files (PATH.lock) held by a live listener; one not in here is stale. */
  private readonly heldLocks = new Set<string>();

  constructor(private readonly host: SimulatedHost) {}

  /**
   * Listens on the socket file `address`. As in Twisted, the factory starts
   * before the bind, and a failed bind leaves it started.
   * @throws CannotListenError for a held lock, an existing file or a missing directory.
   */
  listen(address: string, factory: Factory, backlog: number, mode: number, wantPID: boolean): SimulatedUNIXPort {
    void backlog;
    const path = this.absolute(address);
    const fs = this.host.fs;
    if (!this.host.quiet) log.msg(`${factory.logPrefix()} starting on '${path}'`);
    // Checked first: writing the lock file would create the missing directory.
    if (!fs.isDirectory(parentOf(path))) throw new CannotListenError("", bytesPath(path), "[Errno 2] No such file or directory");
    let lock: string | null = null;
    if (wantPID) {
      lock = `${path}.lock`;
      if (this.heldLocks.has(lock)) throw new CannotListenError("", bytesPath(path), "Cannot acquire lock");
      // A lock file nobody holds is stale, and Twisted then removes a leftover socket at the path. Here a
      // listener's socket file always goes with it, so a leftover can only be a regular file (a `file:`
      // step's), which Twisted leaves alone too: the bind below fails.
      this.heldLocks.add(lock);
      fs.write(lock, "locked\n");
    }
    factory.doStart();
    if (fs.exists(path)) throw new CannotListenError("", bytesPath(path), "[Errno 98] Address already in use");
    fs.write(path, "");
    fs.chmod(path, mode);
    const port = new SimulatedUNIXPort(this, path, factory, lock, this.host.quiet);
    this.listening.set(path, port);
    return port;
  }

  /** Starts connecting to the socket file `address`. */
  connect(address: string, factory: ClientFactory, timeout: number, checkPID: boolean): SimulatedUNIXConnector {
    void checkPID;
    const connector = new SimulatedUNIXConnector(this.host, this, this.absolute(address), factory, timeout);
    connector.connect();
    return connector;
  }

  /**
   * @internal A client on this host connects to `path`: the client's end of
   * the new connection, or the error that ends the attempt.
   */
  accept(path: string, clientFactory: ClientFactory): SimulatedTransport | Error {
    const port = this.listening.get(path);
    if (!port) {
      return this.host.fs.exists(path) ? new ConnectionRefusedError() : new ConnectError("An error occurred while connecting: 2: No such file or directory.");
    }
    const net = this.host.network;
    const serverAddress = new UNIXAddress(path);
    const clientAddress = new UNIXAddress(null);
    // buildProtocol is typed for TCP's address; a Unix socket's factory gets a UNIXAddress, as in Twisted.
    const serverProtocol = buildProtocol(this.host, port.factory, clientAddress as unknown as IPv4Address);
    const clientProtocol = buildProtocol(this.host, clientFactory, serverAddress as unknown as IPv4Address);
    const id = net.nextConnectionId();
    const serverEnd = new SimulatedTransport(net, serverProtocol ?? new Protocol(), serverAddress, clientAddress, this.host.name, id);
    const clientEnd = new SimulatedTransport(net, clientProtocol ?? new Protocol(), clientAddress, serverAddress, this.host.name, id);
    SimulatedTransport.pair(serverEnd, clientEnd);
    serverEnd.open();
    if (!serverProtocol) serverEnd.loseConnection();
    if (!clientProtocol) net.simulation.scheduleIo(0, () => clientEnd.loseConnection(), `close conn ${id}`);
    return clientEnd;
  }

  /** @internal The port at `path` stopped: its file goes, and its lock is released. */
  closed(port: SimulatedUNIXPort): void {
    this.listening.delete(port.path);
    this.removeSocketFile(port.path);
    if (port.lock) {
      this.heldLocks.delete(port.lock);
      if (this.host.fs.exists(port.lock)) this.host.fs.remove(port.lock);
    }
  }

  /** The listening sockets, for the reactor view and netstat. */
  paths(): { path: string; owner: string }[] {
    return [...this.listening.values()].map((p) => ({ path: p.path, owner: p.factory.constructor.name }));
  }

  /** @internal Reactor shutdown: every listening socket closes. */
  shutDown(): void {
    for (const port of [...this.listening.values()]) port.close();
  }

  private removeSocketFile(path: string): void {
    if (this.host.fs.exists(path)) this.host.fs.remove(path);
  }

  /** A relative path is taken from / (the simulated program runs there). */
  private absolute(address: string): string {
    if (typeof address !== "string" || address === "") throw new TypeError("a Unix socket address must be a non-empty path");
    return address.startsWith("/") ? address : `/${address}`;
  }
}

/** A listening Unix domain socket (IListeningPort), as listenUNIX returns it. */
export class SimulatedUNIXPort {
  listening = true;

  constructor(
    private readonly sockets: UNIXSockets,
    readonly path: string,
    readonly factory: Factory,
    /** The lock file held (wantPID), or null. */
    readonly lock: string | null,
    private readonly quiet: boolean,
  ) {}

  /** Stops accepting connections and removes the socket file; fires once closed. */
  stopListening(): Deferred<null> {
    this.close();
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

  toString(): string {
    return this.listening ? `<${this.factory.constructor.name} on '${this.path}'>` : `<${this.factory.constructor.name} (not listening)>`;
  }

  /** @internal Closes at once. */
  close(): void {
    if (!this.listening) return;
    this.listening = false;
    this.sockets.closed(this);
    if (!this.quiet) log.msg(`(UNIX Port ${this.path} Closed)`);
    this.factory.doStop();
  }
}

/** A connection attempt to a Unix domain socket (IConnector), as connectUNIX returns it. */
export class SimulatedUNIXConnector extends BaseConnector<SimulatedTransport> {
  constructor(
    private readonly owner: SimulatedHost,
    private readonly sockets: UNIXSockets,
    readonly address: string,
    factory: ClientFactory,
    timeout: number,
  ) {
    super(owner.network.simulation, address, 0, factory, timeout);
  }

  /** Where this connector connects to: the socket's path. */
  override getDestination(): IPv4Address {
    return new UNIXAddress(this.address) as unknown as IPv4Address;
  }

  override toString(): string {
    return `<Connector to ${this.address}>`;
  }

  /** The same host answers at once: accepted, refused, or no such file. */
  protected attempt(attempt: number): void {
    const sim = this.owner.network.simulation;
    sim.scheduleIo(0, () => {
      if (!this.isCurrent(attempt)) return;
      const outcome = this.sockets.accept(this.address, this.factory);
      if (outcome instanceof Error) {
        this.connectionFailed(outcome);
        return;
      }
      sim.scheduleIo(0, () => {
        if (!this.isCurrent(attempt)) {
          outcome.abortConnection();
          return;
        }
        this.connectionMade(outcome);
        outcome.onClosed = (reason) => this.connectionLost(reason);
        outcome.open();
      }, `accepted on ${this.address}`);
    }, `connect ${this.owner.name} -> ${this.address}`);
  }

  /** Nothing to give up: an answer still on its way is recognised as stale when it arrives. */
  protected abandon(): void {}
}
