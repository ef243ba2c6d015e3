/** Outgoing TCP connections for the real-network reactor, on node:net. */
import * as net from "node:net";
import * as tls from "node:tls";
import { IPv4Address } from "../twisted/internet/address";
import { ConnectError, ConnectionRefusedError, DNSLookupError, TimeoutError } from "../twisted/internet/error";
import type { ClientFactory, Protocol } from "../twisted/internet/protocol";
import { Protocol as PlainProtocol } from "../twisted/internet/protocol";
import { BaseConnector } from "../twisted/internet/connector";
import type { NodeReactor } from "./node-reactor";
import { ipv4, NodeTLSTransport, NodeTransport } from "./node-tcp";

/** connectSSL's settings for node:tls: whether to verify the server, the name to expect, the roots to trust. */
export interface NodeTLSClientOptions {
  readonly rejectUnauthorized: boolean;
  readonly servername: string | null;
  readonly ca: readonly string[];
}

/** A client's connection attempt on a real socket (IConnector). */
export class NodeConnector extends BaseConnector<NodeTransport> {
  private socket: net.Socket | null = null;

  constructor(
    private readonly node: NodeReactor,
    host: string,
    port: number,
    factory: ClientFactory,
    timeout: number,
    /** connectSSL: speak TLS over the connection. */
    private readonly tlsOptions: NodeTLSClientOptions | null = null,
  ) {
    super(node, host, port, factory, timeout);
  }

  protected attempt(attempt: number): void {
    const options = this.tlsOptions;
    // IPv4, as for plain TCP (node passes `family` on to the TCP connection; its TLS typings omit it).
    const tlsOptions: (tls.ConnectionOptions & { family: number }) | null = options
      ? {
          host: this.host,
          port: this.port,
          family: 4,
          rejectUnauthorized: options.rejectUnauthorized,
          // Without a name to check, the certificate's name is not checked (Twisted's CertificateOptions without a hostname).
          ...(options.servername ? { servername: options.servername } : { checkServerIdentity: () => undefined }),
          ...(options.ca.length ? { ca: [...options.ca] } : {}),
        }
      : null;
    const socket = tlsOptions
      ? tls.connect(tlsOptions)
      : net.connect({ host: this.host, port: this.port, allowHalfOpen: true, family: 4 });
    this.socket = socket;
    socket.once("error", (error: NodeJS.ErrnoException) => {
      // A TLS handshake that fails (an untrusted certificate) leaves the TCP connection up: hang it up.
      socket.destroy();
      if (!this.isCurrent(attempt)) return;
      this.connectionFailed(connectError(error, this.host));
      this.node.workDone();
    });
    socket.once(options ? "secureConnect" : "connect", () => this.connected(attempt, socket));
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
    const peer = new IPv4Address("TCP", ipv4(socket.remoteAddress), socket.remotePort ?? 0);
    let protocol: Protocol | null = null;
    this.node.guarded(() => {
      protocol = this.factory.buildProtocol(peer);
    });
    const Transport = this.tlsOptions ? NodeTLSTransport : NodeTransport;
    const transport = new Transport(this.node, socket, protocol ?? new PlainProtocol());
    this.connectionMade(transport);
    transport.onClosed = (reason) => this.connectionLost(reason);
    transport.open();
    if (!protocol) transport.loseConnection();
    this.node.workDone();
  }
}

function connectError(error: NodeJS.ErrnoException, host: string): Error {
  if (error.code === "ECONNREFUSED") return new ConnectionRefusedError();
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") return new DNSLookupError(host);
  if (error.code === "ETIMEDOUT") return new TimeoutError();
  return new ConnectError(`An error occurred while connecting: ${error.message}.`);
}
