/**
 * A machine on the simulated network: its name and address, its ports, its
 * filesystem and its processes. The learner's program runs on the network's
 * first host ("localhost"); lessons add others (a second finger host,
 * "livejournal.com") and may run servers there.
 */
import * as log from "../twisted/python/log";
import { VirtualFileSystem } from "./virtual-fs";
import { BASE_DIRECTORIES, baseFiles } from "./base-files";
import { IPv4Address } from "../twisted/internet/address";
import { CannotListenError } from "../twisted/internet/error";
import { Protocol, type ClientFactory, type DatagramProtocol, type Factory } from "../twisted/internet/protocol";
import { ProcessTable, type SimulatedProcess } from "./process-simulated";
import { builtinCommands } from "./commands";
import type { IProcessProtocol, IReactorHost } from "../twisted/internet/interfaces";
import type { ProcessProtocol } from "../twisted/internet/process-protocol";
import type { SimulatedNetwork } from "./simulated-network";
import { buildProtocol, SimulatedConnector, SimulatedPort } from "./tcp-simulated";
import { SimulatedTransport } from "./tcp-transport";
import { SimulatedUDPPort } from "./udp-simulated";
import { SimulatedMulticastPort } from "./multicast-simulated";
import { SimulatedUNIXConnector, SimulatedUNIXPort, UNIXSockets } from "./unix-simulated";

export const LOOPBACK = "127.0.0.1";
const FIRST_EPHEMERAL_PORT = 50000;

/** A listening port, as plain data for netstat and the reactor view. */
export interface PortInfo {
  readonly host: string;
  readonly transport: "TCP" | "UDP" | "UNIX";
  /** "0.0.0.0" when bound to every interface ("" for a Unix socket). */
  readonly interface: string;
  /** The port number (0 for a Unix socket). */
  readonly port: number;
  /** A Unix domain socket's path. */
  readonly path?: string;
  /** The factory's (TCP) or protocol's (UDP) class name. */
  readonly owner: string;
}

export class SimulatedHost implements IReactorHost {
  /** False makes the host unreachable: connections to it time out. */
  up = true;
  /**
   * True for hosts that are scenery (a lesson's web server, the public
   * Internet): their ports open and close without lines in the program's log,
   * which only tells what happens on the learner's own machine.
   */
  quiet = false;
  /** The host's files: /etc/users, /etc/passwd, /home/USER/.plan, ... */
  readonly fs = new VirtualFileSystem();
  /** The host's processes and the commands it can run. */
  readonly processes: ProcessTable;
  private readonly tcpPorts: SimulatedPort[] = [];
  private readonly udpPorts: SimulatedUDPPort[] = [];
  private nextEphemeralPort = FIRST_EPHEMERAL_PORT;
  /** The host's Unix domain sockets (their files are in `fs`). */
  private readonly unix = new UNIXSockets(this);

  constructor(
    readonly network: SimulatedNetwork,
    readonly name: string,
    /** The host's address on the network (other hosts reach it there). */
    readonly ip: string,
  ) {
    this.processes = new ProcessTable(this, builtinCommands);
    for (const dir of BASE_DIRECTORIES) this.fs.mkdir(dir);
    this.fs.seed(baseFiles(name));
  }

  /**
   * Listens for TCP connections on `port` (0 picks a free one), building
   * protocols with `factory`. `iface` "127.0.0.1" accepts only connections
   * from this host; "" accepts them from anywhere.
   * @throws CannotListenError when the port is taken or invalid.
   */
  listenTCP(port: number, factory: Factory, backlog = 50, iface = ""): SimulatedPort {
    void backlog;
    const chosen = this.claimPort(port, iface, this.tcpPorts);
    const listening = new SimulatedPort(this, chosen, factory, iface);
    this.tcpPorts.push(listening);
    if (!this.quiet) log.msg(`${factory.logPrefix()} starting on ${chosen}`);
    factory.doStart();
    return listening;
  }

  /** Connects from this host to `host:port`; the factory hears how it went. */
  connectTCP(host: string, port: number, factory: ClientFactory, timeout = 30): SimulatedConnector {
    const connector = new SimulatedConnector(this, host, port, factory, timeout);
    connector.connect();
    return connector;
  }

