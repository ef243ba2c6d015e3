/**
 * twisted.protocols.basic: protocols that cut the byte stream into lines.
 */
import { NotImplementedError } from "../python/exceptions";
import { Protocol } from "../internet/protocol";
import { LineBuffer } from "./line-buffer";

/**
 * A protocol that calls lineReceived once per line. Lines end with
 * `delimiter` ("\r\n" by default: a bare "\n" does not end a line). A line
 * longer than MAX_LENGTH characters calls lineLengthExceeded, which closes
 * the connection. In raw mode, data goes to rawDataReceived instead.
 */
export class LineReceiver<F = any> extends Protocol<F> {
  /** What ends a line. */
  delimiter = "\r\n";
  /** The longest line accepted, in characters. */
  MAX_LENGTH = 16384;
  /** True while lines are being split; false in raw mode. */
  line_mode = true;
  /** While true, buffered lines wait (see pauseProducing). */
  paused = false;
  private readonly buffer = new LineBuffer();
  private busyReceiving = false;

  /**
   * Hook: one complete line arrived, without its delimiter. Subclasses must
   * override it; as in Twisted, the default raises NotImplementedError.
   */
  lineReceived(line: string): void {
    void line;
    throw new NotImplementedError(`${this.constructor.name}.lineReceived is not implemented`);
  }

  /** Hook (raw mode): data arrived. */
  rawDataReceived(data: string): void {
    void data;
  }

  /** Writes `line` followed by the delimiter. */
  sendLine(line: string): void {
    this.transport?.write(line + this.delimiter);
  }

  /** Switches to line mode; `extra` is processed as if just received. */
  setLineMode(extra = ""): void {
    this.line_mode = true;
    if (extra) this.dataReceived(extra);
  }

  /** Switches to raw mode: data goes to rawDataReceived until setLineMode. */
  setRawMode(): void {
    this.line_mode = false;
  }

  /** Drops and returns whatever is buffered. */
  clearLineBuffer(): string {
    return this.buffer.takeAll();
  }

  /** Hook: a line was too long. The default closes the connection. */
  lineLengthExceeded(line: string): void {
    void line;
    this.transport?.loseConnection();
  }

  /** Stops delivering lines until resumeProducing. */
  pauseProducing(): void {
    this.paused = true;
  }

  /** Delivers buffered lines again. */
  resumeProducing(): void {
    this.paused = false;
    this.dataReceived("");
  }

  /** Stops for good: no more lines are delivered. */
  stopProducing(): void {
    this.paused = true;
    this.buffer.clear();
  }

  /**
   * Buffers `data` and delivers every complete line. Stops early when the
   * transport starts disconnecting, as Twisted does.
   */
  override dataReceived(data: string): void {
    const buffer = this.buffer;
    if (data) buffer.append(data);
    if (this.busyReceiving) return;
    this.busyReceiving = true;
    try {
      while (!this.paused) {
        if (!this.line_mode) {
          if (buffer.length === 0) return;
          this.rawDataReceived(buffer.takeAll());
          continue;
        }
        const delimiter = this.delimiter;
        const line = buffer.nextLine(delimiter);
        if (line === null) {
          if (buffer.length >= this.MAX_LENGTH + delimiter.length) this.lineLengthExceeded(buffer.takeAll());
          return;
        }
        if (line.length > this.MAX_LENGTH) {
          this.lineLengthExceeded(line + delimiter + buffer.takeAll());
          return;
        }
        this.lineReceived(line);
        const transport = this.transport;
        if (transport != null && transport.disconnecting) return;
      }
    } finally {
      this.busyReceiving = false;
    }
  }
}

/**
 * Lines only, no raw mode: each complete line (ended by `delimiter`) goes to
 * lineReceived; lines after one that called loseConnection are dropped; a
 * line or a buffer longer than MAX_LENGTH calls lineLengthExceeded.
 */
export class LineOnlyReceiver<F = any> extends Protocol<F> {
  /** What ends a line. */
  delimiter = "\r\n";
  /** The longest line accepted, in characters. */
  MAX_LENGTH = 16384;
  private buffer = "";

  /**
   * Hook: one complete line arrived, without its delimiter. Subclasses must
   * override it; as in Twisted, the default raises NotImplementedError.
   */
  lineReceived(line: string): void {
    void line;
    throw new NotImplementedError(`${this.constructor.name}.lineReceived is not implemented`);
  }

  /** Writes `line` followed by the delimiter. */
  sendLine(line: string): void {
    this.transport?.writeSequence([line, this.delimiter]);
  }

  /** Hook: a line was too long. The default closes the connection. */
  lineLengthExceeded(line: string): void {
    void line;
    this.transport?.loseConnection();
  }

  override dataReceived(data: string): void {
    const lines = (this.buffer + data).split(this.delimiter);
    this.buffer = lines.pop() ?? "";
    for (const line of lines) {
      if (this.transport?.disconnecting) return;
      if (line.length > this.MAX_LENGTH) {
        this.lineLengthExceeded(line);
        return;
      }
      this.lineReceived(line);
    }
    if (this.buffer.length > this.MAX_LENGTH) this.lineLengthExceeded(this.buffer);
  }
}

export {
  NetstringReceiver,
  NetstringParseError,
  IntNStringReceiver,
  Int32StringReceiver,
  Int16StringReceiver,
  Int8StringReceiver,
  StringTooLongError,
} from "./string-receivers";
export { FileSender, type IReadableFile } from "./file-sender";
