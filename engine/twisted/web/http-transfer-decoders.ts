/**
 * The body readers of twisted.web.http's HTTPChannel: one for a body of
 * known length (Content-Length), one for a chunked body (Transfer-Encoding:
 * chunked). Each passes body bytes on as they arrive and, at the end of the
 * body, hands back the bytes that follow it (the next pipelined request).
 */
import { concatBytes } from "../internet/wire";

export const CRLF = [13, 10] as const;
export const latin1 = new TextDecoder("latin1");

/** Where the next CRLF starts in `bytes` (searching from `from`), or -1. */
export function indexOfCRLF(bytes: Uint8Array, from = 0): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === CRLF[0] && bytes[i + 1] === CRLF[1]) return i;
  return -1;
}

/** Thrown by the chunked decoder for a malformed body. */
export class MalformedChunkedDataError extends Error {}

/** Reads a body of known length; the bytes after it belong to the next request. */
export class IdentityTransferDecoder {
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
export class ChunkedTransferDecoder {
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
