/**
 * twisted.web.http.Request: one HTTP request as the channel hands it over,
 * and the response being written to it. Writing starts the response (the
 * status line and headers first, chunked for HTTP/1.1 when no length is set);
 * finish() ends it. twisted.web.server.Request builds on it with resources.
 */
import { Deferred } from "../internet/defer";
import type { IAddress, IPullProducer, IPushProducer, ITransport } from "../internet/interfaces";
import { RuntimeError } from "../python/builtins";
import type { Failure } from "../python/failure";
import * as log from "../python/log";
import { FOUND, NO_BODY_CODES, OK, RESPONSES, parse_qs, toBytes, toChunk } from "./http-common";
import { basicAuthCredentials } from "./http-basic-auth";
import { formatSetCookie, parseCookieHeader, type CookieOptions } from "./http-cookies";
import { RequestContent } from "./http-request-content";
import { Headers } from "./http-response";

export { RequestContent } from "./http-request-content";
import { describeType } from "../internet/wire";

/** What a Request needs of the channel it came in on (HTTPChannel provides it). */
export interface RequestChannel {
  readonly transport: ITransport | null;
  readonly factory: { log?(request: Request): void; reactor?: { seconds(): number } | null } | null;
  getPeer(): IAddress;
  getHost(): IAddress;
  isSecure(): boolean;
  requestDone(request: Request): void;
  writeHeaders(version: string, code: string, reason: string, headers: [string, string][]): void;
  write(data: string | Uint8Array): void;
  writeSequence(data: Iterable<string | Uint8Array>): void;
  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void;
  unregisterProducer(): void;
  loseConnection(): void;
}

/** A request received by an HTTPChannel. Subclasses override process(). */
export class Request {
  /** The method, as sent ("GET"). */
  method = "(no method yet)";
  /** The full URI as sent, query included ("/a/b%20c?x=1"). */
  uri = "(no uri yet)";
  /** The path part of the URI, still percent-encoded ("/a/b%20c"). */
  path: string | null = null;
  /** "HTTP/1.0" or "HTTP/1.1", as the request line said. */
  clientproto = "(no clientproto yet)";
  /** Query arguments (and a urlencoded POST body's): name -> values, decoded. */
  args: Record<string, string[]> = {};
  /** The request body. */
  content: RequestContent | null = null;
  /** The response's status code and reason phrase. */
  code = OK;
  code_message = RESPONSES[OK]!;
  /** The request's headers (names in lower case) and the response's. */
  readonly requestHeaders = new Headers();
  readonly responseHeaders = new Headers();
  /** Cookies the client sent, and the Set-Cookie values to send. */
  received_cookies: Record<string, string> = {};
  cookies: string[] = [];
  /** True once the response's headers are out. */
  startedWriting = false;
  /** True once finish() ran. */
  finished = false;
  /** True when the body is sent chunked. */
  chunked = false;
  /** Body bytes written so far. */
  sentLength = 0;
  /** The client's address and this server's. */
  client: IAddress;
  host: IAddress;
  /** The connection. */
  transport: ITransport | null;
  channel: RequestChannel | null;
  /** Always false: requests are no longer queued (kept as in Twisted). */
  queued = false;
  producer: IPushProducer | IPullProducer | null = null;
  streamingProducer = false;
  protected notifications: Deferred<null>[] = [];
  protected _disconnected = false;

  constructor(channel: RequestChannel, queued?: unknown) {
    void queued;
    this.channel = channel;
    this.client = channel.getPeer();
    this.host = channel.getHost();
    this.transport = channel.transport;
  }

  /** The channel sees the headers; makes the body's store. Not for users. */
  gotLength(length: number | null): void {
    void length;
    this.content = new RequestContent();
  }

  /** Reads the Cookie headers into received_cookies. Not for users. */
  parseCookies(): void {
    for (const text of this.requestHeaders.getRawHeaders("cookie", [] as string[])) {
      for (const [name, value] of parseCookieHeader(text)) this.received_cookies[name] = value;
    }
  }

  /** A piece of the body arrived. Not for users. */
  handleContentChunk(data: Uint8Array): void {
    this.content!.write(data);
  }

