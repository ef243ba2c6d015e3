/**
 * The TLS the simulated network speaks: what OpenSSL is to Twisted's
 * TLSMemoryBIOProtocol, reduced to what a learner can see. Bytes on the wire
 * are TLS-shaped records (a 5-byte header: content type, version 3.3, length),
 * a ClientHello / ServerHello handshake, then application data that is
 * enciphered with a keystream drawn from both hellos' random bytes, so the
 * network view shows ciphertext and not the request, and a seeded run gives
 * the same bytes every time. It is not cryptography: it only has to look and
 * fail like TLS. The real-network reactor uses node:tls instead.
 *
 * A peer that does not speak TLS (plain HTTP to the TLS port) fails the
 * handshake with OpenSSL's "wrong version number", and the server closes
 * without sending a byte, as Twisted does.
 */
import type { SimulatedIdentity } from "./simulated-pem";

/** TLS record content types. */
const CHANGE_CIPHER_SPEC = 20;
const ALERT = 21;
const HANDSHAKE = 22;
const APPLICATION_DATA = 23;
/** The largest plaintext one record carries. */
const MAX_FRAGMENT = 16384;
/** OpenSSL's limit on a record's length (plaintext plus overhead). */
const MAX_RECORD = MAX_FRAGMENT + 256;
const CLIENT_HELLO = 1;
const SERVER_HELLO = 2;
/** TLS_AES_256_GCM_SHA384, the suite real Twisted and curl agree on. */
const CIPHER_SUITE = [0x13, 0x02];

/** OpenSSL.SSL.Error: a list of (library, function, reason) triples, printed as Python prints the list. */
export class SSLError extends Error {
  constructor(readonly errors: readonly (readonly [string, string, string])[]) {
    super(`[${errors.map(([lib, fn, reason]) => `('${lib}', '${fn}', '${reason}')`).join(", ")}]`);
    // As Python names it in a traceback: the error comes from pyOpenSSL, not from Twisted.
    this.name = "OpenSSL.SSL.Error";
  }
}

/** What a TLS connection needs to know about its side. */
export interface TLSSettings {
  readonly role: "server" | "client";
  /** The server's certificate and key (a server needs one). */
  readonly identity: SimulatedIdentity | null;
  /** A client: check the server's certificate against `trusted` and `hostname`. */
  readonly verify: boolean;
  /** A client: the name it expects the certificate to carry (SNI), or null. */
  readonly hostname: string | null;
  /** A client: the certificates (by key id) it trusts as roots. */
  readonly trusted: readonly string[];
}

/** What happened after feeding bytes: plaintext for the protocol, and whether the peer said goodbye. */
export interface Received {
  readonly plaintext: Uint8Array[];
  readonly closeNotify: boolean;
  readonly handshakeJustFinished: boolean;
}

/**
 * One side of a TLS connection, as a memory BIO pair: feed it the bytes that
 * arrive (`receive`), give it plaintext (`write`), and send what `takeOutgoing`
 * returns. Errors (a bad handshake, a certificate that fails verification)
 * throw SSLError; after one the connection is dead.
 */
export class SimulatedTLSConnection {
  handshakeDone = false;
  /** The certificate the peer presented (a client sees the server's). */
  peerCertificate: SimulatedIdentity["certificate"] | null = null;
  private inbound: Uint8Array = new Uint8Array(0);
  private outbound: Uint8Array[] = [];
  private pendingPlaintext: Uint8Array[] = [];
  private clientRandom: Uint8Array | null = null;
  private serverRandom: Uint8Array | null = null;
  private sendSequence = 0;
  private receiveSequence = 0;
  private failed = false;

  constructor(
    private readonly settings: TLSSettings,
    private readonly random: () => number,
  ) {}

  /** True while plaintext waits for the handshake to finish. */
  get hasPendingPlaintext(): boolean {
    return this.pendingPlaintext.length > 0;
  }

  /** A client starts the handshake (its ClientHello goes out). */
  connect(): void {
    if (this.settings.role !== "client") return;
    this.clientRandom = this.randomBytes(32);
    const name = new TextEncoder().encode(this.settings.hostname ?? "");
    const body = bytes(
      [0x03, 0x03], this.clientRandom, [0], [0, 2], CIPHER_SUITE, [1, 0],
      u16(name.length + 5), [0, 0], u16(name.length + 3), [0], u16(name.length), name,
    );
    this.outbound.push(record(HANDSHAKE, handshakeMessage(CLIENT_HELLO, body), [0x03, 0x01]));
  }

