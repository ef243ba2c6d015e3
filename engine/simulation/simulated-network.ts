/**
 * The simulated network: its hosts, how names resolve, and the conditions
 * the learner can change (latency, how streams are cut into segments, the
 * seed of its randomness). Connections and ports live on hosts; this holds
 * what they share.
 */
import { SeededRandom } from "./seeded-random";
import type { Segmentation } from "./segmentation";
import { LOOPBACK, SimulatedHost, type PortInfo } from "./simulated-host";
import { SimulatedReactor } from "../twisted/internet/simulated-reactor";
import type { ConnectionInfo, SimulatedTransport } from "./tcp-transport";
import { ConnectionLost } from "../twisted/internet/error";
import { IPv4Address } from "../twisted/internet/address";

/** The conditions a learner can change, as plain data. */
export interface NetworkConditions {
  /** Seconds a segment or datagram takes from one host to another (or to itself). */
  latency: number;
  /** How TCP streams are cut into segments. */
  segmentation: Segmentation;
  /** Seed of the randomness behind "random" segmentation and UDP loss. */
  seed: number;
  /** Fraction (0 to 1) of UDP datagrams lost on the way. */
  udpLoss: number;
}

/** Where a name leads: a host and the address used, or why not. */
export type Route = { readonly target: SimulatedHost; readonly ip: string } | "unknown" | "unreachable";

export class SimulatedNetwork {
  latency = 0;
  segmentation: Segmentation = "as-written";
  udpLoss = 0;
  random: SeededRandom;
  /** The host the learner's program runs on. */
  readonly localhost: SimulatedHost;
  private readonly hostsByName = new Map<string, SimulatedHost>();
  private readonly transports = new Set<SimulatedTransport>();
  private lastConnectionId = 0;
  private lastHostNumber = 0;

  constructor(
    private readonly reactor: SimulatedReactor<SimulatedHost>,
    seed = 1,
  ) {
    this.random = new SeededRandom(seed);
    this.localhost = this.addHost("localhost");
  }

  /** The current conditions. */
  conditions(): NetworkConditions {
    return { latency: this.latency, segmentation: this.segmentation, seed: this.random.seed, udpLoss: this.udpLoss };
  }

  /**
   * Changes some conditions; a new seed restarts the random sequence.
   * @throws RangeError for a negative latency or a loss outside 0..1.
   */
  setConditions(changes: Partial<NetworkConditions>): void {
    if (changes.latency !== undefined) {
      if (!(changes.latency >= 0)) throw new RangeError(`latency must be >= 0, not ${changes.latency}`);
      this.latency = changes.latency;
    }
    if (changes.udpLoss !== undefined) {
      if (!(changes.udpLoss >= 0 && changes.udpLoss <= 1)) throw new RangeError("udpLoss must be between 0 and 1");
      this.udpLoss = changes.udpLoss;
    }
    if (changes.segmentation !== undefined) this.segmentation = changes.segmentation;
    if (changes.seed !== undefined) this.random = new SeededRandom(changes.seed);
  }

  /**
   * Adds a host reachable by `name` (and by its address, 10.0.0.N unless given).
   * @throws Error if the name is taken.
   */
  addHost(name: string, ip?: string): SimulatedHost {
    if (this.hostsByName.has(name)) throw new Error(`a host named ${name} already exists`);
    const address = ip ?? `10.0.0.${++this.lastHostNumber}`;
    const host = new SimulatedHost(this, name, address);
    this.hostsByName.set(name, host);
    return host;
  }

  /**
   * Hosts the network can reach by name without anyone adding them first
   * (the World's public Internet): each is built, quiet, the first time its
   * name is looked up.
   */
  publicHosts: Readonly<Record<string, (host: SimulatedHost) => void>> = {};

  /** The host called `name` (or with address `name`), if any; a public host is built on first use. */
  getHost(name: string): SimulatedHost | undefined {
    const known = this.hostsByName.get(name) ?? [...this.hostsByName.values()].find((h) => h.ip === name);
    if (known || !Object.hasOwn(this.publicHosts, name)) return known;
    const host = this.addHost(name);
    host.quiet = true;
    this.publicHosts[name]!(host);
    return host;
  }

