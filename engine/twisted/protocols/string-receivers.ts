/**
 * twisted.protocols.basic's length-prefixed framings: netstrings
 * ("5:hello,") and 8/16/32-bit big-endian length prefixes. Lengths count
 * bytes, as on the wire; the payload is handed over as UTF-8 text.
 */
import { Protocol } from "../internet/protocol";
import { concatBytes, encodeData } from "../internet/wire";
import { TwistedError } from "../python/exceptions";

/** sendString was given more bytes than the prefix can count. */
export class StringTooLongError extends TwistedError {}

/** The peer sent something that is not a netstring. */
export class NetstringParseError extends TwistedError {}

const decoder = new TextDecoder("utf-8");
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * Receives netstrings: "LENGTH:PAYLOAD,". A malformed or too long netstring
 * (over MAX_LENGTH bytes) closes the connection and sets brokenPeer.
 */
export class NetstringReceiver<F = any> extends Protocol<F> {
  override receivesBytes = true;
  /** The longest payload accepted, in bytes. */
  MAX_LENGTH = 99999;
  /** 1 once the peer sent something that is not a netstring. */
  brokenPeer = 0;
  private buffer: Uint8Array = new Uint8Array(0);

  /** Hook: one complete payload arrived. */
  stringReceived(string: string): void {
    void string;
  }

  /** Sends `string` as one netstring. */
  sendString(string: string | Uint8Array): void {
    const payload = encodeData(string);
    this.transport?.writeSequence([`${payload.length}:`, payload, ","]);
  }

  override dataReceived(data: string | Uint8Array): void {
    this.buffer = concatBytes([this.buffer, encodeData(data)]);
    while (this.buffer.length && !this.brokenPeer) {
      const colon = this.buffer.indexOf(COLON);
      const digits = decoder.decode(colon < 0 ? this.buffer : this.buffer.subarray(0, colon));
      const maxDigits = Math.ceil(Math.log10(this.MAX_LENGTH)) + 1;
      if (!/^(0|[1-9]\d*)$/.test(digits) || digits.length > maxDigits || Number(digits) > this.MAX_LENGTH) {
        this.parseError();
        return;
      }
      if (colon < 0) return;
      const length = Number(digits);
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) return;
      if (this.buffer[end] !== COMMA) {
        this.parseError();
        return;
      }
      const payload = this.buffer.subarray(colon + 1, end);
      this.buffer = this.buffer.subarray(end + 1);
      this.stringReceived(decoder.decode(payload));
      if (this.transport?.disconnecting) return;
    }
  }

  private parseError(): void {
    this.brokenPeer = 1;
    this.transport?.loseConnection();
  }
}

/**
 * Receives strings with an N-byte big-endian length prefix. A prefix over
 * MAX_LENGTH calls lengthLimitExceeded, which closes the connection.
 */
export class IntNStringReceiver<F = any> extends Protocol<F> {
  override receivesBytes = true;
  /** How many bytes the length prefix takes. */
  prefixLength = 4;
  /** The longest payload accepted, in bytes. */
  MAX_LENGTH = 99999;
  /** While true, complete strings wait (see pauseProducing). */
  paused = false;
  private unprocessed: Uint8Array = new Uint8Array(0);

  /** Hook: one complete payload arrived. */
  stringReceived(string: string): void {
    void string;
  }

  /** Hook: a prefix announced more than MAX_LENGTH bytes. The default closes the connection. */
  lengthLimitExceeded(length: number): void {
    void length;
    this.transport?.loseConnection();
  }

  /**
   * Sends `string` with its length prefix.
   * @throws StringTooLongError when it is too long for the prefix.
   */
  sendString(string: string | Uint8Array): void {
    const payload = encodeData(string);
    if (payload.length >= 2 ** (8 * this.prefixLength)) {
      throw new StringTooLongError(`Try to send ${payload.length} bytes whereas maximum is ${2 ** (8 * this.prefixLength)}`);
    }
    const prefix = new Uint8Array(this.prefixLength);
    for (let i = 0, n = payload.length; i < this.prefixLength; i++, n = Math.floor(n / 256)) {
      prefix[this.prefixLength - 1 - i] = n % 256;
    }
    this.transport?.writeSequence([prefix, payload]);
  }

  /** Stops delivering strings until resumeProducing. */
  pauseProducing(): void {
    this.paused = true;
  }

  /** Delivers waiting strings again. */
  resumeProducing(): void {
    this.paused = false;
    this.dataReceived(new Uint8Array(0));
  }

  override dataReceived(data: string | Uint8Array): void {
    const all = concatBytes([this.unprocessed, encodeData(data)]);
    let offset = 0;
    while (all.length >= offset + this.prefixLength && !this.paused) {
      let length = 0;
      for (let i = 0; i < this.prefixLength; i++) length = length * 256 + all[offset + i]!;
      if (length > this.MAX_LENGTH) {
        this.unprocessed = all.subarray(offset);
        this.lengthLimitExceeded(length);
        return;
      }
      const start = offset + this.prefixLength;
      if (all.length < start + length) break;
      offset = start + length;
      this.stringReceived(decoder.decode(all.subarray(start, offset)));
    }
    this.unprocessed = all.subarray(offset);
  }
}

/** Strings with a 4-byte (32-bit) length prefix. */
export class Int32StringReceiver<F = any> extends IntNStringReceiver<F> {
  override prefixLength = 4;
}

/** Strings with a 2-byte (16-bit) length prefix. */
export class Int16StringReceiver<F = any> extends IntNStringReceiver<F> {
  override prefixLength = 2;
}

/** Strings with a 1-byte (8-bit) length prefix. */
export class Int8StringReceiver<F = any> extends IntNStringReceiver<F> {
  override prefixLength = 1;
}
