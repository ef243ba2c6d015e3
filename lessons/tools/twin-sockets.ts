/**
 * The driver's own ends of real connections to a twin: a TCP, TLS or Unix
 * domain socket client that keeps what it received, and a UDP socket that
 * records the datagrams it receives.
 */
import { connect, type Socket } from "node:net";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { StringDecoder } from "node:string_decoder";
import { connect as tlsConnect } from "node:tls";
import type { DriverClient, DriverUdpSocket } from "../../engine";

/** A connection to the twin, as a scenario's `connect:` step makes it. */
export class RealClient implements DriverClient {
  state: DriverClient["state"] = "connecting";
  received = "";
  private readonly decoder = new StringDecoder("utf8");
  readonly socket: Socket;

  /** Connects to `host:port` (with `useTls`, as a TLS client), or to the Unix domain socket at `path`. */
  constructor(host: string, port: number, useTls = false, path?: string) {
    const address = { host: host === "localhost" ? "127.0.0.1" : host, port };
    // A TLS client accepts any certificate, as curl -k does (the twin's is self-signed).
    if (path !== undefined) this.socket = connect({ path });
    else this.socket = useTls ? tlsConnect({ ...address, rejectUnauthorized: false }) : connect(address);
    this.socket.on("connect", () => (this.state = "open"));
    this.socket.on("data", (chunk: Buffer) => (this.received += this.decoder.write(chunk)));
    this.socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT") this.state = "refused";
    });
    this.socket.on("close", () => {
      if (this.state !== "refused") this.state = "closed";
    });
  }
}

/** A real UDP socket for `udpSend:` and `joinGroup:` steps: it records every datagram it receives. */
export class RealUdpSocket implements DriverUdpSocket {
  readonly received: string[] = [];

  private constructor(readonly socket: UdpSocket) {
    socket.on("message", (message: Buffer) => this.received.push(message.toString("utf8")));
  }

  /**
   * Binds an ephemeral port, or `join.port` (shared) joined to `join.group`;
   * on every interface, since a datagram to a group leaves by the network's
   * interface, and one from a socket bound to 127.0.0.1 would never arrive.
   */
  static open(join?: { readonly group: string; readonly port: number }): Promise<RealUdpSocket> {
    const socket = createSocket({ type: "udp4", reuseAddr: join !== undefined });
    const udp = new RealUdpSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once("error", reject);
      const bound = () => {
        socket.removeListener("error", reject);
        if (join) socket.addMembership(join.group);
        resolve(udp);
      };
      if (join) socket.bind(join.port, bound);
      else socket.bind(0, bound);
    });
  }
}
