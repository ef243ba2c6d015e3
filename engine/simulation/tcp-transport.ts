/**
 * One end of a simulated TCP connection: what `this.transport` is inside a
 * protocol. It writes into a Pipe towards its peer and receives from the
 * peer's Pipe. It is also a consumer (a producer can stream into it, paused
 * while more than 64 KiB is in flight) and a producer (pausing it stops reading,
 * so the peer backs up).
 */
import { Failure } from "../twisted/python/failure";
import type { IPv4Address, UNIXAddress } from "../twisted/internet/address";
import { ConnectionAborted, ConnectionDone, ConnectionLost } from "../twisted/internet/error";
import type { IPullProducer, IPushProducer, Protocol, ITransport } from "../twisted/internet/protocol";
import { Pipe, type PipeReceiver } from "./simulated-pipe";
import type { SimulatedNetwork } from "./simulated-network";
import { logUnhandledError, EngineAbort } from "../twisted/internet/unhandled";
import { encodeData, StreamDecoder } from "../twisted/internet/wire";
import { ProducerSlot, type ProducerState } from "../twisted/internet/producer-slot";

export { BUFFER_SIZE } from "../twisted/internet/producer-slot";

/** What a connection looks like from outside, for netstat and the reactor view. */
export interface ConnectionInfo {
  readonly id: number;
  /** Name of the host this end lives on. */
  readonly host: string;
  readonly local: string;
  readonly remote: string;
  readonly protocol: string;
  /** Bytes this end wrote that the peer has not consumed yet. */
  readonly bytesInFlight: number;
  readonly state: "open" | "disconnecting" | "half-closed";
  /** The producer streaming into this end (registerProducer), or null. */
  readonly producer: ProducerState | null;
}

export class SimulatedTransport implements ITransport, PipeReceiver {
  connected = false;
  disconnecting = false;
  /** The Pipe towards the peer; null when the server refused in buildProtocol. */
  out: Pipe | null = null;
  /** The other end (null when it never existed). */
  peer: SimulatedTransport | null = null;
  /** Called once, after the protocol's connectionLost (the connector listens here). */
  onClosed: ((reason: Failure) => void) | null = null;
  private closed = false;
  private opened = false;
  private readClosed = false;
  private writeClosed = false;
  private readingPaused = false;
  private readonly unread: Uint8Array[] = [];
  private eofWaiting = false;
  private readonly decoder: StreamDecoder;
  private readonly producerSlot: ProducerSlot;

  constructor(
    private readonly network: SimulatedNetwork,
    readonly protocol: Protocol,
    /** A UNIXAddress for the ends of a Unix domain socket connection (unix-simulated.ts). */
    private readonly local: IPv4Address | UNIXAddress,
    private readonly remote: IPv4Address | UNIXAddress,
    /** Name of the host this end lives on. */
    readonly hostName: string,
    readonly id: number,
  ) {
    this.decoder = new StreamDecoder(protocol);
    this.producerSlot = new ProducerSlot((f) => this.network.simulation.guarded(f));
  }

  /** @internal Connects the two ends of a new connection. */
  static pair(a: SimulatedTransport, b: SimulatedTransport): void {
    a.peer = b;
    b.peer = a;
    a.out = new Pipe(a.network, b, `conn ${a.id}: ${a.describe()} -> ${b.describe()}`);
    b.out = new Pipe(b.network, a, `conn ${b.id}: ${b.describe()} -> ${a.describe()}`);
  }

  /** @internal Marks the connection open and calls the protocol's makeConnection. */
  open(): void {
    if (this.closed) return;
    this.opened = true;
    this.connected = true;
    this.network.track(this, true);
    this.network.simulation.guarded(() => this.protocol.makeConnection(this));
    // Anything the peer sent while our SYN-ACK travelled is read now.
    this.deliverUnread();
  }

  /** Sends text (as UTF-8) or bytes to the peer. @throws TypeError for anything else. */
  write(data: string | Uint8Array): void {
    const bytes = encodeData(data);
    if (!this.connected || this.writeClosed || !this.out) return;
    this.out.write(bytes);
    this.producerSlot.buffered(this.out.inFlight);
  }