  /**
   * The whole request is in: sets method, uri, path, clientproto and args
   * (a urlencoded POST body's fields too), then calls process(). Not for users.
   */
  requestReceived(command: string, path: string, version: string): void {
    const length = this.content!.tell();
    this.content!.seek(0, 0);
    this.args = {};
    this.method = command;
    this.uri = path;
    this.clientproto = version;
    const q = this.uri.indexOf("?");
    if (q < 0) this.path = this.uri;
    else {
      this.path = this.uri.slice(0, q);
      this.args = parse_qs(this.uri.slice(q + 1), true);
    }
    const ctype = this.requestHeaders.getRawHeaders("content-type", [] as string[])[0];
    if (this.method === "POST" && ctype && length) {
      if (ctype.split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded") {
        for (const [key, values] of Object.entries(parse_qs(this.content!.read(), true))) {
          this.args[key] = values;
        }
      }
      this.content!.seek(0, 0);
    }
    this.process();
  }

  /** Hook: answer the request. The base class does nothing. */
  process(): void {}

  /** The last value of request header `key` (any case), or null. */
  getHeader(key: string): string | null {
    return this.requestHeaders.getRawHeaders(key, [] as string[]).at(-1) ?? null;
  }

  /** Every request header, name (lower case) -> its last value. */
  getAllHeaders(): Record<string, string> {
    const all: Record<string, string> = {};
    for (const [name, values] of this.requestHeaders.getAllRawHeaders()) all[name.toLowerCase()] = values.at(-1)!;
    return all;
  }

  /** The cookie `key` the client sent, or null. */
  getCookie(key: string): string | null {
    return this.received_cookies[key] ?? null;
  }

  /** Sets a cookie in the response (a Set-Cookie header). */
  addCookie(k: string, v: string, options: CookieOptions = {}): void {
    this.cookies.push(formatSetCookie(k, v, options));
  }

  /**
   * Fires with null when the response has been finished, or fails with the
   * connection's reason if the client went away first.
   */
  notifyFinish(): Deferred<null> {
    const d = new Deferred<null>();
    this.notifications.push(d);
    return d;
  }

  /**
   * Sets the status. `message` replaces the standard reason phrase.
   * @throws TypeError if `code` is not an integer.
   */
  setResponseCode(code: number, message: string | null = null): void {
    if (!Number.isInteger(code)) throw new TypeError("HTTP response code must be int or long");
    this.code = code;
    this.code_message = message ? message : (RESPONSES[code] ?? "Unknown Status");
  }

  /** Sets response header `name` to `value`, replacing earlier values. */
  setHeader(name: string, value: string | number): void {
    this.responseHeaders.setRawHeaders(name.toLowerCase(), [String(value)]);
  }

  /** Answers with 302 Found and a Location header; call finish() after it. */
  redirect(url: string): void {
    this.setResponseCode(FOUND);
    this.setHeader("location", url);
  }

  /** The client's address (an IPv4Address). */
  getClientAddress(): IAddress {
    return this.client;
  }

  /** The client's IP address (deprecated in Twisted: use getClientAddress). */
  getClientIP(): string | null {
    return this.client?.host ?? null;
  }

  /** This server's address as the client reached it. */
  getHost(): IAddress {
    return this.host;
  }

