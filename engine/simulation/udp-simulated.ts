/**
 * UDP on the simulated network. A datagram takes the latency to arrive, is
 * delivered whole, may be lost (the network's udpLoss, from its seed) and is
 * silently dropped when nothing listens, except on connected UDP, where the
 * protocol hears connectionRefused (as Linux reports the ICMP error).
 */
import * as log from "../twisted/python/log";
import { Deferred, succeed } from "../twisted/internet/defer";
import { IPv4Address } from "../twisted/internet/address";
import type { DatagramProtocol } from "../twisted/internet/datagram-protocol";
import type { IUDPTransport, UDPAddress } from "../twisted/internet/interfaces";
import { LOOPBACK, type SimulatedHost } from "./simulated-host";
import { encodeData } from "../twisted/internet/wire";

/** A bound UDP socket: the transport of a DatagramProtocol. */
export class SimulatedUDPPort implements IUDPTransport {
  listening = true;
  private connectedTo: UDPAddress | null = null;
  /** IP_MULTICAST_LOOP: this host's own group members hear what this socket sends to a group (Linux's default). */
  protected multicastLoopback = true;
  /** IP_MULTICAST_TTL: 0 keeps datagrams to a group on this host; 1 (the default) reaches the local network. */
  protected multicastTTL = 1;
  /** The multicast groups this socket joined. */
  readonly groups = new Set<string>();
  /** False for sockets that are not the program's (scenery hosts, the checks' peers): they write no log lines. */
  private logged = true;

  constructor(
    protected readonly owner: SimulatedHost,
    readonly port: number,
    readonly protocol: DatagramProtocol,
    readonly iface: string,
    readonly maxPacketSize: number,
    /** SO_REUSEADDR (listenMulticast's listenMultiple): other such sockets may bind the same port. */
    readonly reusable = false,
  ) {}

  /** @internal Starts the protocol, as Twisted's startListening does; `logged` false for the engine's own scripted peers. */
  start(logged = true): void {
    this.logged = logged && !this.owner.quiet;
    if (this.logged) log.msg(`${this.protocol.logPrefix()} starting on ${this.port}`);
    this.owner.network.simulation.guarded(() => this.protocol.makeConnection(this));
  }

  /**
   * Sends one datagram to `addr`, or to the connected address.
   * @throws Error when connected and `addr` is another address, or when not
   *   connected and no address is given; TypeError for data that is not text or bytes.
   */
  write(data: string | Uint8Array, addr?: UDPAddress): void {
    const bytes = encodeData(data);
    if (this.connectedTo && addr && (addr[0] !== this.connectedTo[0] || addr[1] !== this.connectedTo[1])) {
      throw new Error("ValueError: already connected, can't write to another address");
    }
    const to = addr ?? this.connectedTo;
    if (!to) throw new Error("ValueError: not connected: give the address to write to");
    if (!this.listening) return;
    const net = this.owner.network;
    if (isMulticastAddress(to[0])) {
      net.sendToGroup(this.owner, this.port, to, bytes, { loopback: this.multicastLoopback, ttl: this.multicastTTL });
      return;
    }
    const route = net.route(this.owner, to[0]);
    if (route === "unknown" || route === "unreachable") return;
    if (net.udpLoss > 0 && net.random.random() < net.udpLoss) return;
    const from = new IPv4Address("UDP", route.ip === LOOPBACK ? LOOPBACK : this.owner.ip, this.port);
    net.simulation.scheduleIo(net.latency, () => {
      const delivered = route.target.receiveDatagram(route.ip, to[1], bytes, from);
      if (!delivered && this.connectedTo) {
        // The ICMP "port unreachable" travels back.
        net.simulation.scheduleIo(net.latency, () => {
          if (this.listening) net.simulation.guarded(() => this.protocol.connectionRefused());
        }, `ICMP unreachable to UDP ${this.port}`);
      }
    }, `datagram ${bytes.length} bytes ${from.host}:${this.port} -> ${to[0]}:${to[1]}`);
  }

  /**
   * Connected UDP: from now on only datagrams from `host:port` are received.
   * @throws Error (InvalidAddressError) when `host` is not an IPv4 address, as in Twisted;
   *   Error when already connected.
   */
  connect(host: string, port: number): void {
    if (this.connectedTo) throw new Error("RuntimeError: already connected, reconnecting is not currently supported");
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      throw new Error(`InvalidAddressError: Invalid address ${host}: not an IPv4 address.`);
    }
    this.connectedTo = [host, port];
  }

  /** Stops listening; the protocol's stopProtocol runs. */
  stopListening(): Deferred<null> {
    this.close();
    return succeed(null);
  }

  /** Same as stopListening. */
  loseConnection(): Deferred<null> {
    return this.stopListening();
  }

  /** The address this socket is bound to. */
  getHost(): IPv4Address {
    return new IPv4Address("UDP", this.iface || "0.0.0.0", this.port);
  }

  /** No-op in the simulation. */
  setBroadcastAllowed(enabled: boolean): void {
    void enabled;
  }

  /** True if a datagram for `ip` (an address of this host, or a group it joined) reaches this socket. */
  accepts(ip: string): boolean {
    return this.listening && (this.iface === "" || this.iface === "0.0.0.0" || this.iface === ip);
  }

  /** @internal A datagram arrived from `from`. */
  receive(bytes: Uint8Array, from: IPv4Address): void {
    if (this.connectedTo && (from.host !== this.connectedTo[0] || from.port !== this.connectedTo[1])) return;
    const datagram = bytes.length > this.maxPacketSize ? bytes.subarray(0, this.maxPacketSize) : bytes;
    const value = this.protocol.receivesBytes ? datagram : new TextDecoder("utf-8").decode(datagram);
    const address: UDPAddress = [from.host, from.port];
    this.owner.network.simulation.guarded(() => this.protocol.datagramReceived(value as string, address));
  }

  /** @internal */
  close(): void {
    if (!this.listening) return;
    this.listening = false;
    this.owner.unlisten(this);
    if (this.logged) log.msg(`(UDP Port ${this.port} Closed)`);
    this.owner.network.simulation.guarded(() => this.protocol.doStop());
  }
}

/** True for an IPv4 multicast (class D) address: 224.0.0.0 to 239.255.255.255. */
export function isMulticastAddress(address: string): boolean {
  const match = /^(\d+)\.\d+\.\d+\.\d+$/.exec(address);
  return match !== null && Number(match[1]) >= 224 && Number(match[1]) <= 239;
}
