/**
 * TCP for the real-network reactor, on node:net: listening ports and
 * transports (connectors are in node-connector.ts) with the same behaviour as the simulated ones
 * (a peer's FIN closes a protocol that is not half-closeable; loseConnection
 * waits for pending writes and for the producer to be unregistered).
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { Failure } from "../twisted/python/failure";
import * as log from "../twisted/python/log";
import { Deferred, succeed } from "../twisted/internet/defer";
import { IPv4Address, type UNIXAddress } from "../twisted/internet/address";
import { CannotListenError, ConnectionAborted, ConnectionDone, ConnectionLost } from "../twisted/internet/error";
import type { Factory, IPullProducer, IPushProducer, ITransport, Protocol } from "../twisted/internet/protocol";
import { logUnhandledError } from "../twisted/internet/unhandled";
import { ProducerSlot } from "../twisted/internet/producer-slot";
import { encodeData, StreamDecoder } from "../twisted/internet/wire";
import { ISSLTransport } from "../twisted/internet/interfaces";
import type { NodeReactor } from "./node-reactor";
import { classImplements } from "../zope/interface";

/** What node:tls needs to serve TLS: the PEM certificate and key a context factory gave. */
export interface NodeTLSServerOptions {
  readonly key: string;
  readonly cert: string;
}


/** "::ffff:127.0.0.1" is how Node names an IPv4 peer on a dual-stack socket. */
export function ipv4(address: string | undefined): string {
  return (address ?? "").replace(/^::ffff:/, "");
}

/** A listening TCP port on a real socket. */
export class NodePort {
  listening = false;
  /** "TCP", or "TLS" for a port listenSSL made (its close line says so). */
  _type = "TCP";
  private readonly server: net.Server;
  /** Fires once the socket is bound (or fails with CannotListenError). */
  readonly whenListening = new Deferred<NodePort>();

  constructor(
    private readonly reactor: NodeReactor,
    readonly port: number,
    readonly factory: Factory,
    readonly backlog: number,
    readonly iface: string,
    /** Serve TLS (listenSSL) with this certificate and key. */
    private readonly tlsOptions: NodeTLSServerOptions | null = null,
  ) {
    if (tlsOptions) {
      this._type = "TLS";
      // A peer that fails the handshake (plain text, an untrusted certificate) is closed without a byte, as Twisted closes it.
      // No half-open TLS: a client that hangs up mid-handshake (after refusing the certificate) must not hold the port open.
      this.server = tls.createServer({ key: tlsOptions.key, cert: tlsOptions.cert, allowHalfOpen: false }, (socket) => this.accept(socket));
      this.server.on("tlsClientError", (_error: Error, socket: tls.TLSSocket) => socket.destroy());
    } else {
      this.server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    }
    this.server.on("error", (error: NodeJS.ErrnoException) => {
      const reason = error.code === "EADDRINUSE" ? "[Errno 98] Address already in use" : error.message;
      const failure = new Failure(new CannotListenError(iface, port, reason));
      if (!this.whenListening.called) this.whenListening.errback(failure);
      reactor.workDone();
    });
    this.server.listen({ port, host: iface || "0.0.0.0", backlog }, () => {
      this.listening = true;
      reactor.track(this, true);
      // listenSSL's port says "Site (TLS) starting on 443", as Twisted's TLSMemoryBIOFactory names it.
      log.msg(`${factory.logPrefix()}${this._type === "TLS" ? " (TLS)" : ""} starting on ${this.getHost().port}`);
      factory.doStart();
      this.whenListening.callback(this);
    });
  }

