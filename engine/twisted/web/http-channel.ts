/**
 * twisted.web.http's HTTPChannel and HTTPFactory: the server side of HTTP on
 * the wire. The channel cuts the byte stream into a request line, headers
 * and a body (Content-Length or chunked), hands each request to a Request,
 * answers requests one at a time in order (pipelined ones wait in a buffer,
 * as Twisted's head-of-line blocking does), keeps HTTP/1.1 connections open
 * unless asked to close, times idle connections out, and answers a malformed
 * request with Twisted's bare 400 and closes.
 */
import { ISSLTransport, type IAddress, type IDelayedCall, type IPushProducer, type IPullProducer, type IReactor } from "../internet/interfaces";
import { installedReactor } from "../internet/installed";
import { Protocol, ServerFactory } from "../internet/protocol";
import { concatBytes } from "../internet/wire";
import { TimeoutMixin } from "../protocols/policies";
import type { Failure } from "../python/failure";
import * as log from "../python/log";
import { canonicalHeaderName, datetimeToLogString } from "./http-common";
import { Request, type RequestChannel } from "./http-request";

/**
 * Engine extension: the largest request body accepted (1 MiB). Twisted has
 * no limit (it spools big bodies to a temporary file); here a bigger
 * Content-Length, or a chunked body that grows past it, is refused with
 * "413 Request Entity Too Large" and the connection closes.
 */
export const MAX_REQUEST_BODY = 1 << 20;

const CRLF = [13, 10] as const;
const latin1 = new TextDecoder("latin1");

function indexOfCRLF(bytes: Uint8Array, from = 0): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === CRLF[0] && bytes[i + 1] === CRLF[1]) return i;
  return -1;
}

/** Thrown by the chunked decoder for a malformed body. */
export class MalformedChunkedDataError extends Error {}

/** Reads a body of known length; the bytes after it belong to the next request. */
class IdentityTransferDecoder {
  constructor(
    private remaining: number,
    private readonly onData: (data: Uint8Array) => void,
    private readonly onFinish: (rest: Uint8Array) => void,
  ) {}

  dataReceived(data: Uint8Array): void {
    if (data.length < this.remaining) {
      this.remaining -= data.length;
      this.onData(data);
      return;
    }
    const take = this.remaining;
    this.remaining = 0;
    this.onData(data.slice(0, take));
    this.onFinish(data.slice(take));
  }
}

/** Reads a chunked body: size line, data, CRLF, ..., a zero-size chunk and trailers. */
class ChunkedTransferDecoder {
  private buffer: Uint8Array = new Uint8Array(0);
  private state: "LENGTH" | "BODY" | "CRLF" | "TRAILER" | "FINISHED" = "LENGTH";
  private need = 0;
  private total = 0;

  constructor(
    private readonly limit: number,
    private readonly onData: (data: Uint8Array) => void,
    private readonly onFinish: (rest: Uint8Array) => void,
  ) {}

  /** @throws MalformedChunkedDataError, RangeError (the body is over the limit) */
  dataReceived(data: Uint8Array): void {
    this.buffer = concatBytes([this.buffer, data]);
    for (;;) {
      if (this.state === "LENGTH") {
        const eol = indexOfCRLF(this.buffer);
        if (eol < 0) {
          if (this.buffer.length > 1024) throw new MalformedChunkedDataError("Chunk size line too long");
          return;
        }
        const sizeText = latin1.decode(this.buffer.slice(0, eol)).split(";")[0]!;
        if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new MalformedChunkedDataError(`Chunk-size must be a hex number: ${sizeText}`);
        this.need = parseInt(sizeText, 16);
        this.buffer = this.buffer.slice(eol + 2);
        this.total += this.need;
        if (this.total > this.limit) throw new RangeError("request body too large");
        this.state = this.need === 0 ? "TRAILER" : "BODY";
      } else if (this.state === "BODY") {
        if (!this.buffer.length) return;
        const take = this.buffer.slice(0, this.need);
        this.buffer = this.buffer.slice(take.length);
        this.need -= take.length;
        this.onData(take);
        if (this.need > 0) return;
        this.state = "CRLF";
      } else if (this.state === "CRLF") {
        if (this.buffer.length < 2) return;
        if (this.buffer[0] !== 13 || this.buffer[1] !== 10) throw new MalformedChunkedDataError("Chunk did not end with CRLF");
        this.buffer = this.buffer.slice(2);
        this.state = "LENGTH";
      } else if (this.state === "TRAILER") {
        const eol = indexOfCRLF(this.buffer);
        if (eol < 0) return;
        const line = this.buffer.slice(0, eol);
        this.buffer = this.buffer.slice(eol + 2);
        if (line.length === 0) {
          this.state = "FINISHED";
          const rest = this.buffer;
          this.buffer = new Uint8Array(0);
          this.onFinish(rest);
          return;
        }
      } else {
        return;
      }
    }
  }
}

