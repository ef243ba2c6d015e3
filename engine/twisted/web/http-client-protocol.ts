/**
 * HTTP/1.1 on the wire, for the Agent: one request per connection
 * (`Connection: close`), then the status line and headers, then a body
 * delimited by Content-Length, chunked encoding, or the server closing.
 * Reads bytes, so lengths count bytes as HTTP does.
 */
import type { Deferred } from "../internet/defer";
import { ConnectionDone, ConnectionLost } from "../internet/error";
import { ClientFactory, Protocol } from "../internet/protocol";
import { Failure } from "../python/failure";
import { Headers, PotentialDataLoss, Response, ResponseDone, ResponseFailed, ResponseNeverReceived, UNKNOWN_LENGTH } from "./http-response";

/** A request as the Agent sends it. */
export interface OutgoingRequest {
  readonly method: string;
  readonly absoluteURI: string;
  readonly text: string;
  /** The request body, sent after the headers (their Content-Length says how long). */
  readonly body?: string | Uint8Array;
}

/** Builds the protocol for one request, and fails the request if the connection cannot be made. */
export class HTTPClientFactory extends ClientFactory {
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
    if (this.request.body !== undefined && this.request.body.length) this.transport!.write(this.request.body);
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