  /** Stops accepting connections; fires once the port is closed. */
  stopListening(): Deferred<null> {
    if (!this.listening) return succeed(null);
    const done = new Deferred<null>();
    this.listening = false;
    this.reactor.track(this, false);
    this.server.close(() => {
      log.msg(`(${this._type} Port ${this.getHost().port} Closed)`);
      this.factory.doStop();
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
    const address = this.server.address();
    const bound = typeof address === "object" && address ? address.port : this.port;
    return new IPv4Address("TCP", this.iface || "0.0.0.0", bound);
  }

  private accept(socket: net.Socket): void {
    const peer = new IPv4Address("TCP", ipv4(socket.remoteAddress), socket.remotePort ?? 0);
    let protocol: Protocol | null = null;
    this.reactor.guarded(() => {
      protocol = this.factory.buildProtocol(peer);
    });
    if (!protocol) {
      socket.end();
      return;
    }
    const Transport = this.tlsOptions ? NodeTLSTransport : NodeTransport;
    new Transport(this.reactor, socket, protocol).open();
  }
}

/** One end of a real TCP connection. */
export class NodeTransport implements ITransport {
  connected = false;
  disconnecting = false;
  /** Called once, after the protocol's connectionLost (the connector listens here). */
  onClosed: ((reason: Failure) => void) | null = null;
  private closed = false;
  private writeClosed = false;
  private readonly decoder: StreamDecoder;
  private readonly producerSlot: ProducerSlot;

  constructor(
    private readonly reactor: NodeReactor,
    protected readonly socket: net.Socket,
    readonly protocol: Protocol,
    /** For a Unix domain socket (node-unix.ts): the ends' UNIXAddresses, which the socket cannot tell. */
    private readonly unixEnds: { readonly host: UNIXAddress; readonly peer: UNIXAddress } | null = null,
  ) {
    this.decoder = new StreamDecoder(protocol);
    this.producerSlot = new ProducerSlot((f) => this.reactor.guarded(f));
  }

  /** @internal Wires the socket's events and calls makeConnection. */
  open(): void {
    this.connected = true;
    this.reactor.track(this, true);
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk: Buffer) => this.received(chunk));
    this.socket.on("end", () => this.readConnectionLost());
    this.socket.on("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "ECONNRESET" ? "Connection reset by peer" : error.message;
      this.finish(new ConnectionLost(`Connection to the other side was lost in a non-clean fashion: ${why}.`));
    });
    this.socket.on("close", () => this.finish(new ConnectionDone()));
    this.socket.on("drain", () => this.drained());
    this.reactor.guarded(() => this.protocol.makeConnection(this));
    this.reactor.workDone();
  }

  /** Sends text (UTF-8) or bytes; pauses a streaming producer past 64 KiB buffered. @throws TypeError for other values. */
  write(data: string | Uint8Array): void {
    const bytes = encodeData(data);
    if (!this.connected || this.writeClosed || bytes.length === 0) return;
    this.socket.write(bytes, () => {
      if (this.socket.writableLength === 0) this.drained();
    });
    this.producerSlot.buffered(this.socket.writableLength);
  }

  /** Sends each piece in order. */
  writeSequence(data: Iterable<string | Uint8Array>): void {
    for (const piece of data) this.write(piece);
  }

  /** Stops reading and closes once pending writes are flushed (and the producer, if any, is unregistered). */
  loseConnection(): void {
    if (!this.connected || this.disconnecting || this.closed) return;
    this.disconnecting = true;
    this.socket.pause();
    this.closeWhenFlushed();
  }

  /** Half-close: sends FIN after pending writes, keeps reading. */
  loseWriteConnection(): void {
    if (!this.connected || this.writeClosed) return;
    this.writeClosed = true;
    this.socket.end();
    this.reactor.guarded(() => (this.protocol as { writeConnectionLost?: () => void }).writeConnectionLost?.());
  }

  /** Closes at once with a RST; connectionLost gets ConnectionAborted. */
  abortConnection(): void {
    if (this.closed) return;
    this.finish(new ConnectionAborted());
    this.socket.resetAndDestroy();
  }

  /** The address of the other end. */
  getPeer(): IPv4Address {
    // A Unix socket's end answers its UNIXAddress, as Twisted's does.
    if (this.unixEnds) return this.unixEnds.peer as unknown as IPv4Address;
    return new IPv4Address("TCP", ipv4(this.socket.remoteAddress), this.socket.remotePort ?? 0);
  }

  /** The address of this end. */
  getHost(): IPv4Address {
    if (this.unixEnds) return this.unixEnds.host as unknown as IPv4Address;
    return new IPv4Address("TCP", ipv4(this.socket.localAddress), this.socket.localPort ?? 0);
  }

  /** Turns Nagle's algorithm off (true) or on. */
  setTcpNoDelay(enabled: boolean): void {
    this.socket.setNoDelay(enabled);
  }

  /** Turns TCP keepalive on or off. */
  setTcpKeepAlive(enabled: boolean): void {
    this.socket.setKeepAlive(enabled);
  }

  /** Lets `producer` stream into this connection (see the simulated transport). @throws Error if one is already registered. */
  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void {
    this.producerSlot.register(producer, streaming, this.closed);
  }

  /** Stops consuming from the producer; a pending loseConnection can now complete. */
  unregisterProducer(): void {
    this.producerSlot.unregister();
    if (this.connected && this.disconnecting) this.closeWhenFlushed();
  }

  /** As a producer: stop reading from the socket. */
  pauseProducing(): void {
    this.socket.pause();
  }

  /** As a producer: read again. */
  resumeProducing(): void {
    if (!this.disconnecting && !this.closed) this.socket.resume();
  }

  /** As a producer: stop for good, which closes the connection. */
  stopProducing(): void {
    this.loseConnection();
  }

  /** @internal Reactor shutdown: drop the connection, telling the protocol ConnectionLost. */
  dropForShutdown(): void {
    this.finish(new ConnectionLost("Connection to the other side was lost in a non-clean fashion: Connection lost."));
    this.socket.end(() => this.socket.destroy());
  }

  private received(chunk: Buffer): void {
    if (this.closed || this.disconnecting) return;
    const value = this.decoder.decode(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (value === null) return;
    try {
      this.protocol.dataReceived(value as string);
    } catch (thrown) {
      logUnhandledError(thrown);
      this.finish(thrown instanceof Failure ? thrown : new Failure(thrown));
      this.socket.end(() => this.socket.destroy());
    }
    this.reactor.workDone();
  }

  private readConnectionLost(): void {
    if (this.closed) return;
    if (this.writeClosed || this.disconnecting) {
      this.finish(new ConnectionDone());
      this.socket.destroy();
      return;
    }
    const halfCloseable = this.protocol as { readConnectionLost?: () => void };
    if (typeof halfCloseable.readConnectionLost === "function") {
      this.reactor.guarded(() => halfCloseable.readConnectionLost!());
      this.reactor.workDone();
      return;
    }
    // Twisted's default: the peer's FIN closes this end completely.
    this.finish(new ConnectionDone());
    this.socket.end(() => this.socket.destroy());
  }

  private closeWhenFlushed(): void {
    if (this.producerSlot.producer) {
      // As Twisted's doWrite: with nothing buffered, a pull or paused producer is asked for more, an unpaused push producer is closed on.
      if (this.socket.writableLength === 0) setImmediate(() => this.drained());
      return;
    }
    this.socket.end(() => {
      this.finish(new ConnectionDone());
      this.socket.destroy();
    });
  }

  private drained(): void {
    if (this.closed || this.socket.writableLength > 0) return;
    if (this.producerSlot.drained()) this.reactor.workDone();
    else if (this.disconnecting && this.producerSlot.producer && !this.socket.writableEnded) {
      // finish() stops the producer, as Twisted's connectionLost does.
      this.socket.end(() => {
        this.finish(new ConnectionDone());
        this.socket.destroy();
      });
    }
  }

  private finish(reason: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.connected = false;
    this.disconnecting = false;
    this.reactor.track(this, false);
    this.protocol.connected = 0;
    const failure = reason instanceof Failure ? reason : new Failure(reason);
    const producer = this.producerSlot.producer;
    this.producerSlot.unregister();
    if (producer) this.reactor.guarded(() => producer.stopProducing());
    this.reactor.guarded(() => this.protocol.connectionLost(failure));
    this.onClosed?.(failure);
    this.reactor.workDone();
  }
}

/** One end of a real TLS connection (node:tls): the same transport, and an ISSLTransport. */
export class NodeTLSTransport extends NodeTransport {
  /** The peer's certificate as node:tls reports it, or null when it sent none. */
  getPeerCertificate(): unknown {
    const certificate = (this.socket as tls.TLSSocket).getPeerCertificate?.();
    return certificate && Object.keys(certificate).length > 0 ? certificate : null;
  }
}

classImplements(NodeTLSTransport, ISSLTransport);