  /** Plaintext to send: enciphered at once if the handshake is done, otherwise once it is. */
  write(data: Uint8Array): void {
    if (this.failed || data.length === 0) return;
    if (!this.handshakeDone) {
      this.pendingPlaintext.push(data);
      return;
    }
    for (let at = 0; at < data.length; at += MAX_FRAGMENT) {
      this.outbound.push(this.protect(APPLICATION_DATA, data.subarray(at, at + MAX_FRAGMENT)));
    }
  }

  /** The close_notify alert, sent (enciphered) before a clean close. */
  shutdown(): void {
    if (this.failed || !this.handshakeDone) return;
    this.outbound.push(this.protect(ALERT, Uint8Array.of(1, 0)));
  }

  /** Everything waiting to go on the wire, as one piece (empty if nothing). */
  takeOutgoing(): Uint8Array {
    const out = bytes(...this.outbound);
    this.outbound = [];
    return out;
  }

  /** Feeds arriving bytes. @throws SSLError when they are not a TLS peer's or the handshake fails. */
  receive(data: Uint8Array): Received {
    if (this.failed) return { plaintext: [], closeNotify: false, handshakeJustFinished: false };
    this.inbound = bytes(this.inbound, data);
    const plaintext: Uint8Array[] = [];
    let closeNotify = false;
    const wasDone = this.handshakeDone;
    try {
      for (;;) {
        if (this.inbound.length < 5) break;
        const type = this.inbound[0]!;
        if (![CHANGE_CIPHER_SPEC, ALERT, HANDSHAKE, APPLICATION_DATA].includes(type) || this.inbound[1] !== 3) {
          throw new SSLError([["SSL routines", "", "wrong version number"]]);
        }
        const length = (this.inbound[3]! << 8) | this.inbound[4]!;
        if (length > MAX_RECORD) throw new SSLError([["SSL routines", "", "packet length too long"]]);
        if (this.inbound.length < 5 + length) break;
        const body = this.inbound.slice(5, 5 + length);
        this.inbound = this.inbound.slice(5 + length);
        const result = this.handleRecord(type, body);
        if (result === "close") {
          closeNotify = true;
          break;
        }
        if (result) plaintext.push(result);
      }
    } catch (thrown) {
      this.failed = true;
      throw thrown;
    }
    return { plaintext, closeNotify, handshakeJustFinished: !wasDone && this.handshakeDone };
  }

  private handleRecord(type: number, body: Uint8Array): Uint8Array | "close" | null {
    if (type === CHANGE_CIPHER_SPEC) return null;
    if (type === HANDSHAKE) {
      this.handlePlainHandshake(body);
      return null;
    }
    if (type === ALERT) throw new SSLError([["SSL routines", "", "tlsv1 alert decode error"]]);
    if (!this.serverRandom || !this.clientRandom) throw new SSLError([["SSL routines", "", "unexpected message"]]);
    const inner = this.unprotect(body);
    const innerType = inner[inner.length - 1];
    const content = inner.subarray(0, inner.length - 1);
    if (innerType === ALERT) {
      if (content[1] === 0) return "close";
      throw new SSLError([["SSL routines", "", alertReason(content[1] ?? 0)]]);
    }
    if (innerType === HANDSHAKE) {
      this.handleProtectedHandshake(content);
      return null;
    }
    if (innerType !== APPLICATION_DATA || !this.handshakeDone) throw new SSLError([["SSL routines", "", "unexpected message"]]);
    return content.slice();
  }

  /** The hellos, which travel in the clear. */
  private handlePlainHandshake(body: Uint8Array): void {
    const kind = body[0];
    if (this.settings.role === "server" && kind === CLIENT_HELLO && !this.clientRandom) {
      this.clientRandom = body.slice(6, 38);
      if (this.clientRandom.length !== 32) throw new SSLError([["SSL routines", "", "length mismatch"]]);
      const identity = this.settings.identity;
      if (!identity) throw new SSLError([["SSL routines", "", "no shared cipher"]]);
      this.serverRandom = this.randomBytes(32);
      const hello = bytes([0x03, 0x03], this.serverRandom, [0], CIPHER_SUITE, [0]);
      this.outbound.push(record(HANDSHAKE, handshakeMessage(SERVER_HELLO, hello)));
      this.outbound.push(record(CHANGE_CIPHER_SPEC, Uint8Array.of(1)));
      // EncryptedExtensions, Certificate, CertificateVerify and Finished, enciphered as TLS 1.3 sends them.
      this.outbound.push(this.protect(HANDSHAKE, new TextEncoder().encode(identity.certificate.der)));
      return;
    }
    if (this.settings.role === "client" && kind === SERVER_HELLO && !this.serverRandom) {
      this.serverRandom = body.slice(6, 38);
      if (this.serverRandom.length !== 32) throw new SSLError([["SSL routines", "", "length mismatch"]]);
      return;
    }
    throw new SSLError([["SSL routines", "", "unexpected message"]]);
  }