  /**
   * Listens for UDP datagrams on `port`, delivering them to `protocol`.
   * @throws CannotListenError when the port is taken or invalid.
   */
  listenUDP(port: number, protocol: DatagramProtocol, iface = "", maxPacketSize = 8192): SimulatedUDPPort {
    const chosen = this.claimPort(port, iface, this.udpPorts);
    const udp = new SimulatedUDPPort(this, chosen, protocol, iface, maxPacketSize);
    this.udpPorts.push(udp);
    udp.start();
    return udp;
  }

  /**
   * Listens for UDP datagrams on `port` with a socket that can join multicast
   * groups; with `listenMultiple`, other such sockets may share the port.
   * @throws CannotListenError when the port is taken or invalid.
   */
  listenMulticast(port: number, protocol: DatagramProtocol, iface = "", maxPacketSize = 8192, listenMultiple = false): SimulatedMulticastPort {
    const chosen = this.claimPort(port, iface, this.udpPorts, listenMultiple);
    const udp = new SimulatedMulticastPort(this, chosen, protocol, iface, maxPacketSize, listenMultiple);
    this.udpPorts.push(udp);
    udp.start();
    return udp;
  }

  /**
   * Listens for stream connections on a Unix domain socket: a socket file at
   * `address` on this host's filesystem.
   * @throws CannotListenError when the file exists, its directory does not, or (wantPID) the lock is held.
   */
  listenUNIX(address: string, factory: Factory, backlog = 50, mode = 0o666, wantPID: boolean | number = false): SimulatedUNIXPort {
    return this.unix.listen(address, factory, backlog, mode, Boolean(wantPID));
  }

  /** Connects to the Unix domain socket at `address` on this host; the factory hears how it went. */
  connectUNIX(address: string, factory: ClientFactory, timeout = 30, checkPID: boolean | number = false): SimulatedUNIXConnector {
    return this.unix.connect(address, factory, timeout, Boolean(checkPID));
  }

  /**
   * Engine use: a UDP socket for a scripted peer (the checks' senders and
   * group listeners), which writes no log lines; it shares its port with
   * others, as listenMultiple does. Port 0 picks a free one.
   */
  openPeerSocket(port: number, protocol: DatagramProtocol): SimulatedMulticastPort {
    const chosen = this.claimPort(port, "", this.udpPorts, true);
    const udp = new SimulatedMulticastPort(this, chosen, protocol, "", 65535, true);
    this.udpPorts.push(udp);
    udp.start(false);
    return udp;
  }

  /** Runs a simulated command on this host (see ProcessTable.spawn). */
  spawnProcess(
    processProtocol: IProcessProtocol,
    executable: string,
    args: readonly string[] = [],
    env: Readonly<Record<string, string>> = {},
    path: string | null = null,
  ): SimulatedProcess {
    return this.processes.spawn(processProtocol as ProcessProtocol, executable, args, env, path);
  }

  /** A number in [0, 1) from the network's seeded generator. */
  random(): number {
    return this.network.random.random();
  }

  /** The factory listening on TCP `port` (on any interface), if any. */
  tcpFactory(port: number): Factory | undefined {
    return this.tcpPorts.find((p) => p.port === port)?.factory;
  }

  /** This host's addresses: loopback and its network address. */
  addresses(): string[] {
    return [LOOPBACK, this.ip];
  }

  /** Listening TCP and UDP ports, in port order, then Unix domain sockets. */
  listeningPorts(): PortInfo[] {
    const tcp = this.tcpPorts.map((p) => ({
      host: this.name,
      transport: "TCP" as const,
      interface: p.iface || "0.0.0.0",
      port: p.port,
      owner: p.factory.constructor.name,
    }));
    const udp = this.udpPorts.map((p) => ({
      host: this.name,
      transport: "UDP" as const,
      interface: p.iface || "0.0.0.0",
      port: p.port,
      owner: p.protocol.constructor.name,
    }));
    const unix = this.unix.paths().map(({ path, owner }) => ({ host: this.name, transport: "UNIX" as const, interface: "", port: 0, path, owner }));
    return [...[...tcp, ...udp].sort((a, b) => a.port - b.port || a.transport.localeCompare(b.transport)), ...unix];
  }

