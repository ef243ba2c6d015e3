/**
 * twisted.protocols.tls: TLS as a protocol wrapped around another, which is
 * how Twisted's listenSSL and connectSSL work (listenSSL is listenTCP with a
 * TLSMemoryBIOFactory around the learner's factory). The wrapper reads
 * ciphertext from the TCP transport, hands the plaintext to the wrapped
 * protocol, and is the wrapped protocol's transport: what it writes goes out
 * enciphered. The TLS itself is simulated-tls.ts (the simulated network's
 * OpenSSL); the real-network reactor uses node:tls instead of this module.
 */
import { Failure } from "../python/failure";
import { installedReactor } from "../internet/installed";
import { ISSLTransport, type IAddress, type IPushProducer, type IPullProducer } from "../internet/interfaces";
import { ClientFactory, Protocol, type Factory, type ITransport } from "../internet/protocol";
import { contextOf, Certificate, type Context } from "../internet/ssl";
import { parseCertificatePem, parsePrivateKeyPem } from "../internet/simulated-pem";
import { SimulatedTLSConnection, SSLError } from "../internet/simulated-tls";
import { encodeData, StreamDecoder } from "../internet/wire";
import { classImplements } from "../../zope/interface";

/** Wraps every protocol `wrappedFactory` builds in TLS (server side unless `isClient`). */
export class TLSMemoryBIOFactory extends ClientFactory {
  override noisy = false;

  constructor(
    readonly contextFactory: unknown,
    readonly isClient: boolean,
    readonly wrappedFactory: Factory,
  ) {
    super();
    // Read now, as Twisted builds its context when the factory is made: a bad context fails at listenSSL.
    contextOf(contextFactory);
  }

  /** "Site (TLS)": the port's log lines say the wrapped factory's name. */
  override logPrefix(): string {
    const wrapped = this.wrappedFactory as { logPrefix?: () => string };
    const prefix = typeof wrapped.logPrefix === "function" ? wrapped.logPrefix() : this.wrappedFactory.constructor.name;
    return `${prefix} (TLS)`;
  }

  override doStart(): void {
    this.wrappedFactory.doStart();
    super.doStart();
  }

  override doStop(): void {
    this.wrappedFactory.doStop();
    super.doStop();
  }

  override startedConnecting(connector: Parameters<ClientFactory["startedConnecting"]>[0]): void {
    (this.wrappedFactory as Partial<ClientFactory>).startedConnecting?.(connector);
  }

  override clientConnectionFailed(connector: Parameters<ClientFactory["clientConnectionFailed"]>[0], reason: Failure): void {
    (this.wrappedFactory as Partial<ClientFactory>).clientConnectionFailed?.(connector, reason);
  }

  override clientConnectionLost(connector: Parameters<ClientFactory["clientConnectionLost"]>[0], reason: Failure): void {
    (this.wrappedFactory as Partial<ClientFactory>).clientConnectionLost?.(connector, reason);
  }

  override buildProtocol(addr: Parameters<Factory["buildProtocol"]>[0]): TLSMemoryBIOProtocol | null {
    const wrapped = this.wrappedFactory.buildProtocol(addr);
    if (!wrapped) return null;
    const protocol = new TLSMemoryBIOProtocol(this, wrapped, contextOf(this.contextFactory));
    protocol.factory = this;
    return protocol;
  }
}

/** One TLS connection: ciphertext below (its own transport), plaintext above (the wrapped protocol). */
export class TLSMemoryBIOProtocol extends Protocol {
  /** The TCP side carries records, not text. */
  override readonly receivesBytes = true;
  /** What the wrapped protocol has as its transport: writes to it are enciphered. */
  readonly tlsTransport: TLSTransport;
  /** @internal */
  tls: SimulatedTLSConnection | null = null;
  private readonly decoder: StreamDecoder;
  private lost = false;
  /** loseConnection() came before the handshake finished: close once it has. */
  private closeAfterHandshake = false;

  constructor(
    readonly tlsFactory: TLSMemoryBIOFactory,
    /** The learner's protocol, which sees plaintext. */
    readonly wrappedProtocol: Protocol,
    /** @internal */
    readonly context: Context,
  ) {
    super();
    this.decoder = new StreamDecoder(wrappedProtocol);
    this.tlsTransport = new TLSTransport(this);
  }

  override makeConnection(transport: ITransport): void {
    this.tls = new SimulatedTLSConnection(settingsOf(this.context), () => installedReactor().random());
    super.makeConnection(transport);
  }

  /** The wrapped protocol is connected at once; what it writes waits for the handshake. */
  override connectionMade(): void {
    this.tls!.connect();
    this.flush();
    this.wrappedProtocol.makeConnection(this.tlsTransport);
  }