  /** Every host, the learner's first. */
  hosts(): SimulatedHost[] {
    return [...this.hostsByName.values()];
  }

  /**
   * Where connecting from `from` to `name` leads: "localhost" and 127.x are
   * `from` itself; a host name or address is that host; another address is
   * unreachable (it times out); any other name fails its DNS lookup.
   */
  route(from: SimulatedHost, name: string): Route {
    if (name === "localhost" || name === "" || name === "0.0.0.0" || name.startsWith("127.")) {
      return { target: from, ip: LOOPBACK };
    }
    const host = this.getHost(name);
    if (host) return host.up ? { target: host, ip: host.ip } : "unreachable";
    return /^\d+\.\d+\.\d+\.\d+$/.test(name) ? "unreachable" : "unknown";
  }

  /**
   * @internal A datagram to multicast group `to` from `sender`'s UDP port
   * `fromPort`: every host with a member of the group gets it on port
   * to[1] (each delivery a latency away, each may be lost), the sender's own
   * host only when the socket's loopback mode is on, other hosts only when
   * its TTL lets it leave the host.
   */
  sendToGroup(sender: SimulatedHost, fromPort: number, to: readonly [string, number], bytes: Uint8Array, options: { loopback: boolean; ttl: number }): void {
    const [group, port] = to;
    for (const host of this.hosts()) {
      if (!host.up || !host.isGroupMember(group)) continue;
      if (host === sender ? !options.loopback : options.ttl < 1) continue;
      if (this.udpLoss > 0 && this.random.random() < this.udpLoss) continue;
      const from = new IPv4Address("UDP", sender.ip, fromPort);
      this.reactor.scheduleIo(this.latency, () => host.receiveGroupDatagram(group, port, bytes, from), `datagram ${bytes.length} bytes ${sender.ip}:${fromPort} -> ${group}:${port} on ${host.name}`);
    }
  }

  /** Listening ports on every host. */
  listeningPorts(): PortInfo[] {
    return this.hosts().flatMap((host) => host.listeningPorts());
  }

  /** Open connections (each end separately), in the order they opened. */
  connections(): ConnectionInfo[] {
    return [...this.transports].map((t) => t.info());
  }

  /** Engine use: closes the learner's host's ports and connections (reactor shutdown). */
  shutDown(): void {
    this.localhost.shutDown();
  }

  /** @internal Drops every open connection end on host `name`, as a dying process does. */
  dropConnections(name: string): void {
    for (const transport of [...this.transports]) {
      if (transport.hostName === name) {
        transport.closeNow(new ConnectionLost("Connection to the other side was lost in a non-clean fashion: Connection lost."), false);
      }
    }
  }

  /** @internal */
  nextConnectionId(): number {
    return ++this.lastConnectionId;
  }

  /** @internal */
  track(transport: SimulatedTransport, open: boolean): void {
    if (open) this.transports.add(transport);
    else this.transports.delete(transport);
  }

  /** @internal */
  get simulation(): SimulatedReactor<SimulatedHost> {
    return this.reactor;
  }
}

/** Options for a new simulated machine. */
export interface SimulatedMachineOptions {
  /** Seed of the network's randomness (random segmentation, UDP loss, reconnect jitter). */
  readonly seed?: number;
}

/**
 * A simulated reactor on a network of its own: the reactor is handed the
 * network's first host ("localhost") to do its I/O on. `reactor.host.network`
 * is the network.
 */
export function newSimulatedReactor(options: SimulatedMachineOptions = {}): SimulatedReactor<SimulatedHost> {
  return new SimulatedReactor<SimulatedHost>({ host: (reactor) => new SimulatedNetwork(reactor, options.seed ?? 1).localhost });
}

/** A simulated reactor whose host is a SimulatedHost (what newSimulatedReactor builds). */
export type HostedReactor = SimulatedReactor<SimulatedHost>;