  /** The server's certificate flight (at the client) and the client's Finished (at the server). */
  private handleProtectedHandshake(content: Uint8Array): void {
    if (this.settings.role === "client" && !this.handshakeDone) {
      const certificate = parseCertificateDer(new TextDecoder().decode(content));
      if (!certificate) throw new SSLError([["SSL routines", "", "bad certificate"]]);
      this.peerCertificate = certificate;
      if (this.settings.verify) this.verifyServer(certificate);
      this.outbound.push(record(CHANGE_CIPHER_SPEC, Uint8Array.of(1)));
      this.outbound.push(this.protect(HANDSHAKE, Uint8Array.of(20, 0, 0, 0)));
      this.finishHandshake();
      return;
    }
    if (this.settings.role === "server" && !this.handshakeDone && content[0] === 20) {
      this.finishHandshake();
      return;
    }
    throw new SSLError([["SSL routines", "", "unexpected message"]]);
  }

  private verifyServer(certificate: SimulatedIdentity["certificate"]): void {
    const trusted = this.settings.trusted.includes(certificate.keyId);
    if (!trusted) {
      // The client tells the server why before it hangs up (alert 48, unknown_ca).
      this.outbound.push(this.protect(ALERT, Uint8Array.of(2, 48)));
      throw new SSLError([["SSL routines", "", "certificate verify failed"]]);
    }
    const hostname = this.settings.hostname;
    if (hostname && certificate.commonName !== hostname) {
      this.outbound.push(this.protect(ALERT, Uint8Array.of(2, 42)));
      throw new SSLError([["SSL routines", "", `certificate verify failed (hostname mismatch: ${hostname} is not ${certificate.commonName})`]]);
    }
  }

  private finishHandshake(): void {
    this.handshakeDone = true;
    const waiting = this.pendingPlaintext;
    this.pendingPlaintext = [];
    for (const data of waiting) this.write(data);
  }

  /** Enciphers one record: the content, its inner type, XORed with this direction's keystream. */
  private protect(innerType: number, content: Uint8Array): Uint8Array {
    const inner = bytes(content, [innerType]);
    const direction = this.settings.role === "server" ? 1 : 2;
    return record(APPLICATION_DATA, this.cipher(inner, direction, this.sendSequence++));
  }

  private unprotect(body: Uint8Array): Uint8Array {
    const direction = this.settings.role === "server" ? 2 : 1;
    const inner = this.cipher(body, direction, this.receiveSequence++);
    if (inner.length === 0) throw new SSLError([["SSL routines", "", "decryption failed or bad record mac"]]);
    return inner;
  }

  /** XOR with a keystream seeded by both randoms, the direction and the record's sequence number. */
  private cipher(data: Uint8Array, direction: number, sequence: number): Uint8Array {
    let state = hash32(bytes(this.clientRandom!, this.serverRandom!, [direction], u16(sequence)));
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      // xorshift32: a cheap, deterministic keystream.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[i] = data[i]! ^ (state & 0xff);
    }
    return out;
  }

  private randomBytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = Math.floor(this.random() * 256);
    return out;
  }
}

/** What the server's Certificate message carries: the certificate as the PEM holds it. */
function parseCertificateDer(text: string): SimulatedIdentity["certificate"] | null {
  const fields = Object.fromEntries(
    text.split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  if (!fields.subject || !fields.key) return null;
  return { der: text, commonName: fields.subject, subject: fields.subject, issuer: fields.issuer ?? fields.subject, keyId: fields.key };
}

function alertReason(code: number): string {
  if (code === 48) return "tlsv1 alert unknown ca";
  if (code === 42) return "sslv3 alert bad certificate";
  return "tlsv1 alert internal error";
}

function record(type: number, body: Uint8Array, version: readonly number[] = [0x03, 0x03]): Uint8Array {
  return bytes([type], version, u16(body.length), body);
}

function handshakeMessage(kind: number, body: Uint8Array): Uint8Array {
  return bytes([kind, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff], body);
}

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

function bytes(...parts: (Uint8Array | readonly number[])[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** FNV-1a, never zero (xorshift needs a non-zero state). */
function hash32(data: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const byte of data) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h || 1;
}
