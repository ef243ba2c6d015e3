/**
 * twisted.internet.testing: test doubles for protocols. StringTransport
 * records what a protocol writes, so a test can feed it data with
 * dataReceived and read the reply with value(), with no network at all.
 */
import { IPv4Address } from "./address";
import { Clock } from "./task";
import type { IProducer, ITransport } from "./protocol";

const decoder = new TextDecoder("utf-8");

/** A transport that keeps everything written to it in memory. */
export class StringTransport implements ITransport {
  /** True once loseConnection() was called. */
  disconnecting = false;
  /** True until loseConnection() or abortConnection(). */
  connected = true;
  /** The registered producer, if any, and whether it streams. */
  producer: IProducer | null = null;
  streaming = false;
  /** "paused", "producing" or "stopped", as the protocol last asked. */
  producerState: "paused" | "producing" | "stopped" = "producing";
  private written = "";
  private readonly host: IPv4Address;
  private readonly peer: IPv4Address;

  constructor(hostAddress?: IPv4Address, peerAddress?: IPv4Address) {
    this.host = hostAddress ?? new IPv4Address("TCP", "10.0.0.1", 12345);
    this.peer = peerAddress ?? new IPv4Address("TCP", "192.168.1.1", 54321);
  }

  /** Everything written so far, as text. */
  value(): string {
    return this.written;
  }

  /** Forgets what was written. */
  clear(): void {
    this.written = "";
  }

  /**
   * Records `data`.
   * @throws TypeError for anything but text or bytes, as a real transport does.
   */
  write(data: string | Uint8Array): void {
    if (typeof data === "string") this.written += data;
    else if (data instanceof Uint8Array) this.written += decoder.decode(data);
    else throw new TypeError(`Data must be a string or bytes, not ${typeof data}`);
  }

  writeSequence(data: Iterable<string | Uint8Array>): void {
    for (const piece of data) this.write(piece);
  }

  loseConnection(): void {
    this.disconnecting = true;
  }

  abortConnection(): void {
    this.disconnecting = true;
    this.connected = false;
  }

  loseWriteConnection(): void {
    this.disconnecting = true;
  }

  getPeer(): IPv4Address {
    return this.peer;
  }

  getHost(): IPv4Address {
    return this.host;
  }

  registerProducer(producer: IProducer, streaming: boolean): void {
    if (this.producer) throw new Error("RuntimeError: Cannot register two producers");
    this.producer = producer;
    this.streaming = streaming;
  }

  unregisterProducer(): void {
    if (!this.producer) throw new Error("RuntimeError: Cannot unregister a producer unless one is registered");
    this.producer = null;
  }

  pauseProducing(): void {
    this.producerState = "paused";
  }

  resumeProducing(): void {
    this.producerState = "producing";
  }

  stopProducing(): void {
    this.producerState = "stopped";
  }
}

/** A StringTransport that also records the connection as lost when the protocol closes it. */
export class StringTransportWithDisconnection extends StringTransport {
  /** The protocol to tell when the connection is lost. */
  protocol: { connectionLost(reason: unknown): void } | null = null;

  override loseConnection(): void {
    if (this.connected) {
      this.connected = false;
      this.disconnecting = true;
      this.protocol?.connectionLost(new Error("ConnectionDone: Connection was closed cleanly."));
    }
  }
}

export { Clock as MemoryReactorClock };