/**
 * The server side of one HTTP connection. Site sets `site` and
 * `requestFactory`; HTTPFactory sets `timeOut` and `callLater`.
 */
export class HTTPChannel extends TimeoutMixin(Protocol) implements RequestChannel {
  override receivesBytes = true;
  /** The most header lines a request may have. */
  maxHeaders = 500;
  /** The most bytes the request line and headers may take. */
  totalHeadersSize = 16384;
  /** Seconds to wait, after timing a connection out, before aborting it. */
  abortTimeout: number | null = 15;
  /** Engine extension: the largest request body accepted (see MAX_REQUEST_BODY). */
  maxRequestBodySize = MAX_REQUEST_BODY;
  /** Bytes pipelined requests may buffer before the transport is paused. */
  _optimisticEagerReadSize = 0x4000;
  /** The longest line LineReceiver accepts. */
  MAX_LENGTH = 16384;
  /** True while the connection may carry another request. */
  persistent = true;
  /** The Request class to build for each request. */
  requestFactory: new (channel: HTTPChannel, queued?: unknown) => Request = Request;
  /** The Site this channel serves (set by Site.buildProtocol). */
  site: unknown = null;
  /** Requests received and not yet answered (at most one here). */
  requests: Request[] = [];
  length: number | null = 0;
  private header = "";
  private firstLine = 1;
  private command = "";
  private requestPath = "";
  private version = "";
  private handlingRequest = false;
  private dataBuffer: Uint8Array[] = [];
  private transferDecoder: IdentityTransferDecoder | ChunkedTransferDecoder | null = null;
  private savedTimeOut: number | null = null;
  private receivedHeaderCount = 0;
  private receivedHeaderSize = 0;
  private requestProducer: IPushProducer | IPullProducer | null = null;
  private requestProducerStreaming: boolean | null = null;
  private waitingForTransport = false;
  private abortingCall: IDelayedCall | null = null;
  private lineBuffer: Uint8Array = new Uint8Array(0);
  private lineMode = true;
  private busyReceiving = false;

  override connectionMade(): void {
    this.setTimeout(this.timeOut);
    this.transport!.registerProducer(this, true);
  }

  /** Splits arriving bytes into lines (CRLF) or, in raw mode, passes them on: LineReceiver over bytes. */
  override dataReceived(data: string | Uint8Array): void {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    if (this.busyReceiving) {
      this.lineBuffer = concatBytes([this.lineBuffer, bytes]);
      return;
    }
    this.busyReceiving = true;
    try {
      this.lineBuffer = concatBytes([this.lineBuffer, bytes]);
      while (this.lineBuffer.length) {
        if (this.lineMode) {
          const eol = indexOfCRLF(this.lineBuffer);
          if (eol < 0) {
            if (this.lineBuffer.length >= this.MAX_LENGTH + 2) {
              this.lineBuffer = new Uint8Array(0);
              this.lineLengthExceeded();
            }
            return;
          }
          const line = this.lineBuffer.slice(0, eol);
          this.lineBuffer = this.lineBuffer.slice(eol + 2);
          if (line.length > this.MAX_LENGTH) {
            this.lineBuffer = new Uint8Array(0);
            this.lineLengthExceeded();
            return;
          }
          this.lineReceived(latin1.decode(line));
          if (this.transport?.disconnecting) return;
        } else {
          const raw = this.lineBuffer;
          this.lineBuffer = new Uint8Array(0);
          this.rawDataReceived(raw);
        }
      }
    } finally {
      this.busyReceiving = false;
    }
  }

  /**
   * A line over MAX_LENGTH: LineReceiver's default closes the connection
   * without an answer. (Twisted's transport closes even though the channel
   * is registered as its streaming producer; the engine's transports wait
   * for the producer to go, so the channel unregisters first.)
   */
  lineLengthExceeded(): void {
    this.loseConnection();
  }

