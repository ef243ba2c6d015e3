/**
 * The line layer under twisted.web.http's HTTPChannel: LineReceiver over
 * bytes. It cuts arriving bytes at CRLF into latin-1 lines (the request line
 * and headers) until switched to raw mode for a body, and hangs up on a
 * line over MAX_LENGTH.
 */
import { Protocol } from "../internet/protocol";
import { concatBytes } from "../internet/wire";
import { TimeoutMixin } from "../protocols/policies";
import { indexOfCRLF, latin1 } from "./http-transfer-decoders";

/** Line and raw modes over a byte stream; HTTPChannel reads requests with it. */
export abstract class HTTPLineFraming extends TimeoutMixin(Protocol) {
  override receivesBytes = true;
  /** The longest line LineReceiver accepts. */
  MAX_LENGTH = 16384;
  private lineBuffer: Uint8Array = new Uint8Array(0);
  private lineMode = true;
  private busyReceiving = false;

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

  /** One line (CRLF removed, as latin-1 text). */
  abstract lineReceived(line: string): void;

  /** Bytes that arrived in raw mode. */
  abstract rawDataReceived(data: Uint8Array): void;

  /** Closes the connection once what is written has been sent. */
  abstract loseConnection(): void;
}
