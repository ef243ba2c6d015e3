/**
 * twisted.web.client: fetch web pages over the simulated network.
 *
 * - `Agent(reactor).request("GET", url)` fires with a Response as soon as
 *   the status and headers are in; `readBody(response)` fires with the body.
 *   This is how current Twisted fetches pages.
 * - `getPage(url)` is the tutorial's helper (finger10): it fires with the
 *   body, or fails with `error.Error` for a 4xx/5xx answer. Twisted has
 *   since removed it (22.4, which the twins run on, no longer has it); here
 *   it is kept, built on Agent and readBody, as a legacy helper so the
 *   tutorial's listing runs as written.
 *
 * Only http: URLs work (the simulation has no TLS). Bodies are UTF-8 text,
 * as all data is in this course; Twisted gives bytes.
 */
import { Deferred } from "../internet/defer";
import { ConnectionDone, ConnectionLost } from "../internet/error";
import { installedReactor } from "../internet/installed";
import { ClientFactory, Protocol } from "../internet/protocol";
import { Failure } from "../python/failure";
import { TwistedError } from "../python/exceptions";
import { Error as WebError, InfiniteRedirection, PageRedirect, SchemeNotSupported } from "./error";

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

/** readBody's failure for a body whose end could not be confirmed; `response` holds what arrived. */
export class PartialDownloadError extends WebError {}

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

/** The reactor method the Agent needs. */
interface ConnectsTCP {
  connectTCP(host: string, port: number, factory: ClientFactory, timeout?: number): unknown;
}

/** Splits an http URL into host, port and the path to request. @throws SchemeNotSupported, Error (ValueError) */
export function parseURL(url: string): { host: string; port: number; path: string } {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/:?#]*)(?::(\d*))?([^#]*)/.exec(url);
  if (!match) throw Object.assign(new Error(`invalid URL: ${JSON.stringify(url)}`), { name: "ValueError" });
  const scheme = match[1]!.toLowerCase();
  if (scheme !== "http") throw new SchemeNotSupported(`Unsupported scheme: '${match[1]}'`);
  const port = match[3] ? Number(match[3]) : 80;
  const path = match[4] || "/";
  return { host: match[2]!, port, path: path.startsWith("/") ? path : `/${path}` };
}

/**
 * Makes HTTP/1.1 requests, one connection each (`Connection: close`), as
 * Twisted's Agent does without a persistent pool.
 */
export class Agent {
  /**
   * @param reactor the reactor to connect with (the installed one by default).
   * @param connectTimeout seconds to wait for the connection (30).
   */
  constructor(
    private readonly reactor: ConnectsTCP | null = null,
    private readonly connectTimeout = 30,
  ) {}

  /**
   * Sends `method` `uri`; fires with the Response once its status and
   * headers have arrived (whatever the status: a 404 is a Response too).
   * Fails with the connection's error (ConnectionRefusedError,
   * DNSLookupError, TimeoutError), ResponseNeverReceived if the server
   * closed without answering, or ResponseFailed for a broken answer.
   * Requests carry no body.
   */
  request(method: string, uri: string, headers: Headers | null = null): Deferred<Response> {
    const result = new Deferred<Response>();
    let target: ReturnType<typeof parseURL>;
    try {
      target = parseURL(uri);
    } catch (thrown) {
      result.errback(new Failure(thrown));
      return result;
    }
    const lines = [`${method} ${target.path} HTTP/1.1`, "Connection: close", `Host: ${target.port === 80 ? target.host : `${target.host}:${target.port}`}`];
    for (const [name, values] of headers?.getAllRawHeaders() ?? []) {
      if (!["host", "connection"].includes(name.toLowerCase())) for (const value of values) lines.push(`${name}: ${value}`);
    }
    const request = { method, absoluteURI: uri, text: `${lines.join("\r\n")}\r\n\r\n` };
    const factory = new HTTPClientFactory(request, result);
    const reactor = this.reactor ?? (installedReactor() as unknown as ConnectsTCP);
    reactor.connectTCP(target.host, target.port, factory, this.connectTimeout);
    return result;
  }
}

interface OutgoingRequest {
  readonly method: string;
  readonly absoluteURI: string;
  readonly text: string;
}

class HTTPClientFactory extends ClientFactory {
  override noisy = false;

  constructor(
    readonly request: OutgoingRequest,
    readonly result: Deferred<Response>,
  ) {
    super();
  }

  override buildProtocol(): Protocol {
    const protocol = new HTTP11ClientProtocol(this.request, this.result);
    protocol.factory = this;
    return protocol;
  }

  override clientConnectionFailed(_connector: unknown, reason: Failure): void {
    if (!this.result.called) this.result.errback(reason);
  }
}

