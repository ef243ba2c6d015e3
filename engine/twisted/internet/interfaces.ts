/**
 * twisted.internet.interfaces: what every reactor, transport, protocol and
 * factory offers, simulated or real. As in Twisted, this module is at the
 * bottom: implementations import it, never the other way. It names two
 * implementation types, Failure and Deferred, for type checking only (as
 * Twisted's own `if TYPE_CHECKING:` imports do); nothing is imported at run time.
 */
import type { Failure } from "../python/failure";
import type { Deferred } from "./defer";
import { Interface, method } from "../../zope/interface";

/** An address, as getPeer() and getHost() return (IPv4Address implements it). */
export interface IAddress {
  readonly type: "TCP" | "UDP";
  readonly host: string;
  readonly port: number;
}

/** A call scheduled with callLater: it can be cancelled, reset or delayed until it runs. */
export interface IDelayedCall {
  /** The time at which the call runs. */
  getTime(): number;
  /** Stops the call. @throws AlreadyCancelled, AlreadyCalled */
  cancel(): void;
  /** Moves the call to `secondsFromNow` after now. @throws AlreadyCancelled, AlreadyCalled */
  reset(secondsFromNow: number): void;
  /** Postpones the call by `secondsLater`. @throws AlreadyCancelled, AlreadyCalled */
  delay(secondsLater: number): void;
  /** True until the call has run or been cancelled. */
  active(): boolean;
}

/**
 * Time, as a reactor offers it and a task.Clock imitates it in tests: code
 * that waits should take one of these rather than the reactor itself.
 */
export interface IReactorTime {
  /** The current time in seconds. */
  seconds(): number;
  /** Calls `f(...args)` in `delay` seconds. */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): IDelayedCall;
  /** The calls scheduled and not yet run. */
  getDelayedCalls(): IDelayedCall[];
}

/** Something that produces data for a consumer: an IPushProducer or an IPullProducer. */
export interface IProducer {
  /** Stop for good: the consumer is going away. */
  stopProducing(): void;
}

/** A producer that writes on its own until paused (registerProducer(p, true)). */
export interface IPushProducer extends IProducer {
  /** Stop producing until resumeProducing: the consumer's buffer is full. */
  pauseProducing(): void;
  /** Carry on producing: the consumer's buffer has drained. */
  resumeProducing(): void;
}

/** A producer that writes one chunk each time it is asked (registerProducer(p, false)). */
export interface IPullProducer extends IProducer {
  /** Write the next chunk: the consumer has sent everything so far. */
  resumeProducing(): void;
}

/** Something a producer can write into (a transport). */
export interface IConsumer {
  /**
   * Registers `producer`; `streaming` true for a push producer, false for pull.
   * @throws RuntimeError if a producer is already registered.
   */
  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void;
  /** Unregisters the producer (a pending loseConnection can then complete). */
  unregisterProducer(): void;
  write(data: string | Uint8Array): void;
}

/** What a protocol writes to and closes: the connection as seen from one end. */
export interface ITransport extends IConsumer, IPushProducer {
  /** Sends text (UTF-8 on the wire) or raw bytes. */
  write(data: string | Uint8Array): void;
  /** Sends several pieces, in order. */
  writeSequence(data: Iterable<string | Uint8Array>): void;
  /** Closes the connection once everything written so far has been sent. */
  loseConnection(): void;
  /** Closes the connection at once, dropping unsent data. */
  abortConnection(): void;
  /** Half-close: sends FIN after pending writes, keeps reading. */
  loseWriteConnection(): void;
  /** The address of the other end. */
  getPeer(): IAddress;
  /** The address of this end. */
  getHost(): IAddress;
  /** True once loseConnection() has been called. */
  readonly disconnecting: boolean;
  /** True while the connection is open. */
  readonly connected: boolean;
}

/** A transport over TLS: what HTTPChannel.isSecure() and request.isSecure() ask about. */
export interface ISSLTransport extends ITransport {
  /** The peer's certificate (a client gets the server's), or null when it sent none. */
  getPeerCertificate(): unknown;
}

/**
 * The interface of TLS transports: `ISSLTransport.providedBy(request.transport)`
 * is true exactly on connections made by listenSSL, connectSSL or an "ssl:" endpoint.
 */
export const ISSLTransport = Interface<Pick<ISSLTransport, "getPeerCertificate">>("twisted.internet.interfaces.ISSLTransport", {
  getPeerCertificate: method(),
});

/** Something connectTCP returns: it can stop a connection attempt or retry it. */
export interface IConnector {
  /** Abandons an attempt in progress. @throws NotConnectingError when not connecting. */
  stopConnecting(): void;
  /** Abandons the attempt or closes the connection. */
  disconnect(): void;
  /** Tries (again) to connect. */
  connect(): void;
  getDestination(): IAddress;
}