  /** A free port for an outgoing connection or an unbound socket. */
  allocatePort(): number {
    const taken = (port: number) => this.tcpPorts.some((p) => p.port === port) || this.udpPorts.some((p) => p.port === port);
    while (taken(this.nextEphemeralPort)) this.nextEphemeralPort++;
    return this.nextEphemeralPort++;
  }

  /**
   * @internal A SYN from `from` for `ip:port` arrived. Returns the client's end
   * of the new connection (not yet open), or null when nothing listens there.
   */
  acceptTCP(port: number, ip: string, from: SimulatedHost, clientFactory: ClientFactory): SimulatedTransport | null {
    const listening = this.tcpPorts.find((p) => p.port === port && p.accepts(ip));
    if (!listening || !this.up) return null;
    const net = this.network;
    const clientAddress = new IPv4Address("TCP", ip === LOOPBACK ? LOOPBACK : from.ip, from.allocatePort());
    const serverAddress = new IPv4Address("TCP", ip, port);
    const serverProtocol = buildProtocol(this, listening.factory, clientAddress);
    const clientProtocol = buildProtocol(from, clientFactory, serverAddress);
    const id = net.nextConnectionId();
    // A null protocol refuses: the server accepts, then closes at once.
    const serverEnd = new SimulatedTransport(net, serverProtocol ?? new Protocol(), serverAddress, clientAddress, this.name, id);
    const clientEnd = new SimulatedTransport(net, clientProtocol ?? new Protocol(), clientAddress, serverAddress, from.name, id);
    SimulatedTransport.pair(serverEnd, clientEnd);
    serverEnd.open();
    if (!serverProtocol) serverEnd.loseConnection();
    if (!clientProtocol) net.simulation.scheduleIo(net.latency, () => clientEnd.loseConnection(), `close conn ${id}`);
    return clientEnd;
  }

  /** True when a socket on this host has joined multicast group `group`. */
  isGroupMember(group: string): boolean {
    return this.udpPorts.some((p) => p.listening && p.groups.has(group));
  }

  /**
   * @internal A datagram to a group this host joined arrived: as on Linux,
   * every socket bound to its port (on any interface, or on the group
   * address) gets a copy.
   */
  receiveGroupDatagram(group: string, port: number, data: Uint8Array, from: IPv4Address): void {
    if (!this.up) return;
    for (const udp of this.udpPorts.filter((p) => p.port === port && p.accepts(group))) udp.receive(data, from);
  }

  /** @internal A datagram for `ip:port` arrived; returns false when no socket is there. */
  receiveDatagram(ip: string, port: number, data: Uint8Array, from: IPv4Address): boolean {
    const udp = this.udpPorts.find((p) => p.port === port && p.accepts(ip));
    if (!udp || !this.up) return false;
    udp.receive(data, from);
    return true;
  }

  /** @internal */
  unlisten(port: SimulatedPort | SimulatedUDPPort): void {
    const list: unknown[] = port instanceof SimulatedPort ? this.tcpPorts : this.udpPorts;
    const at = list.indexOf(port);
    if (at >= 0) list.splice(at, 1);
  }

  /** @internal Reactor shutdown: close this host's ports and connections. */
  shutDown(): void {
    for (const port of [...this.tcpPorts]) port.close();
    for (const port of [...this.udpPorts]) port.close();
    this.unix.shutDown();
    this.network.dropConnections(this.name);
  }

  private claimPort(port: number, iface: string, table: readonly { port: number; iface: string; reusable?: boolean }[], reusable = false): number {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CannotListenError(iface, port, "port must be 0-65535");
    }
    if (iface && iface !== "0.0.0.0" && !this.addresses().includes(iface)) {
      throw new CannotListenError(iface, port, "[Errno 99] Cannot assign requested address");
    }
    if (port === 0) return this.allocatePort();
    const wildcard = (address: string) => address === "" || address === "0.0.0.0";
    // Linux: a port bound to every interface clashes with any binding of it, and vice versa.
    // SO_REUSEADDR on every socket of the port (listenMultiple) lets them share it.
    const clash = table.some((p) => p.port === port && !(reusable && p.reusable) && (wildcard(p.iface) || wildcard(iface) || p.iface === iface));
    if (clash) throw new CannotListenError(iface, port, "[Errno 98] Address already in use");
    return port;
  }
}
