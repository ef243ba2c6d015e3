/** UDP for the real-network reactor, on node:dgram. */
import * as dgram from "node:dgram";
import { Failure } from "../twisted/python/failure";
import * as log from "../twisted/python/log";
import { Deferred, succeed } from "../twisted/internet/defer";
import { IPv4Address } from "../twisted/internet/address";
import { CannotListenError } from "../twisted/internet/error";
import type { DatagramProtocol } from "../twisted/internet/datagram-protocol";
import type { IUDPTransport, UDPAddress } from "../twisted/internet/interfaces";
import { encodeData } from "../twisted/internet/wire";
import type { NodeReactor } from "./node-reactor";

/** A bound UDP socket: the transport of a DatagramProtocol. */
export class NodeUDPPort implements IUDPTransport {
  listening = false;
  /** Fires once bound (or fails with CannotListenError). */
  readonly whenListening = new Deferred<NodeUDPPort>();
  protected readonly socket: dgram.Socket;
  private connectedTo: UDPAddress | null = null;
  /** Datagrams written while connect() is still under way: Node cannot send on a socket until it is connected. */
  private pendingWrites: Uint8Array[] | null = null;

  constructor(
    private readonly reactor: NodeReactor,
    readonly port: number,
    readonly protocol: DatagramProtocol,
    readonly iface: string,
    readonly maxPacketSize: number,
    /** SO_REUSEADDR (listenMulticast's listenMultiple): other such sockets may bind the same port. */
    readonly reusable = false,
  ) {
    this.socket = dgram.createSocket({ type: "udp4", reuseAddr: reusable });
    this.socket.on("error", (error: NodeJS.ErrnoException) => {
      if (!this.whenListening.called) {
        const reason = error.code === "EADDRINUSE" ? "[Errno 98] Address already in use" : error.message;
        this.whenListening.errback(new Failure(new CannotListenError(iface, port, reason)));
      } else if (error.code === "ECONNREFUSED" && this.connectedTo) {
        reactor.guarded(() => protocol.connectionRefused());
      }
    });
    this.socket.on("message", (message: Buffer, info: dgram.RemoteInfo) => {
      const bytes = new Uint8Array(message.buffer, message.byteOffset, Math.min(message.byteLength, maxPacketSize));
      const value = protocol.receivesBytes ? bytes : new TextDecoder("utf-8").decode(bytes);
      reactor.guarded(() => protocol.datagramReceived(value as string, [info.address, info.port]));
      reactor.workDone();
    });
    this.socket.bind(port, iface || "0.0.0.0", () => {
      this.listening = true;
      reactor.track(this, true);
      log.msg(`${protocol.logPrefix()} starting on ${this.getHost().port}`);
      reactor.guarded(() => protocol.makeConnection(this));
      this.whenListening.callback(this);
      reactor.workDone();
    });
  }

  /**
   * Sends one datagram to `addr`, or to the connected address.
   * @throws Error when the address is missing or differs from the connected one.
   */
  write(data: string | Uint8Array, addr?: UDPAddress): void {
    const bytes = encodeData(data);
    if (this.connectedTo && addr && (addr[0] !== this.connectedTo[0] || addr[1] !== this.connectedTo[1])) {
      throw new Error("ValueError: already connected, can't write to another address");
    }
    if (this.pendingWrites) this.pendingWrites.push(bytes);
    else if (this.connectedTo) this.socket.send(bytes);
    else if (addr) this.socket.send(bytes, addr[1], addr[0]);
    else throw new Error("ValueError: not connected: give the address to write to");
  }

  /**
   * Connected UDP: only `host:port`'s datagrams are received.
   * @throws Error when `host` is not an IPv4 address, or when already connected.
   */
  connect(host: string, port: number): void {
    if (this.connectedTo) throw new Error("RuntimeError: already connected, reconnecting is not currently supported");
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) throw new Error(`InvalidAddressError: Invalid address ${host}: not an IPv4 address.`);
    this.connectedTo = [host, port];
    this.pendingWrites = [];
    this.socket.connect(port, host, () => {
      const waiting = this.pendingWrites ?? [];
      this.pendingWrites = null;
      for (const bytes of waiting) this.socket.send(bytes);
    });
  }

  /** Closes the socket; the protocol's stopProtocol runs. */
  stopListening(): Deferred<null> {
    if (!this.listening) return succeed(null);
    this.listening = false;
    this.reactor.track(this, false);
    const done = new Deferred<null>();
    this.socket.close(() => {
      log.msg(`(UDP Port ${this.port} Closed)`);
      this.reactor.guarded(() => this.protocol.doStop());
      done.callback(null);
    });
    return done;
  }

  /** Same as stopListening. */
  loseConnection(): Deferred<null> {
    return this.stopListening();
  }

  /** The bound address (the real port once bound, for port 0). */
  getHost(): IPv4Address {
    let bound = this.port;
    try {
      bound = this.socket.address().port;
    } catch {
      // Not bound yet.
    }
    return new IPv4Address("UDP", this.iface || "0.0.0.0", bound);
  }

  /** Allows or forbids sending to broadcast addresses. */
  setBroadcastAllowed(enabled: boolean): void {
    this.socket.setBroadcast(enabled);
  }
}