/** A stream protocol, as a transport drives it. */
export interface IProtocol {
  /** Engine extension: true to receive Uint8Array instead of UTF-8 text in dataReceived. */
  readonly receivesBytes?: boolean;
  /** The connection is made: the transport is ready. */
  makeConnection(transport: ITransport): void;
  /** Some bytes arrived (text unless receivesBytes). */
  dataReceived(data: string): void;
  /** The connection is gone. */
  connectionLost(reason: Failure): void;
}

/**
 * The interface of stream protocols, for `IProtocol.providedBy(p)` and
 * adaptation; Protocol implements it. Its members are Twisted's four
 * (receivesBytes is the engine's own, and optional).
 */
export const IProtocol = Interface<Omit<IProtocol, "receivesBytes"> & { connectionMade(): void }>("twisted.internet.interfaces.IProtocol", {
  dataReceived: method("data"),
  connectionLost: method("reason"),
  makeConnection: method("transport"),
  connectionMade: method(),
});

/**
 * A protocol that can live with a half-closed connection. A transport calls
 * `readConnectionLost` when the peer has closed its sending half (no more data
 * will arrive, but this side may still write); without these methods, the
 * peer's half-close closes the whole connection and calls connectionLost.
 * In TypeScript, `implements interfaces.IHalfCloseableProtocol` plays the part
 * of Python's `@implementer(IHalfCloseableProtocol)`.
 */
export interface IHalfCloseableProtocol {
  /** The peer closed its sending half: no more data will arrive; writing still works. */
  readConnectionLost(): void;
  /** This side's sending half is closed (after transport.loseWriteConnection()). */
  writeConnectionLost(): void;
}

/** What a port needs of a factory: one protocol per connection. */
export interface IProtocolFactory {
  /** Makes the protocol for a connection from `addr`, or null to refuse it. */
  buildProtocol(addr: IAddress): IProtocol | null;
  /** A port or connector starts using the factory. */
  doStart(): void;
  /** A port or connector stops using the factory. */
  doStop(): void;
  /** The name log lines use ("FingerFactory"). */
  logPrefix(): string;
}

/**
 * The interface of protocol factories: what `strports.service("tcp:79", IFingerFactory(f))`
 * and the tutorial's adapters produce; Factory implements it. Its members
 * are Twisted's three (logPrefix is what the engine's own factories add for log lines).
 */
export const IProtocolFactory = Interface<Omit<IProtocolFactory, "logPrefix">>("twisted.internet.interfaces.IProtocolFactory", {
  buildProtocol: method("addr"),
  doStart: method(),
  doStop: method(),
});

/** What connectTCP needs of a ClientFactory: a factory told how each attempt ends. */
export interface IClientFactory extends IProtocolFactory {
  startedConnecting(connector: IConnector): void;
  clientConnectionFailed(connector: IConnector, reason: Failure): void;
  clientConnectionLost(connector: IConnector, reason: Failure): void;
}

/** The transport of a ProcessProtocol: the child process. */
export interface IProcessTransport {
  /** The child's process id (null once it has ended). */
  readonly pid: number | null;
  /** Writes to the child's stdin. */
  write(data: string | Uint8Array): void;
  /** Writes to one of the child's file descriptors (only 0, stdin, here). */
  writeToChild(childFD: number, data: string | Uint8Array): void;
  /** Closes the child's stdin (it sees end of file). */
  closeStdin(): void;
  closeStdout(): void;
  closeStderr(): void;
  /** Closes stdin, stdout and stderr. */
  loseConnection(): void;
  /**
   * Sends a signal: "TERM", "KILL", "INT", "HUP" or a number.
   * @throws ProcessExitedAlready if the process has ended.
   */
  signalProcess(signal: string | number): void;
}

/** What spawnProcess needs of a ProcessProtocol. */
export interface IProcessProtocol {
  /** Engine extension: true to receive Uint8Array instead of UTF-8 text. */
  readonly receivesBytes?: boolean;
  makeConnection(transport: IProcessTransport): void;
  /** Data from the child on `childFD` (1 stdout, 2 stderr). */
  childDataReceived(childFD: number, data: string): void;
  /** One of the child's pipes closed. */
  childConnectionLost(childFD: number): void;
  /** The child exited (its pipes may still be open). */
  processExited(reason: Failure): void;
  /** The child exited and its pipes are closed. */
  processEnded(reason: Failure): void;
}

