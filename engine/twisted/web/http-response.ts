/**
 * The response side of twisted.web's HTTP client: headers, the Response an
 * Agent fires with, and the reasons a body ends. The wire protocol that
 * fills them is in http-client-protocol.ts.
 */
import type { Protocol } from "../internet/protocol";
import type { Failure } from "../python/failure";
import { TwistedError } from "../python/exceptions";

/** HTTP headers: names are case-insensitive, each holds a list of raw values. */
export class Headers {
  private readonly raw = new Map<string, { name: string; values: string[] }>();

  constructor(rawHeaders: Readonly<Record<string, readonly string[]>> = {}) {
    for (const [name, values] of Object.entries(rawHeaders)) this.setRawHeaders(name, values);
  }

  /** True if a header called `name` is present. */
  hasHeader(name: string): boolean {
    return this.raw.has(name.toLowerCase());
  }

  /** The values of header `name`, or `defaultValue` (undefined) when it is absent. */
  getRawHeaders<D = undefined>(name: string, defaultValue?: D): string[] | D {
    const found = this.raw.get(name.toLowerCase());
    return found ? [...found.values] : (defaultValue as D);
  }

  /** Replaces the values of header `name`. */
  setRawHeaders(name: string, values: readonly string[]): void {
    this.raw.set(name.toLowerCase(), { name, values: [...values] });
  }

  /** Adds one value to header `name`. */
  addRawHeader(name: string, value: string): void {
    const found = this.raw.get(name.toLowerCase());
    if (found) found.values.push(value);
    else this.setRawHeaders(name, [value]);
  }

  /** Every header as [name, values], in the order first set. */
  getAllRawHeaders(): [string, string[]][] {
    return [...this.raw.values()].map(({ name, values }) => [name, [...values]]);
  }
}

/** Ends a response body delivered to a protocol: the body is complete. */
export class ResponseDone extends TwistedError {
  constructor(message = "Response body fully received") {
    super(message);
  }
}

/** Ends a response body that had no length: the server closed, so the end may be an accident. */
export class PotentialDataLoss extends TwistedError {
  constructor(message = "The connection closed before the body's end could be confirmed: there may be data loss.") {
    super(message);
  }
}

/** The response broke off or could not be parsed; `reasons` are the Failures behind it. */
export class ResponseFailed extends TwistedError {
  constructor(
    readonly reasons: Failure[],
    message = `[${reasons.map((r) => r.getErrorMessage()).join(", ")}]`,
  ) {
    super(message);
  }
}

/** The connection ended before any response arrived. */
export class ResponseNeverReceived extends ResponseFailed {}

/** The length of a body the server did not announce. */
export const UNKNOWN_LENGTH = "UNKNOWN_LENGTH";

/** What a protocol given to deliverBody can be: it hears dataReceived and, at the end, connectionLost. */
type BodyProtocol = Pick<Protocol, "makeConnection" | "dataReceived" | "connectionLost">;

/** An HTTP response: status, headers, and a body to read with readBody or deliverBody. */
export class Response {
  /** ["HTTP", 1, 1] */
  readonly version: [string, number, number];
  private bodyChunks: string[] = [];
  private ended: Failure | null = null;
  private protocol: BodyProtocol | null = null;
  private readonly decoder = new TextDecoder("utf-8");

  constructor(
    version: [string, number, number],
    readonly code: number,
    readonly phrase: string,
    readonly headers: Headers,
    /** Bytes announced by Content-Length, or UNKNOWN_LENGTH. */
    readonly length: number | typeof UNKNOWN_LENGTH,
    /** The request this answers. */
    readonly request: { readonly method: string; readonly absoluteURI: string },
    private readonly abort: () => void,
  ) {
    this.version = version;
  }

  /**
   * Hands the body to `protocol`: dataReceived for each piece, then
   * connectionLost with ResponseDone (complete), PotentialDataLoss (the
   * server closed a body of unknown length) or ResponseFailed.
   * @throws Error if the body was already delivered.
   */
  deliverBody(protocol: BodyProtocol): void {
    if (this.protocol) throw new Error("deliverBody: the body was already delivered to a protocol");
    this.protocol = protocol;
    protocol.makeConnection({ loseConnection: () => this.abort(), abortConnection: () => this.abort() } as never);
    for (const chunk of this.bodyChunks) protocol.dataReceived(chunk);
    this.bodyChunks = [];
    if (this.ended) protocol.connectionLost(this.ended);
  }

  /** @internal The parser's body bytes. */
  _bodyData(bytes: Uint8Array): void {
    const text = this.decoder.decode(bytes, { stream: true });
    if (!text) return;
    if (this.protocol) this.protocol.dataReceived(text);
    else this.bodyChunks.push(text);
  }

  /** @internal The body has ended, for `reason`. */
  _bodyEnd(reason: Failure): void {
    if (this.ended) return;
    const rest = this.decoder.decode();
    if (rest) this._bodyData(new TextEncoder().encode(rest));
    this.ended = reason;
    this.protocol?.connectionLost(reason);
  }
}