  /** Back to reading lines; `extra` is processed as if just received. */
  setLineMode(extra: Uint8Array = new Uint8Array(0)): void {
    this.lineMode = true;
    if (extra.length) this.dataReceived(extra);
  }

  setRawMode(): void {
    this.lineMode = false;
  }

  /** One line of the request line or headers (as latin-1 text). */
  lineReceived(line: string): void {
    this.resetTimeout();
    this.receivedHeaderSize += line.length;
    if (this.receivedHeaderSize > this.totalHeadersSize) {
      this._respondToBadRequestAndDisconnect();
      return;
    }
    if (this.firstLine) {
      if (!this.persistent) {
        this.dataReceived = () => undefined;
        this.lineReceived = () => undefined;
        return;
      }
      // Tolerate one blank line before a request (RFC 7230 3.5).
      if (!line && this.firstLine === 1) {
        this.firstLine = 2;
        return;
      }
      const request = new this.requestFactory(this, this.requests.length);
      this.requests.push(request);
      this.firstLine = 0;
      const parts = line.split(/[ \t\n\r\f\v]+/).filter((part) => part !== "");
      if (parts.length !== 3) {
        this._respondToBadRequestAndDisconnect();
        return;
      }
      const [command, path, version] = parts as [string, string, string];
      if (/[^\x00-\x7f]/.test(command)) {
        this._respondToBadRequestAndDisconnect();
        return;
      }
      this.command = command;
      this.requestPath = path;
      this.version = version;
    } else if (line === "") {
      if (this.header && !this.headerReceived(this.header)) return;
      this.header = "";
      this.allHeadersReceived();
      if (this.length === 0) this.allContentReceived();
      else this.setRawMode();
    } else if (line[0] === " " || line[0] === "\t") {
      this.header += " " + line.replace(/^[ \t]+/, "");
    } else {
      if (this.header) this.headerReceived(this.header);
      this.header = line;
    }
  }

  /** Stores one header line; Content-Length and Transfer-Encoding choose how to read the body. False if the request was refused. */
  headerReceived(line: string): boolean {
    const colon = line.indexOf(":");
    if (colon < 0) {
      this._respondToBadRequestAndDisconnect();
      return false;
    }
    let name = line.slice(0, colon);
    if (!name || /\s$/.test(name)) {
      this._respondToBadRequestAndDisconnect();
      return false;
    }
    name = name.toLowerCase();
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
    if (!this.maybeChooseTransferDecoder(name, value)) return false;
    this.requests.at(-1)!.requestHeaders.addRawHeader(name, value);
    this.receivedHeaderCount++;
    if (this.receivedHeaderCount > this.maxHeaders) {
      this._respondToBadRequestAndDisconnect();
      return false;
    }
    return true;
  }

  private maybeChooseTransferDecoder(name: string, value: string): boolean {
    const fail = () => {
      this._respondToBadRequestAndDisconnect();
      this.length = null;
      return false;
    };
    const request = this.requests.at(-1)!;
    let decoder: IdentityTransferDecoder | ChunkedTransferDecoder;
    let length: number | null;
    if (name === "content-length") {
      if (!/^[0-9]+$/.test(value)) return fail();
      length = Number(value);
      if (length > this.maxRequestBodySize) {
        this._refuseTooLarge();
        this.length = null;
        return false;
      }
      decoder = new IdentityTransferDecoder(length, (d) => request.handleContentChunk(d), (rest) => this.finishRequestBody(rest));
    } else if (name === "transfer-encoding") {
      const lower = value.toLowerCase();
      if (lower === "identity") return true;
      if (lower !== "chunked") return fail();
      length = null;
      decoder = new ChunkedTransferDecoder(this.maxRequestBodySize, (d) => request.handleContentChunk(d), (rest) => this.finishRequestBody(rest));
    } else {
      return true;
    }
    if (this.transferDecoder) return fail();
    this.length = length;
    this.transferDecoder = decoder;
    return true;
  }

  private finishRequestBody(rest: Uint8Array): void {
    this.dataBuffer.push(rest);
    this.allContentReceived();
  }

  /** The headers are in: cookies, persistence, the body's store, and 100 Continue if asked. */
  allHeadersReceived(): void {
    const request = this.requests.at(-1)!;
    request.parseCookies();
    this.persistent = this.checkPersistence(request, this.version);
    request.gotLength(this.length);
    const expect = request.requestHeaders.getRawHeaders("expect", [] as string[]);
    if (expect.length && expect[0]!.toLowerCase() === "100-continue" && this.version === "HTTP/1.1") {
      this.transport!.write("HTTP/1.1 100 Continue\r\n\r\n");
    }
  }