const MAX_HEAD = 65536;

/** One request and its response, on its own connection. */
class HTTP11ClientProtocol extends Protocol {
  override receivesBytes = true;
  private head: Uint8Array = new Uint8Array(0);
  private response: Response | null = null;
  private remaining: number | null = null;
  private chunked: ChunkedDecoder | null = null;
  private done = false;

  constructor(
    private readonly request: OutgoingRequest,
    private readonly result: Deferred<Response>,
  ) {
    super();
  }

  override connectionMade(): void {
    this.transport!.write(this.request.text);
  }

  override dataReceived(data: string | Uint8Array): void {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    if (this.response) return this.body(bytes);
    this.head = concat(this.head, bytes);
    const end = indexOfBlankLine(this.head);
    if (end < 0) {
      if (this.head.length > MAX_HEAD) this.fail(new Error("ParseError: the response's headers are too long"));
      return;
    }
    const rest = this.head.slice(end + 4);
    let parsed: { version: [string, number, number]; code: number; phrase: string; headers: Headers };
    try {
      parsed = parseHead(new TextDecoder("latin1").decode(this.head.slice(0, end)));
    } catch (thrown) {
      this.fail(thrown);
      return;
    }
    const { version, code, phrase, headers } = parsed;
    const noBody = this.request.method === "HEAD" || code === 204 || code === 304 || (code >= 100 && code < 200);
    const lengthHeader = headers.getRawHeaders("content-length", [] as string[]).at(-1);
    const isChunked = (headers.getRawHeaders("transfer-encoding", [] as string[]).at(-1) ?? "").toLowerCase() === "chunked";
    const length = noBody ? 0 : isChunked ? null : lengthHeader !== undefined ? Number(lengthHeader) : null;
    this.response = new Response(version, code, phrase, headers, length ?? UNKNOWN_LENGTH, this.request, () => this.transport?.abortConnection());
    if (isChunked && !noBody) this.chunked = new ChunkedDecoder();
    this.remaining = length;
    this.result.callback(this.response);
    if (length === 0) this.finish();
    else if (rest.length) this.body(rest);
  }

  private body(bytes: Uint8Array): void {
    if (this.done || !this.response) return;
    if (this.chunked) {
      try {
        for (const piece of this.chunked.feed(bytes)) this.response._bodyData(piece);
      } catch (thrown) {
        this.done = true;
        this.response._bodyEnd(new Failure(new ResponseFailed([new Failure(thrown)])));
        this.transport?.abortConnection();
        return;
      }
      if (this.chunked.finished) this.finish();
      return;
    }
    if (this.remaining === null) {
      this.response._bodyData(bytes);
      return;
    }
    const take = bytes.slice(0, this.remaining);
    this.remaining -= take.length;
    this.response._bodyData(take);
    if (this.remaining === 0) this.finish();
  }

  private finish(): void {
    this.done = true;
    this.response!._bodyEnd(new Failure(new ResponseDone()));
    this.transport?.loseConnection();
  }

  private fail(thrown: unknown): void {
    this.done = true;
    if (!this.result.called) this.result.errback(new Failure(new ResponseFailed([new Failure(thrown)])));
    this.transport?.loseConnection();
  }

  override connectionLost(reason: Failure): void {
    if (this.done) return;
    this.done = true;
    if (!this.response) {
      const why = [new Failure(reason.check(ConnectionDone) ? new ConnectionDone() : reason.value)];
      if (!this.result.called) this.result.errback(new Failure(this.head.length ? new ResponseFailed(why) : new ResponseNeverReceived(why)));
      return;
    }
    // A body without a length ends when the server closes; with one, closing early loses data.
    const cleanEnd = this.remaining === null && !this.chunked && reason.check(ConnectionDone);
    this.response._bodyEnd(new Failure(cleanEnd ? new PotentialDataLoss() : new ResponseFailed([new Failure(reason.value ?? new ConnectionLost())])));
  }
}

/** Reads a chunked body: size line, data, CRLF, ... until a zero-size chunk. */
class ChunkedDecoder {
  finished = false;
  private buffer: Uint8Array = new Uint8Array(0);
  private need: number | null = null;

