/** Outgoing TCP connections for the real-network reactor, on node:net. */
import * as net from "node:net";
import { Failure } from "../twisted/python/failure";
import { IPv4Address } from "../twisted/internet/address";
import {
  ConnectError,
  ConnectionRefusedError,
  DNSLookupError,
  NotConnectingError,
  TimeoutError,
  UserError,
} from "../twisted/internet/error";
import type { ClientFactory, IConnector, Protocol } from "../twisted/internet/protocol";
import { Protocol as PlainProtocol } from "../twisted/internet/protocol";
import type { NodeReactor } from "./node-reactor";
import { ipv4, NodeTransport } from "./node-tcp";

/** A client's connection attempt on a real socket (IConnector). */
export class NodeConnector implements IConnector {
  state: "disconnected" | "connecting" | "connected" = "disconnected";
  transport: NodeTransport | null = null;
  private socket: net.Socket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private factoryStarted = false;

  constructor(
    private readonly reactor: NodeReactor,
    readonly host: string,
    readonly port: number,
    readonly factory: ClientFactory,
    readonly timeout: number,
  ) {}

  /** Starts (or restarts) the attempt. @throws Error if already connecting or connected. */
  connect(): void {
    if (this.state !== "disconnected") throw new Error("can't connect in this state");
    this.state = "connecting";
    if (!this.factoryStarted) {
      this.factory.doStart();
      this.factoryStarted = true;
    }
    this.reactor.guarded(() => this.factory.startedConnecting(this));
    if (this.state !== "connecting") return;
    const socket = net.connect({ host: this.host, port: this.port, allowHalfOpen: true, family: 4 });
    this.socket = socket;
    this.timer = setTimeout(() => this.failed(socket, new TimeoutError()), this.timeout * 1000);
    socket.once("error", (error: NodeJS.ErrnoException) => this.failed(socket, connectError(error, this.host)));
    socket.once("connect", () => this.connected(socket));
  }

  /** Abandons the attempt (UserError). @throws NotConnectingError when not connecting. */
  stopConnecting(): void {
    if (this.state !== "connecting") throw new NotConnectingError();
    this.failed(this.socket, new UserError());
  }

  /** Abandons the attempt, or closes the connection. */
  disconnect(): void {
    if (this.state === "connecting") this.stopConnecting();
    else if (this.state === "connected") this.transport?.loseConnection();
  }

  /** Where this connector connects to. */
  getDestination(): IPv4Address {
    return new IPv4Address("TCP", this.host, this.port);
  }

  toString(): string {
    return `<Connector to ${this.host}:${this.port}>`;
  }

  private connected(socket: net.Socket): void {
    if (this.socket !== socket || this.state !== "connecting") return;
    this.clearTimer();
    socket.removeAllListeners("error");
    const peer = new IPv4Address("TCP", ipv4(socket.remoteAddress), socket.remotePort ?? 0);
    let protocol: Protocol | null = null;
    this.reactor.guarded(() => {
      protocol = this.factory.buildProtocol(peer);
    });
    this.state = "connected";
    const transport = new NodeTransport(this.reactor, socket, protocol ?? new PlainProtocol());
    this.transport = transport;
    transport.onClosed = (reason) => {
      this.state = "disconnected";
      this.transport = null;
      this.reactor.guarded(() => this.factory.clientConnectionLost(this, reason));
      this.stopFactoryIfIdle();
    };
    transport.open();
    if (!protocol) transport.loseConnection();
  }

  private failed(socket: net.Socket | null, error: Error): void {
    if (this.socket !== socket || this.state !== "connecting") return;
    this.clearTimer();
    this.socket = null;
    socket?.destroy();
    this.state = "disconnected";
    this.reactor.guarded(() => this.factory.clientConnectionFailed(this, new Failure(error)));
    this.stopFactoryIfIdle();
    this.reactor.workDone();
  }

  private stopFactoryIfIdle(): void {
    if (this.state !== "disconnected" || !this.factoryStarted) return;
    this.factoryStarted = false;
    this.factory.doStop();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function connectError(error: NodeJS.ErrnoException, host: string): Error {
  if (error.code === "ECONNREFUSED") return new ConnectionRefusedError();
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") return new DNSLookupError(host);
  if (error.code === "ETIMEDOUT") return new TimeoutError();
  return new ConnectError(`An error occurred while connecting: ${error.message}.`);
}
