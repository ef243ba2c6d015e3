/** twisted.internet.interfaces: what every reactor offers, simulated or real. */
import type { DelayedCall } from "./delayed-call";
import type { ClientFactory, Factory, IConnector } from "./protocol";
import type { DatagramProtocol } from "./datagram-protocol";
import type { ProcessProtocol, IProcessTransport } from "./process-protocol";
import type { Deferred } from "./defer";
import type { IPv4Address } from "./address";
import type { DirEntry } from "../../simulation/virtual-fs";

/** A listening port, as listenTCP returns. */
export interface IListeningPort {
  /** Stops accepting connections; fires once the port is closed. */
  stopListening(): Deferred<null>;
  /** The address the port listens on. */
  getHost(): IPv4Address;
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

/** Files on the host the reactor runs on: the simulated host's, or the real ones under Node. */
export interface IFileSystem {
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  isFile(path: string): boolean;
  /** @throws FileNotFoundError, IsADirectoryError */
  read(path: string): string;
  /** Creates missing parent directories. */
  write(path: string, content: string): void;
  append(path: string, content: string): void;
  mkdir(path: string): void;
  /** @throws FileNotFoundError, NotADirectoryError */
  list(path: string): DirEntry[];
  remove(path: string, recursive?: boolean): void;
}

/** The reactor: the event loop that runs everything. */
export interface IReactor {
  /** True between run() and the end of shutdown. */
  readonly running: boolean;
  /** The current time in seconds. */
  seconds(): number;
  /** Schedules `f(...args)` to run `delay` seconds from now. */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): DelayedCall;
  /** Runs `f(...args)` once the reactor is running. */
  callWhenRunning<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void;
  /** Runs `f(...args)` at a phase ("before", "during", "after") of "startup" or "shutdown". */
  addSystemEventTrigger<A extends unknown[]>(
    phase: "before" | "during" | "after",
    event: "startup" | "shutdown",
    f: (...args: A) => unknown,
    ...args: A
  ): void;
  /** Starts the event loop. */
  run(): void;
  /** Stops the event loop; shutdown triggers run and ports close. */
  stop(): void;
  /** Pending delayed calls, in the order they will run. */
  getDelayedCalls(): DelayedCall[];
  /** Listens for TCP connections on `port`. */
  listenTCP(port: number, factory: Factory, backlog?: number, iface?: string): IListeningPort;
  /** Connects to `host:port` with a client factory. */
  connectTCP(host: string, port: number, factory: ClientFactory, timeout?: number): IConnector;
  /** Listens for UDP datagrams on `port`. */
  listenUDP(port: number, protocol: DatagramProtocol, iface?: string, maxPacketSize?: number): IUDPTransport;
  /**
   * Runs `executable` with `args` (args[0] is the program's own name, as in
   * Twisted), talking to it through `processProtocol`.
   */
  spawnProcess(
    processProtocol: ProcessProtocol,
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