  /** The whole request is in: hand it to its Request; later bytes wait until it is answered. */
  allContentReceived(): void {
    const { command, requestPath, version } = this;
    this.length = 0;
    this.receivedHeaderCount = 0;
    this.receivedHeaderSize = 0;
    this.firstLine = 1;
    this.transferDecoder = null;
    if (this.timeOut) this.savedTimeOut = this.setTimeout(null);
    this.handlingRequest = true;
    this.setRawMode();
    this.requests.at(-1)!.requestReceived(command, requestPath, version);
  }

  /** Body bytes, or bytes of a pipelined request that must wait for the current one. */
  rawDataReceived(data: Uint8Array): void {
    if (this.handlingRequest) {
      this.dataBuffer.push(data);
      const buffered = this.dataBuffer.reduce((n, piece) => n + piece.length, 0);
      if (buffered > this._optimisticEagerReadSize && !this.waitingForTransport) this.transport?.pauseProducing();
      return;
    }
    this.resetTimeout();
    try {
      this.transferDecoder!.dataReceived(data);
    } catch (thrown) {
      if (thrown instanceof MalformedChunkedDataError) this._respondToBadRequestAndDisconnect();
      else if (thrown instanceof RangeError) this._refuseTooLarge();
      else throw thrown;
    }
  }

  /**
   * Whether the connection stays open after this request: HTTP/1.1 unless
   * "Connection: close" (which the response then says too); never for HTTP/1.0.
   */
  checkPersistence(request: Request, version: string): boolean {
    const connection = request.requestHeaders.getRawHeaders("connection", [] as string[]);
    const tokens = connection.length ? connection[0]!.split(" ").map((t) => t.toLowerCase()) : [];
    if (version === "HTTP/1.1") {
      if (tokens.includes("close")) {
        request.responseHeaders.setRawHeaders("connection", ["close"]);
        return false;
      }
      return true;
    }
    return false;
  }

  /** The first request is answered: read the next one, or close. */
  requestDone(request: Request): void {
    if (request !== this.requests[0]) throw new TypeError("requestDone for a request that is not the first");
    this.requests.shift();
    if (!this.waitingForTransport) this.transport?.resumeProducing();
    if (this.persistent) {
      this.handlingRequest = false;
      if (this.savedTimeOut) this.setTimeout(this.savedTimeOut);
      const data = concatBytes(this.dataBuffer);
      this.dataBuffer = [];
      this.setLineMode(data);
    } else {
      this.loseConnection();
    }
  }

  override timeoutConnection(): void {
    log.msg(`Timing out client: ${String(this.transport?.getPeer())}`);
    if (this.abortTimeout !== null) this.abortingCall = this.callLater(this.abortTimeout, () => this.forceAbortClient());
    this.loseConnection();
  }

  /** The client did not go away after the timeout: abort. */
  forceAbortClient(): void {
    log.msg(`Forcibly timing out client: ${String(this.transport?.getPeer())}`);
    this.abortingCall = null;
    this.transport?.abortConnection();
  }

  override connectionLost(reason: Failure): void {
    this.setTimeout(null);
    for (const request of this.requests) request.connectionLost(reason);
    if (this.abortingCall) {
      this.abortingCall.cancel();
      this.abortingCall = null;
    }
  }

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
  loseConnection(): void {
    this.transport?.unregisterProducer();
    this.transport?.loseConnection();
  }

  /** A request's producer (a file being sent); pull producers are driven as Twisted's _PullToPush does. */
  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void {
    if (this.requestProducer) throw new Error("RuntimeError: Cannot register producer, because the previous producer was never unregistered.");
    this.requestProducer = producer;
    this.requestProducerStreaming = streaming;
    if (!streaming) {
      // Drive a pull producer until it unregisters itself.
      const pump = () => {
        if (this.requestProducer !== producer) return;
        producer.resumeProducing();
        if (this.requestProducer === producer) this.callLater(0, pump);
      };
      this.callLater(0, pump);
    }
  }

  unregisterProducer(): void {
    this.requestProducer = null;
    this.requestProducerStreaming = null;
  }

  stopProducing(): void {
    this.requestProducer?.stopProducing();
  }

  pauseProducing(): void {
    this.waitingForTransport = true;
    if (this.requestProducer && this.requestProducerStreaming) (this.requestProducer as IPushProducer).pauseProducing();
    if (!this.handlingRequest) this.transport?.pauseProducing();
  }

