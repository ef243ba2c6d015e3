/**
 * The framing half of twisted.protocols.amp: BinaryBoxProtocol turns the byte
 * stream into boxes (each key and value a 16-bit length and its bytes, an
 * empty key ending the box) and writes boxes back.
 */
import { ConnectionLost } from "../internet/error";
import type { ITransport } from "../internet/interfaces";
import { Protocol } from "../internet/protocol";
import { concatBytes, encodeData } from "../internet/wire";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { AmpBox, MAX_KEY_LENGTH, MAX_VALUE_LENGTH, TooLong, bytesKey } from "./amp-box";
import type { AMP } from "./amp";

/**
 * What AMP needs of its transport: a connection, or a process's pipes behind
 * a ProcessProtocol that passes writes to the child's stdin (ampoule's
 * AMPConnector), whose getPeer and getHost say what the other end is.
 */
export type BoxTransport = Pick<ITransport, "write" | "loseConnection"> & { getPeer(): unknown; getHost(): unknown };

/**
 * The framing half of AMP: parses boxes out of the byte stream and writes
 * boxes, handing each complete box to its box receiver. A key over 255 bytes
 * closes the connection, and the reason becomes TooLong.
 */
export class BinaryBoxProtocol extends Protocol {
  override receivesBytes = true;
  /** The longest string the next length prefix may announce: a key's limit until a key arrives, then a value's. */
  MAX_LENGTH = MAX_KEY_LENGTH;
  private received: Uint8Array = new Uint8Array(0);
  private currentBox: AmpBox | null = null;
  private currentKey: string | null = null;
  private keyLengthLimitExceeded = false;
  protected boxReceiver: AMP | null = null;

  /** Writes `box` to the connection. @throws ConnectionLost when there is none. */
  sendBox(box: AmpBox): void {
    if (!this.transport) throw new ConnectionLost();
    this.transport.write(box.serialize());
  }

  override makeConnection(transport: BoxTransport): void {
    // AMP itself only writes and closes: any BoxTransport will do where Protocol expects a full ITransport.
    this.transport = transport as ITransport;
    this.boxReceiver?.startReceivingBoxes(this);
    this.connectionMade();
  }

  override dataReceived(data: string | Uint8Array): void {
    this.received = this.received.length ? concatBytes([this.received, encodeData(data)]) : encodeData(data);
    let at = 0;
    while (at + 2 <= this.received.length) {
      const length = (this.received[at]! << 8) | this.received[at + 1]!;
      if (length > this.MAX_LENGTH) {
        this.received = new Uint8Array(0);
        this.lengthLimitExceeded(length);
        return;
      }
      if (at + 2 + length > this.received.length) break;
      const string = this.received.slice(at + 2, at + 2 + length);
      at += 2 + length;
      this.received = this.received.subarray(at);
      at = 0;
      this.stringReceived(string);
    }
    if (at) this.received = this.received.subarray(at);
  }

  private stringReceived(string: Uint8Array): void {
    if (this.currentKey !== null) {
      this.currentBox!.set(this.currentKey, string);
      this.currentKey = null;
      this.MAX_LENGTH = MAX_KEY_LENGTH;
      return;
    }
    this.currentBox ??= new AmpBox();
    if (string.length) {
      this.currentKey = bytesKey(string);
      this.MAX_LENGTH = MAX_VALUE_LENGTH;
      return;
    }
    const box = this.currentBox;
    this.currentBox = null;
    this.boxReceiver?.ampBoxReceived(box);
  }

  /** A length prefix over the limit: the peer is broken, so hang up. */
  lengthLimitExceeded(length: number): void {
    void length;
    this.keyLengthLimitExceeded = true;
    this.transport?.loseConnection();
  }

  override connectionLost(reason: Failure): void {
    const failReason = this.keyLengthLimitExceeded ? new Failure(new TooLong(true, false, null, null)) : reason;
    this.boxReceiver?.stopReceivingBoxes(failReason);
  }

  /**
   * A failed command answer nobody handled, or a failure of the connection:
   * logged, and the connection dropped.
   */
  unhandledError(failure: Failure): void {
    log.err(failure, "Amp server or network failure unhandled by client application.  Dropping connection!  To avoid, add errbacks to ALL remote commands!");
    this.transport?.loseConnection();
  }
}