/** What listenUDP needs of a DatagramProtocol. */
export interface IDatagramProtocol {
  /** Engine extension: true to receive Uint8Array instead of UTF-8 text. */
  readonly receivesBytes?: boolean;
  makeConnection(transport: IUDPTransport): void;
  doStop(): void;
  datagramReceived(datagram: string, addr: UDPAddress): void;
  connectionRefused(): void;
  logPrefix(): string;
}

/** A listening port, as listenTCP returns. */
export interface IListeningPort {
  /** Stops accepting connections; fires once the port is closed. */
  stopListening(): Deferred<null>;
  /** The address the port listens on. */
  getHost(): IAddress;
}

/** A UDP address: [host, port], as Python's (host, port) tuple. */
export type UDPAddress = readonly [string, number];

/** A UDP socket, as listenUDP returns and a DatagramProtocol's transport. */
export interface IUDPTransport extends IListeningPort {
  /** Sends one datagram to `addr` (or to the connected address). */
  write(data: string | Uint8Array, addr?: UDPAddress): void;
  /** Connected UDP: only this peer's datagrams are received; write needs no address. */
  connect(host: string, port: number): void;
  /** Same as stopListening. */
  loseConnection(): Deferred<null>;
}

/** A Unix domain socket's address (UNIXAddress implements it): a path, or null for an unnamed end. */
export interface IUNIXAddress {
  readonly type: "UNIX";
  readonly name: string | null;
}

/** A listening Unix domain socket, as listenUNIX returns. */
export interface IUNIXListeningPort {
  /** Stops accepting connections and removes the socket file; fires once closed. */
  stopListening(): Deferred<null>;
  /** The socket's path. */
  getHost(): IUNIXAddress;
}

/** A UDP socket that can join IP multicast groups, as listenMulticast returns. */
export interface IMulticastTransport extends IUDPTransport {
  /** Joins `addr` (224.0.0.0/4) on `iface` (any by default). @returns a Deferred failing with MulticastJoinError */
  joinGroup(addr: string, iface?: string): Deferred<null>;
  /** Leaves `addr`. @returns a Deferred failing with MulticastJoinError when not a member */
  leaveGroup(addr: string, iface?: string): Deferred<null>;
  /** 1 when this host's own members hear what this socket sends to a group (the default), 0 when not. */
  getLoopbackMode(): number;
  setLoopbackMode(mode: boolean | number): void;
  /** How many routers a datagram to a group may cross (1 by default: the local network). */
  getTTL(): number;
  setTTL(ttl: number): void;
  /** The interface datagrams to a group leave by ("0.0.0.0": the routing table's choice). */
  getOutgoingInterface(): string;
  /** Sends to groups through `addr`. @returns a Deferred firing with 1 */
  setOutgoingInterface(addr: string): Deferred<number>;
}

/** One entry of a directory listing. */
export interface DirEntry {
  readonly name: string;
  readonly path: string;
  readonly kind: "file" | "dir";
  /** Size in bytes (UTF-8) for files, 0 for directories. */
  readonly size: number;
}

/** Files on the host the reactor runs on: the simulated host's, or the real ones under Node. */
export interface IFileSystem {
  /** The working directory relative paths are taken from ("/" when absent, as on the simulated host). */
  readonly cwd?: string;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  isFile(path: string): boolean;
  /** @throws FileNotFoundError, IsADirectoryError */
  read(path: string): string;
  /** Creates missing parent directories. */
  write(path: string, content: string): void;
  append(path: string, content: string): void;
  /** The file's bytes (a database file). @throws FileNotFoundError, IsADirectoryError */
  readBytes?(path: string): Uint8Array;
  /** Replaces (or creates) the file with these bytes. */
  writeBytes?(path: string, content: Uint8Array): void;
  mkdir(path: string): void;
  /** @throws FileNotFoundError, NotADirectoryError */
  list(path: string): DirEntry[];
  remove(path: string, recursive?: boolean): void;
}

/** The reactor: the event loop that runs everything. */
/** The phases of a system event, in the order they run. */
export type SystemEventPhase = "before" | "during" | "after";
/** The system events a reactor fires. */
export type SystemEventType = "startup" | "shutdown";