  /** The host the client asked for (the Host header without a port), or this server's address. */
  getRequestHostname(): string {
    const host = this.getHeader("host");
    if (host !== null) {
      const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host);
      if (match) return match[1]!;
    }
    return this.getHost().host;
  }

  /** The user name of HTTP Basic authentication, or "" if none was sent. */
  getUser(): string {
    return basicAuthCredentials(this.getHeader("authorization"))[0];
  }

  /** The password of HTTP Basic authentication, or "" if none was sent. */
  getPassword(): string {
    return basicAuthCredentials(this.getHeader("authorization"))[1];
  }

  /** True over TLS; never here (the engine has no TLS). */
  isSecure(): boolean {
    return this.channel?.isSecure() ?? false;
  }

  /**
   * Registers a producer that writes the body (e.g. a file); `streaming`
   * true for a push producer.
   * @throws ValueError if one is already registered.
   */
  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void {
    if (this.producer) throw Object.assign(new RangeError("registering producer before previous one was unregistered"), { name: "ValueError" });
    this.streamingProducer = streaming;
    this.producer = producer;
    this.channel?.registerProducer(producer, streaming);
  }

  unregisterProducer(): void {
    this.channel?.unregisterProducer();
    this.producer = null;
  }

  /**
   * Writes part of the body (text as UTF-8). The first write sends the status
   * line and headers; HTTP/1.1 without a Content-Length is sent chunked.
   * A HEAD response, or a 204/304, sends no body.
   * @throws RuntimeError after finish(); TypeError for anything but text or bytes.
   */
  write(data: string | Uint8Array): void {
    if (this.finished) throw new RuntimeError("Request.write called on a request after Request.finish was called.");
    if (typeof data !== "string" && !(data instanceof Uint8Array)) throw new TypeError(`Data must be a string or bytes, not ${describeType(data)}`);
    if (this._disconnected) return;
    if (!this.startedWriting) {
      this.startedWriting = true;
      const headers: [string, string][] = [];
      if (
        this.clientproto === "HTTP/1.1" &&
        !this.responseHeaders.hasHeader("content-length") &&
        this.method !== "HEAD" &&
        !NO_BODY_CODES.includes(this.code)
      ) {
        headers.push(["Transfer-Encoding", "chunked"]);
        this.chunked = true;
      }
      for (const [name, values] of this.responseHeaders.getAllRawHeaders()) for (const value of values) headers.push([name, value]);
      for (const cookie of this.cookies) headers.push(["Set-Cookie", cookie]);
      this.channel!.writeHeaders(this.clientproto, String(this.code), this.code_message, headers);
      if (this.method === "HEAD" || NO_BODY_CODES.includes(this.code)) {
        this.write = () => undefined;
        return;
      }
    }
    const bytes = toBytes(data);
    this.sentLength += bytes.length;
    if (bytes.length) {
      if (this.chunked) this.channel!.writeSequence(toChunk(bytes));
      else this.channel!.write(bytes);
    }
  }

  /**
   * Ends the response (writing the headers if nothing was written, and the
   * last chunk), logs it, and lets the channel read the next request.
   * @throws RuntimeError if the connection was lost first (use notifyFinish).
   */
  finish(): void {
    if (this._disconnected) {
      throw new RuntimeError(
        "Request.finish called on a request after its connection was lost; use Request.notifyFinish to keep track of this.",
      );
    }
    if (this.finished) {
      log.msg("Warning! request.finish called twice.");
      return;
    }
    if (!this.startedWriting) this.write("");
    if (this.chunked) this.channel!.write("0\r\n\r\n");
    this.channel!.factory?.log?.(this);
    this.finished = true;
    this._cleanup();
  }

  /** The response is done: the channel moves on, and notifyFinish's Deferreds fire. */
  protected _cleanup(): void {
    if (this.producer) {
      log.err(new RuntimeError(`Producer was not unregistered for ${this.uri}`));
      this.unregisterProducer();
    }
    this.channel!.requestDone(this);
    this.channel = null;
    const waiting = this.notifications;
    this.notifications = [];
    for (const d of waiting) d.callback(null);
  }

  /** The connection went away: notifyFinish's Deferreds fail with `reason`. Not for users. */
  connectionLost(reason: Failure): void {
    this._disconnected = true;
    this.channel = null;
    const waiting = this.notifications;
    this.notifications = [];
    for (const d of waiting) d.errback(reason);
  }

  /** Closes the connection. */
  loseConnection(): void {
    this.channel?.loseConnection();
  }

  /** The seconds the factory's reactor reads (for the Date header). */
  protected _seconds(): number {
    return this.channel?.factory?.reactor?.seconds() ?? 0;
  }

  toString(): string {
    return `<${this.constructor.name} method=${this.method} uri=${this.uri} clientproto=${this.clientproto}>`;
  }
}