  override dataReceived(data: string | Uint8Array): void {
    if (this.lost || !this.tls) return;
    let received;
    try {
      received = this.tls.receive(data as Uint8Array);
    } catch (thrown) {
      if (!(thrown instanceof SSLError)) throw thrown;
      // A failed handshake (a peer that speaks no TLS, an untrusted certificate): send any alert, then close.
      this.flush();
      this.lose(new Failure(thrown));
      // The wrapped protocol is gone: a producer it registered must not hold the close back.
      if (this.tlsTransport.producerRegistered) this.transport?.unregisterProducer();
      this.transport?.loseConnection();
      return;
    }
    this.flush();
    if (received.handshakeJustFinished && this.closeAfterHandshake) this.closeTLS();
    for (const piece of received.plaintext) {
      const value = this.decoder.decode(piece);
      if (value !== null) this.wrappedProtocol.dataReceived(value as string);
    }
    if (received.closeNotify) {
      // The peer said goodbye: answer in kind and close.
      this.tls.shutdown();
      this.flush();
      this.transport?.loseConnection();
    }
  }

  override connectionLost(reason: Failure): void {
    this.lose(reason);
  }

  override logPrefix(): string {
    return `${this.wrappedProtocol.logPrefix()} (TLS)`;
  }

  /** @internal Enciphers and sends plaintext. */
  send(bytes: Uint8Array): void {
    if (this.lost || !this.tls) return;
    this.tls.write(bytes);
    this.flush();
  }

  /** @internal Sends close_notify after what was written (once the handshake is done), then closes TCP. */
  closeTLS(): void {
    if (this.lost || !this.tls) return;
    if (!this.tls.handshakeDone && this.tls.hasPendingPlaintext) {
      this.closeAfterHandshake = true;
      return;
    }
    this.tls.shutdown();
    this.flush();
    this.transport?.loseConnection();
  }

  /** Sends what the TLS connection has ready. */
  private flush(): void {
    const out = this.tls?.takeOutgoing();
    if (out && out.length > 0) this.transport?.write(out);
  }

  private lose(reason: Failure): void {
    if (this.lost) return;
    this.lost = true;
    this.connected = 0;
    this.tlsTransport.connected = false;
    this.wrappedProtocol.connected = 0;
    this.wrappedProtocol.connectionLost(reason);
  }
}

/** The plaintext side of a TLS connection: the wrapped protocol's transport (ISSLTransport). */
export class TLSTransport implements ITransport {
  connected = true;
  disconnecting = false;
  /** @internal True while the wrapped protocol has a producer registered (on the TCP transport). */
  producerRegistered = false;

  constructor(private readonly connection: TLSMemoryBIOProtocol) {}

  /** Sends text (UTF-8) or bytes, enciphered. @throws TypeError for other values. */
  write(data: string | Uint8Array): void {
    const bytes = encodeData(data);
    if (!this.connected || this.disconnecting) return;
    this.connection.send(bytes);
  }

  writeSequence(data: Iterable<string | Uint8Array>): void {
    for (const piece of data) this.write(piece);
  }

  /** Sends close_notify after what was written, then closes the TCP connection. */
  loseConnection(): void {
    if (!this.connected || this.disconnecting) return;
    this.disconnecting = true;
    this.connection.closeTLS();
  }

  abortConnection(): void {
    this.connection.transport?.abortConnection();
  }

  /** TLS cannot half-close (close_notify ends both directions): this closes the connection. */
  loseWriteConnection(): void {
    this.loseConnection();
  }

  getPeer(): IAddress {
    return this.connection.transport!.getPeer();
  }

  getHost(): IAddress {
    return this.connection.transport!.getHost();
  }

  /** The certificate the peer presented: a client gets the server's; a server gets none (no client certificates here). */
  getPeerCertificate(): Certificate | null {
    const peer = this.connection.tls?.peerCertificate;
    return peer ? Certificate.loadPEM(peerPem(this.connection.context, peer.der)) : null;
  }

  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void {
    this.connection.transport?.registerProducer(producer, streaming);
    this.producerRegistered = true;
  }

  unregisterProducer(): void {
    this.producerRegistered = false;
    this.connection.transport?.unregisterProducer();
  }

  pauseProducing(): void {
    this.connection.transport?.pauseProducing();
  }

  resumeProducing(): void {
    this.connection.transport?.resumeProducing();
  }

  stopProducing(): void {
    this.connection.transport?.stopProducing();
  }
}

classImplements(TLSTransport, ISSLTransport);

/** The simulated TLS settings a Context stands for. */
function settingsOf(context: Context) {
  const identity = context.certificatePem && context.privateKeyPem
    ? { certificate: parseCertificatePem(context.certificatePem), keyId: parsePrivateKeyPem(context.privateKeyPem) }
    : null;
  return {
    role: context.role,
    identity,
    verify: context.verify,
    hostname: context.hostname,
    trusted: context.trustedPems.map((pem) => parseCertificatePem(pem).keyId),
  };
}

/** A PEM standing for the peer's certificate: the trusted one it matches, or one rebuilt from what it sent. */
function peerPem(context: Context, der: string): string {
  const keyId = /key=(.*)/.exec(der)?.[1] ?? "";
  const trusted = context.trustedPems.find((pem) => parseCertificatePem(pem).keyId === keyId);
  if (trusted) return trusted;
  const subject = /subject=(.*)/.exec(der)?.[1] ?? "";
  const body = btoa(`simulated-x509\nsubject=CN = ${subject}\nissuer=CN = ${subject}\nkey=${keyId}`);
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