export interface IReactor {
  /** True between run() and the end of shutdown. */
  readonly running: boolean;
  /** The current time in seconds. */
  seconds(): number;
  /** Schedules `f(...args)` to run `delay` seconds from now. */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): IDelayedCall;
  /** Runs `f(...args)` once the reactor is running (at once if it is); returns a trigger id when it waits. */
  callWhenRunning<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): unknown;
  /**
   * Runs `f(...args)` at a phase ("before", "during", "after") of "startup" or
   * "shutdown"; a Deferred returned by a "before" trigger holds the later phases back.
   * Returns an id for removeSystemEventTrigger.
   */
  addSystemEventTrigger<A extends unknown[]>(
    phase: SystemEventPhase,
    event: SystemEventType,
    f: (...args: A) => unknown,
    ...args: A
  ): unknown;
  /** Removes a trigger by the id addSystemEventTrigger returned. */
  removeSystemEventTrigger(id: any): void;
  /** Starts the event loop. */
  run(): void;
  /** Stops the event loop; shutdown triggers run and ports close. */
  stop(): void;
  /** Pending delayed calls, in the order they will run. */
  getDelayedCalls(): IDelayedCall[];
  /** Listens for TCP connections on `port`. */
  listenTCP(port: number, factory: IProtocolFactory, backlog?: number, iface?: string): IListeningPort;
  /** Connects to `host:port` with a client factory. */
  connectTCP(host: string, port: number, factory: IClientFactory, timeout?: number): IConnector;
  /** Listens for UDP datagrams on `port`. */
  listenUDP(port: number, protocol: IDatagramProtocol, iface?: string, maxPacketSize?: number): IUDPTransport;
  /** Listens for UDP datagrams on `port`, able to join multicast groups; `listenMultiple` lets sockets share the port. */
  listenMulticast(port: number, protocol: IDatagramProtocol, iface?: string, maxPacketSize?: number, listenMultiple?: boolean): IMulticastTransport;
  /** Listens for stream connections on the Unix domain socket at path `address`. */
  listenUNIX(address: string, factory: IProtocolFactory, backlog?: number, mode?: number, wantPID?: boolean | number): IUNIXListeningPort;
  /** Connects to the Unix domain socket at path `address`. */
  connectUNIX(address: string, factory: IClientFactory, timeout?: number, checkPID?: boolean | number): IConnector;
  /**
   * Runs `executable` with `args` (args[0] is the program's own name, as in
   * Twisted), talking to it through `processProtocol`.
   */
  spawnProcess(
    processProtocol: IProcessProtocol,
    executable: string,
    args?: readonly string[],
    env?: Readonly<Record<string, string>>,
    path?: string | null,
  ): IProcessTransport;
  /** Runs `f(...args)` in a thread of the reactor's pool. */
  callInThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void;
  /** From a thread: runs `f(...args)` in the reactor's thread. */
  callFromThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void;
  /** Sets the most threads the pool will use at once. */
  suggestThreadPoolSize(size: number): void;

  /** Engine extension: a blocking call (time.sleep) holds the reactor's thread for `seconds`. */
  blockFor(seconds: number): void;
  /** Engine extension: a random number in [0, 1) (seeded in the simulation). */
  random(): number;
  /** Engine extension: the files of the host the reactor runs on. */
  fileSystem(): IFileSystem;
}

/**
 * Engine extension: the machine a SimulatedReactor does its I/O on, handed to
 * it by whoever builds the simulation (engine/simulation's SimulatedHost).
 * The reactor keeps time and runs events; the host owns ports, connections,
 * processes and files.
 */
export interface IReactorHost {
  /** Listens for TCP connections. @throws CannotListenError */
  listenTCP(port: number, factory: IProtocolFactory, backlog?: number, iface?: string): IListeningPort;
  /** Connects to `host:port`; the factory hears how it went. */
  connectTCP(host: string, port: number, factory: IClientFactory, timeout?: number): IConnector;
  /** Listens for UDP datagrams. @throws CannotListenError */
  listenUDP(port: number, protocol: IDatagramProtocol, iface?: string, maxPacketSize?: number): IUDPTransport;
  /** Listens for UDP datagrams, able to join multicast groups. @throws CannotListenError */
  listenMulticast(port: number, protocol: IDatagramProtocol, iface?: string, maxPacketSize?: number, listenMultiple?: boolean): IMulticastTransport;
  /** Listens on a Unix domain socket (a file at `address`). @throws CannotListenError */
  listenUNIX(address: string, factory: IProtocolFactory, backlog?: number, mode?: number, wantPID?: boolean | number): IUNIXListeningPort;
  /** Connects to a Unix domain socket; the factory hears how it went. */
  connectUNIX(address: string, factory: IClientFactory, timeout?: number, checkPID?: boolean | number): IConnector;
  /** Runs a command on the host. */
  spawnProcess(
    processProtocol: IProcessProtocol,
    executable: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    path: string | null,
  ): IProcessTransport;
  /** The host's files. */
  readonly fs: IFileSystem;
  /** A random number in [0, 1) from the machine's seeded source. */
  random(): number;
  /** Reactor shutdown ("during"): closes the host's ports and drops its connections. */
  shutDown(): void;
}
