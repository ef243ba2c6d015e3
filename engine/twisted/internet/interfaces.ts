/** twisted.internet.interfaces: what every reactor offers, simulated or real. */
import type { DelayedCall } from "./delayed-call";
import type { ClientFactory, Factory, IConnector } from "./protocol";
import type { Deferred } from "./defer";
import type { IPv4Address } from "./address";

/** A listening port, as listenTCP returns. */
export interface IListeningPort {
  /** Stops accepting connections; fires once the port is closed. */
  stopListening(): Deferred<null>;
  /** The address the port listens on. */
  getHost(): IPv4Address;
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
  /** Listens for TCP connections on `port`. */
  listenTCP(port: number, factory: Factory, backlog?: number, iface?: string): IListeningPort;
  /** Connects to `host:port` with a client factory. */
  connectTCP(host: string, port: number, factory: ClientFactory, timeout?: number): IConnector;
  /** Pending delayed calls, in the order they will run. */
  getDelayedCalls(): DelayedCall[];
}