  resumeProducing(): void {
    this.waitingForTransport = false;
    if (this.requestProducer && this.requestProducerStreaming) this.requestProducer.resumeProducing();
    if (!this.handlingRequest) this.transport?.resumeProducing();
  }

  /** Twisted's quick answer to a request it cannot parse: a bare 400, then close. */
  _respondToBadRequestAndDisconnect(): void {
    this.transport!.write("HTTP/1.1 400 Bad Request\r\n\r\n");
    this.loseConnection();
  }

  /** Engine extension: a body over maxRequestBodySize gets a bare 413, then close. */
  private _refuseTooLarge(): void {
    this.transport!.write("HTTP/1.1 413 Request Entity Too Large\r\n\r\n");
    this.loseConnection();
  }
}

/** What an access-log formatter gets: the time (already formatted) and the request. */
export type LogFormatter = (timestamp: string, request: Request) => string;

/** Python's repr() escaping inside double quotes, as the access log quotes its fields. */
function escapeLogField(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out;
}

/** The combined log format: `"127.0.0.1" - - [07/Dec/2026:06:13:23 +0000] "GET / HTTP/1.1" 200 13 "-" "curl/7.88.1"`. */
export function combinedLogFormatter(timestamp: string, request: Request): string {
  const ip = request.getClientAddress()?.host ?? "-";
  const referrer = escapeLogField(request.getHeader("referer") || "-");
  const agent = escapeLogField(request.getHeader("user-agent") || "-");
  return (
    `"${escapeLogField(ip)}" - - ${timestamp} "${escapeLogField(request.method)} ${escapeLogField(request.uri)} ${escapeLogField(request.clientproto)}" ` +
    `${request.code} ${request.sentLength || "-"} "${referrer}" "${agent}"`
  );
}

/**
 * Builds HTTPChannels. Logs each request in the combined log format (to the
 * log, or appended to `logPath` on the reactor's file system), and keeps the
 * log's time with a call every second while it is in use, as Twisted does.
 */
export class HTTPFactory extends ServerFactory {
  override protocol: any = HTTPChannel;
  /** Where the access log goes (null: the log). */
  logPath: string | null;
  /** Seconds an idle connection stays open (60), or null for ever. */
  timeOut: number | null;
  /** The reactor for timeouts and log times. */
  readonly reactor: IReactor;
  private readonly logFormatter: LogFormatter;
  private logDateTime = "";
  private logDateTimeCall: IDelayedCall | null = null;
  private logging = false;

  /**
   * @param logPath a file to append the access log to, or null for the log.
   * @param timeout idle seconds before a connection is closed (60), null for never.
   * @param logFormatter formats a log line (combinedLogFormatter).
   * @param reactor the reactor (the installed one by default).
   */
  constructor(logPath: string | null = null, timeout: number | null = 60, logFormatter: LogFormatter | null = null, reactor: IReactor | null = null) {
    super();
    this.reactor = reactor ?? installedReactor();
    this.logPath = logPath;
    this.timeOut = timeout;
    this.logFormatter = logFormatter ?? combinedLogFormatter;
  }

  /** Refreshes the access log's time, and again in a second (a named function, as the debugger shows it). */
  private readonly _updateLogDateTime = (): void => {
    this.logDateTime = datetimeToLogString(this.reactor.seconds());
    this.logDateTimeCall = this.reactor.callLater(1, this._updateLogDateTime);
  };

  override buildProtocol(addr: IAddress): Protocol | null {
    const p = super.buildProtocol(addr as never) as HTTPChannel | null;
    if (p) {
      p.callLater = (delay: number, f: () => void) => this.reactor.callLater(delay, f);
      p.timeOut = this.timeOut;
    }
    return p;
  }

  override startFactory(): void {
    if (!this.logDateTimeCall) this._updateLogDateTime();
    this.logging = true;
  }

  override stopFactory(): void {
    this.logging = false;
    if (this.logDateTimeCall?.active()) this.logDateTimeCall.cancel();
    this.logDateTimeCall = null;
  }

  /** Writes the access-log line for `request`. */
  log(request: Request): void {
    if (!this.logging) return;
    const line = this.logFormatter(this.logDateTime, request);
    if (this.logPath) this.reactor.fileSystem().append(this.logPath, `${line}\n`);
    else log.msg(line);
  }
}