  /** Sends each piece in order. */
  writeSequence(data: Iterable<string | Uint8Array>): void {
    for (const piece of data) this.write(piece);
  }

  /**
   * Closes the connection once everything written so far has gone. With a
   * producer registered it waits as Twisted's doWrite does: a pull producer or
   * a paused push producer is asked for more instead, and the close waits for
   * unregisterProducer; a push producer that is not paused is stopped by the
   * close. Stops reading at once.
   */
  loseConnection(): void {
    if (!this.connected || this.disconnecting || this.closed) return;
    this.disconnecting = true;
    this.readingPaused = true;
    this.closeWhenFlushed();
  }

  /** Half-close: sends FIN after pending writes, but keeps reading. */
  loseWriteConnection(): void {
    if (!this.connected || this.writeClosed || this.closed) return;
    this.writeClosed = true;
    this.out?.finish();
    this.network.simulation.guarded(() => callIfPresent(this.protocol, "writeConnectionLost"));
    if (this.readClosed) this.finish(new ConnectionDone());
  }

  /** Closes at once with a RST, dropping unsent data; connectionLost gets ConnectionAborted. */
  abortConnection(): void {
    if (this.closed) return;
    this.out?.sendReset();
    this.finish(new ConnectionAborted());
  }

  /** The address of the other end. */
  getPeer(): IPv4Address {
    // A Unix socket's end answers its UNIXAddress, as Twisted's does; the type is TCP's for TCP's sake.
    return this.remote as IPv4Address;
  }

  /** The address of this end. */
  getHost(): IPv4Address {
    return this.local as IPv4Address;
  }

  /** No-op in the simulation (there is no Nagle delay to turn off). */
  setTcpNoDelay(enabled: boolean): void {
    void enabled;
  }

  /** No-op in the simulation. */
  setTcpKeepAlive(enabled: boolean): void {
    void enabled;
  }

  /**
   * Lets `producer` stream into this connection. A streaming (push) producer
   * is paused while more than 64 KiB is in flight and resumed once it drains;
   * a pull producer is asked for more each time everything has drained.
   * @throws Error if a producer is already registered.
   */
  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void {
    this.producerSlot.register(producer, streaming, this.closed);
  }

  /** Stops consuming from the producer; a pending loseConnection can now complete. */
  unregisterProducer(): void {
    this.producerSlot.unregister();
    if (this.connected && this.disconnecting) this.closeWhenFlushed();
  }

  /** As a producer: stop reading; what arrives waits (and the peer backs up). */
  pauseProducing(): void {
    this.readingPaused = true;
  }

  /** As a producer: start reading again, delivering whatever waited. */
  resumeProducing(): void {
    if (this.disconnecting || this.closed) return;
    this.readingPaused = false;
    this.network.simulation.scheduleIo(0, () => this.deliverUnread(), `resume reading conn ${this.id}`);
  }

  /** As a producer: stop for good, which closes the connection. */
  stopProducing(): void {
    this.loseConnection();
  }

  /** @internal For netstat: this end, as plain data. */
  info(): ConnectionInfo {
    const half = this.readClosed || this.writeClosed;
    return {
      id: this.id,
      host: this.hostName,
      local: showAddress(this.local),
      remote: showAddress(this.remote),
      protocol: this.protocol.constructor.name,
      bytesInFlight: this.out?.inFlight ?? 0,
      producer: this.producerSlot.state(),
      state: this.disconnecting ? "disconnecting" : half ? "half-closed" : "open",
    };
  }

  /** @internal A segment from the peer arrived. */
  arrive(bytes: Uint8Array): void {
    if (this.closed) {
      // Data for a socket that is gone: the kernel answers with a reset.
      this.peer?.out?.consumed(bytes.length);
      this.out?.sendReset();
      return;
    }
    if (this.readClosed) {
      this.peer?.out?.consumed(bytes.length);
      return;
    }
    this.unread.push(bytes);
    this.deliverUnread();
  }

