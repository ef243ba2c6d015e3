/**
 * twisted.web.http's HTTPChannel: the server side of HTTP on the wire. The
 * channel cuts the byte stream into a request line, headers
 * and a body (Content-Length or chunked), hands each request to a Request,
 * answers requests one at a time in order (pipelined ones wait in a buffer,
 * as Twisted's head-of-line blocking does), keeps HTTP/1.1 connections open
 * unless asked to close, times idle connections out, and answers a malformed
 * request with Twisted's bare 400 and closes.
 *
 * The channel is built in layers, one job each: cutting bytes into lines
 * (http-line-framing.ts), relaying flow control to a request's producer
 * (http-producer-relay.ts), what a Request writes (http-channel-output.ts),
 * reading bodies (http-transfer-decoders.ts); the request parsing and the
 * connection's life are here. HTTPFactory is in
 * http-factory.ts and the access log's format in http-access-log.ts.
 */
import type { IDelayedCall } from "../internet/interfaces";
import { concatBytes } from "../internet/wire";
import type { Failure } from "../python/failure";
import * as log from "../python/log";
import { Request, type RequestChannel } from "./http-request";
import { ChunkedTransferDecoder, IdentityTransferDecoder, MalformedChunkedDataError } from "./http-transfer-decoders";
import { HTTPChannelOutput } from "./http-channel-output";

export { MalformedChunkedDataError } from "./http-transfer-decoders";

/**
 * Engine extension: the largest request body accepted (1 MiB). Twisted has
 * no limit (it spools big bodies to a temporary file); here a bigger
 * Content-Length, or a chunked body that grows past it, is refused with
 * "413 Request Entity Too Large" and the connection closes.
 */
export const MAX_REQUEST_BODY = 1 << 20;

/**
 * The server side of one HTTP connection. Site sets `site` and
 * `requestFactory`; HTTPFactory sets `timeOut` and `callLater`.
 */
export class HTTPChannel extends HTTPChannelOutput implements RequestChannel {
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
  private dataBuffer: Uint8Array[] = [];
  private transferDecoder: IdentityTransferDecoder | ChunkedTransferDecoder | null = null;
  private savedTimeOut: number | null = null;
  private receivedHeaderCount = 0;
  private receivedHeaderSize = 0;
  private abortingCall: IDelayedCall | null = null;

  override connectionMade(): void {
    this.setTimeout(this.timeOut);
    this.transport!.registerProducer(this, true);
  }


  /** One line of the request line or headers (as latin-1 text). */
  override lineReceived(line: string): void {
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
  override rawDataReceived(data: Uint8Array): void {
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



}
