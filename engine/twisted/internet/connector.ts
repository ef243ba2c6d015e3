/**
 * BaseConnector, as twisted.internet.base has it: the life of a client's
 * connection attempt, whatever carries it. It starts the factory once, tells
 * it startedConnecting, times the attempt out, and reports the end with
 * clientConnectionFailed or clientConnectionLost; a factory that reconnects
 * from those hooks keeps running, one that does not is stopped. The simulated
 * network and the NodeReactor each supply only how to try (`attempt`) and how
 * to give up (`abandon`).
 */
import { Failure } from "../python/failure";
import { IPv4Address } from "./address";
import { NotConnectingError, TimeoutError, UserError } from "./error";
import type { IConnector, IDelayedCall, ITransport } from "./interfaces";
import type { ClientFactory } from "./protocol";

/** What a connector needs from its reactor. */
export interface ConnectorReactor {
  callLater(delay: number, f: () => void): IDelayedCall;
  /** Runs the factory's code, logging what it raises. */
  guarded(f: () => unknown): unknown;
}

export abstract class BaseConnector<T extends ITransport = ITransport> implements IConnector {
  state: "disconnected" | "connecting" | "connected" = "disconnected";
  /** The connection, once connected. */
  transport: T | null = null;
  /** Counts attempts, so an answer to an abandoned attempt is recognised and dropped. */
  protected attemptId = 0;
  private factoryStarted = false;
  private timeoutCall: IDelayedCall | null = null;

  constructor(
    protected readonly reactor: ConnectorReactor,
    readonly host: string,
    readonly port: number,
    readonly factory: ClientFactory,
    readonly timeout: number,
  ) {}

  /** Starts (or restarts) the attempt. @throws Error if already connecting or connected. */
  connect(): void {
    if (this.state !== "disconnected") throw new Error("can't connect in this state");
    this.state = "connecting";
    const attempt = ++this.attemptId;
    if (!this.factoryStarted) {
      this.factory.doStart();
      this.factoryStarted = true;
    }
    this.reactor.guarded(() => this.factory.startedConnecting(this));
    // startedConnecting may have stopped or restarted the attempt.
    if (!this.isCurrent(attempt)) return;
    this.timeoutCall = this.reactor.callLater(this.timeout, () => {
      this.timeoutCall = null;
      if (this.isCurrent(attempt)) this.connectionFailed(new TimeoutError());
    });
    this.attempt(attempt);
  }

  /** Abandons the attempt in progress; the factory hears UserError. @throws NotConnectingError when not connecting. */
  stopConnecting(): void {
    if (this.state !== "connecting") throw new NotConnectingError();
    this.connectionFailed(new UserError());
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

  /** Starts attempt number `attempt`; it ends with connectionMade or connectionFailed (if still current). */
  protected abstract attempt(attempt: number): void;

  /** Gives up what the current attempt holds (a socket being connected), if anything. */
  protected abstract abandon(): void;

  /** True while `attempt` is the attempt in progress. */
  protected isCurrent(attempt: number): boolean {
    return attempt === this.attemptId && this.state === "connecting";
  }

  /** The attempt succeeded: `transport` carries the connection; its end is reported as clientConnectionLost. */
  protected connectionMade(transport: T): void {
    this.cancelTimeout();
    this.state = "connected";
    this.transport = transport;
  }

  /** The connection ended. */
  protected connectionLost(reason: Failure): void {
    this.state = "disconnected";
    this.transport = null;
    this.reactor.guarded(() => this.factory.clientConnectionLost(this, reason));
    this.stopFactoryIfIdle();
  }

  /** The attempt failed with `error`. */
  protected connectionFailed(error: Error): void {
    this.cancelTimeout();
    this.abandon();
    this.state = "disconnected";
    this.attemptId++;
    this.reactor.guarded(() => this.factory.clientConnectionFailed(this, new Failure(error)));
    this.stopFactoryIfIdle();
  }

  /** A factory that reconnects from its hook keeps running, as in Twisted. */
  private stopFactoryIfIdle(): void {
    if (this.state !== "disconnected" || !this.factoryStarted) return;
    this.factoryStarted = false;
    this.factory.doStop();
  }

  private cancelTimeout(): void {
    if (this.timeoutCall?.active()) this.timeoutCall.cancel();
    this.timeoutCall = null;
  }
}