  /** The body bytes in `bytes`, as far as they are complete. @throws Error for a malformed chunk. */
  *feed(bytes: Uint8Array): Generator<Uint8Array> {
    this.buffer = concat(this.buffer, bytes);
    while (!this.finished) {
      if (this.need === null) {
        const eol = indexOfCRLF(this.buffer);
        if (eol < 0) return;
        const sizeText = new TextDecoder("latin1").decode(this.buffer.slice(0, eol)).split(";")[0]!.trim();
        if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new Error(`ParseError: bad chunk size ${JSON.stringify(sizeText)}`);
        this.need = parseInt(sizeText, 16);
        this.buffer = this.buffer.slice(eol + 2);
        if (this.need === 0) {
          this.finished = true;
          return;
        }
      }
      if (this.buffer.length < this.need + 2) return;
      yield this.buffer.slice(0, this.need);
      this.buffer = this.buffer.slice(this.need + 2);
      this.need = null;
    }
  }
}

function parseHead(text: string): { version: [string, number, number]; code: number; phrase: string; headers: Headers } {
  const [statusLine = "", ...headerLines] = text.split("\r\n");
  const match = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) throw new Error(`ParseError: wrong number of parts: ${JSON.stringify(statusLine)}`);
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`ParseError: invalid header line: ${JSON.stringify(line)}`);
    headers.addRawHeader(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return { version: ["HTTP", Number(match[1]), Number(match[2])], code: Number(match[3]), phrase: match[4] ?? "", headers };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function indexOfBlankLine(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}

function indexOfCRLF(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 13 && bytes[i + 1] === 10) return i;
  return -1;
}

/**
 * Reads a response's whole body. Fires with it as text; fails with
 * PartialDownloadError (its `response` holds what arrived) when the server
 * closed a body of unknown length, or with the ResponseFailed that broke it off.
 */
export function readBody(response: Response): Deferred<string> {
  const d = new Deferred<string>();
  let body = "";
  class ReadBodyProtocol extends Protocol {
    override dataReceived(data: string): void {
      body += data;
    }
    override connectionLost(reason: Failure): void {
      if (reason.check(ResponseDone)) d.callback(body);
      else if (reason.check(PotentialDataLoss)) d.errback(new Failure(new PartialDownloadError(response.code, response.phrase, body)));
      else d.errback(reason);
    }
  }
  response.deliverBody(new ReadBodyProtocol());
  return d;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** getPage's options, as the old function's keyword arguments. */
export interface GetPageOptions {
  /** The method (GET). */
  readonly method?: string;
  /** Follow redirects (true), up to `redirectLimit` (20). */
  readonly followRedirect?: boolean;
  readonly redirectLimit?: number;
  /** Seconds to wait for the connection (30). */
  readonly timeout?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The tutorial's way to fetch a page (since removed from Twisted, kept
 * here as a legacy helper built on Agent and readBody): fires with the body
 * of `url`. Fails with `error.Error` (status "404", message "404 Not Found",
 * `response` the error page) for a 4xx or 5xx answer, with
 * `error.PageRedirect` for a redirect it does not follow, and with the
 * connection's error (ConnectionRefusedError, DNSLookupError) when the
 * server cannot be reached. Redirects (301, 302, 303, 307, 308) are followed.
 */
export function getPage(url: string, options: GetPageOptions = {}): Deferred<string> {
  const agent = new Agent(null, options.timeout ?? 30);
  const headers = new Headers();
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.addRawHeader(name, value);
  const limit = options.redirectLimit ?? 20;
  const fetch = (target: string, redirects: number): Deferred<string> =>
    agent.request(options.method ?? "GET", target, headers).addCallback((response: Response) => {
      const location = response.headers.getRawHeaders("location", [] as string[])[0] ?? null;
      return readWhole(response).addCallback((body: string): string | Deferred<string> => {
        if (response.code >= 200 && response.code < 300) return body;
        if (REDIRECTS.has(response.code) && location && options.followRedirect !== false) {
          if (redirects >= limit) throw new InfiniteRedirection(response.code, "Infinite redirection detected", body, location);
          return fetch(resolveURL(location, target), redirects + 1);
        }
        if (REDIRECTS.has(response.code)) throw new PageRedirect(response.code, response.phrase, body, location);
        throw new WebError(response.code, response.phrase || null, body);
      });
    });
  return fetch(url, 0);
}

/** Where a Location header leads, seen from `base`. */
function resolveURL(location: string, base: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(location)) return location;
  const origin = /^[^:]+:\/\/[^/?#]*/.exec(base)![0];
  if (location.startsWith("/")) return origin + location;
  const path = base.slice(origin.length).split(/[?#]/)[0]!;
  return origin + path.slice(0, path.lastIndexOf("/") + 1) + location;
}

/** readBody, but a body of unknown length that ended when the server closed is whole (as old getPage took it). */
function readWhole(response: Response): Deferred<string> {
  return readBody(response).addErrback((failure: Failure) => {
    failure.trap(PartialDownloadError);
    return (failure.value as PartialDownloadError).response ?? "";
  });
}
