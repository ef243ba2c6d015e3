/**
 * The writing side of twisted.web.http's HTTPChannel: what its Requests call
 * to answer (the status line and headers, the body, closing), the
 * connection's addresses, and the bare 400 and 413 answers to requests the
 * channel refuses.
 */
import { ISSLTransport, type IAddress } from "../internet/interfaces";
import { canonicalHeaderName } from "./http-common";
import { HTTPProducerRelay } from "./http-producer-relay";

/** What a Request writes through its channel. */
export abstract class HTTPChannelOutput extends HTTPProducerRelay {
  /** True on a TLS connection (listenSSL, an "ssl:" endpoint), as Twisted asks ISSLTransport. */
  isSecure(): boolean {
    return this.transport !== null && ISSLTransport.providedBy(this.transport);
  }

  /** Writes the status line and headers (names as Twisted's Headers spells them). */
  writeHeaders(version: string, code: string, reason: string, headers: [string, string][]): void {
    const merged = new Map<string, { name: string; values: string[] }>();
    for (const [name, value] of headers) {
      const key = name.toLowerCase();
      const entry = merged.get(key) ?? { name: canonicalHeaderName(name), values: [] };
      entry.values.push(value.replace(/\r\n|\r|\n/g, " "));
      merged.set(key, entry);
    }
    const lines = [`${version} ${code} ${reason}\r\n`];
    for (const { name, values } of merged.values()) for (const value of values) lines.push(`${name}: ${value}\r\n`);
    lines.push("\r\n");
    this.transport!.writeSequence(lines);
  }

  write(data: string | Uint8Array): void {
    this.transport!.write(data);
  }

  writeSequence(data: Iterable<string | Uint8Array>): void {
    this.transport!.writeSequence(data);
  }

  getPeer(): IAddress {
    return this.transport!.getPeer();
  }

  getHost(): IAddress {
    return this.transport!.getHost();
  }

  /** Closes the connection once what is written has been sent. */
  override loseConnection(): void {
    this.transport?.unregisterProducer();
    this.transport?.loseConnection();
  }

  /** Twisted's quick answer to a request it cannot parse: a bare 400, then close. */
  _respondToBadRequestAndDisconnect(): void {
    this.transport!.write("HTTP/1.1 400 Bad Request\r\n\r\n");
    this.loseConnection();
  }

  /** Engine extension: a body over maxRequestBodySize gets a bare 413, then close. */
  protected _refuseTooLarge(): void {
    this.transport!.write("HTTP/1.1 413 Request Entity Too Large\r\n\r\n");
    this.loseConnection();
  }
}