  /** @internal The peer sent FIN. */
  arriveEof(): void {
    if (this.closed) return;
    this.eofWaiting = true;
    this.deliverUnread();
  }

  /** @internal The peer sent RST. */
  arriveReset(): void {
    if (this.closed) return;
    this.finish(new ConnectionLost("Connection to the other side was lost in a non-clean fashion: Connection reset by peer."));
  }

  /** @internal Closes at once (reactor shutdown, or an exception in the protocol); tells the peer. */
  closeNow(reason: unknown, reset: boolean): void {
    if (this.closed) return;
    if (reset) this.out?.sendReset();
    else this.out?.finish();
    this.finish(reason);
  }

  /** @internal The peer consumed bytes this end wrote: once all have gone, ask the producer for more, or finish a pending close. */
  drained(): void {
    if (this.closed || !this.out || this.out.inFlight > 0) return;
    if (this.producerSlot.drained()) return;
    if (this.disconnecting && this.producerSlot.producer) this.closeNow(new ConnectionDone(), false);
  }

  private deliverUnread(): void {
    while (this.opened && !this.closed && !this.readingPaused && this.unread.length) {
      const bytes = this.unread.shift()!;
      this.peer?.out?.consumed(bytes.length);
      this.peer?.drained();
      const value = this.decoder.decode(bytes);
      if (value === null) continue;
      try {
        this.protocol.dataReceived(value as string);
      } catch (thrown) {
        if (thrown instanceof EngineAbort) throw thrown;
        // Twisted logs the error and drops the connection whose protocol raised.
        logUnhandledError(thrown);
        this.closeNow(thrown instanceof Failure ? thrown : new Failure(thrown), false);
      }
    }
    if (this.eofWaiting && this.opened && !this.closed && !this.readingPaused && !this.unread.length) {
      this.eofWaiting = false;
      this.readConnectionLost();
    }
  }

  private readConnectionLost(): void {
    this.readClosed = true;
    if (this.writeClosed || this.disconnecting) {
      this.finish(new ConnectionDone());
      return;
    }
    if (typeof (this.protocol as { readConnectionLost?: unknown }).readConnectionLost === "function") {
      // An IHalfCloseableProtocol keeps writing after the peer's FIN.
      this.network.simulation.guarded(() => callIfPresent(this.protocol, "readConnectionLost"));
      return;
    }
    // Twisted's default: the peer's FIN closes this end completely.
    this.closeNow(new ConnectionDone(), false);
  }

  private closeWhenFlushed(): void {
    if (this.producerSlot.producer) {
      // Twisted's loseConnection starts writing: doWrite with nothing buffered decides at once, else when drained.
      if (this.out && this.out.inFlight === 0) this.network.simulation.scheduleIo(0, () => this.drained(), `write check conn ${this.id}`);
      return;
    }
    // Everything written so far is already queued in the pipe, so the FIN follows it.
    this.network.simulation.scheduleIo(0, () => this.closeNow(new ConnectionDone(), false), `close conn ${this.id}`);
  }

  private finish(reason: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.connected = false;
    this.disconnecting = false;
    // An end whose connection never completed has no protocol to tell.
    if (!this.opened) return;
    this.network.track(this, false);
    this.protocol.connected = 0;
    const failure = reason instanceof Failure ? reason : new Failure(reason);
    const producer = this.producerSlot.producer;
    this.producerSlot.unregister();
    if (producer) this.network.simulation.guarded(() => producer.stopProducing());
    this.network.simulation.guarded(() => this.protocol.connectionLost(failure));
    this.onClosed?.(failure);
  }

  private describe(): string {
    return showAddress(this.local);
  }
}

/** "10.0.0.1:79" for a TCP end, the socket's path (or "@" when unnamed) for a Unix socket's. */
function showAddress(address: IPv4Address | UNIXAddress): string {
  return address.type === "UNIX" ? (address.name ?? "@") : `${address.host}:${address.port}`;
}

function callIfPresent(target: object, method: string): void {
  const f = (target as Record<string, unknown>)[method];
  if (typeof f === "function") f.call(target);
}
