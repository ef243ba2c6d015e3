/**
 * twisted.protocols.basic.FileSender: a pull producer that copies a file into
 * a consumer (a transport) one 16 KiB chunk at a time, each chunk only when
 * the consumer has sent the previous one, so a slow client never makes the
 * whole file wait in memory.
 */
import { Deferred } from "../internet/defer";
import type { IConsumer, IPullProducer } from "../internet/interfaces";

/** What FileSender reads from: anything with read(size), as a file FilePath.open() returns. An empty chunk means the end. */
export interface IReadableFile {
  read(size: number): string | Uint8Array;
}

export class FileSender implements IPullProducer {
  /** How much is read and written at a time (Twisted's 2 ** 14). */
  CHUNK_SIZE = 2 ** 14;
  /** The last byte written so far ("" before the first chunk). */
  lastSent: string | Uint8Array = "";
  /** Fires when the whole file has been written; null once fired. */
  deferred: Deferred<string | Uint8Array> | null = null;
  private file: IReadableFile | null = null;
  private consumer: IConsumer | null = null;
  private transform: ((chunk: string | Uint8Array) => string | Uint8Array) | null = null;

  /**
   * Registers this as a pull producer on `consumer` and starts copying `file`
   * into it, each chunk passed through `transform` first when one is given.
   * @returns a Deferred that fires with the last byte written once the file is
   *   done, or fails if the consumer stops the transfer (its connection was lost).
   * @throws RuntimeError if the consumer already has a producer.
   */
  beginFileTransfer(
    file: IReadableFile,
    consumer: IConsumer,
    transform: ((chunk: string | Uint8Array) => string | Uint8Array) | null = null,
  ): Deferred<string | Uint8Array> {
    this.file = file;
    this.consumer = consumer;
    this.transform = transform;
    const deferred = new Deferred<string | Uint8Array>();
    this.deferred = deferred;
    consumer.registerProducer(this, false);
    return deferred;
  }

  /** The consumer wants more: write the next chunk, or unregister and fire the Deferred at the end of the file. */
  resumeProducing(): void {
    let chunk: string | Uint8Array = "";
    if (this.file) chunk = this.file.read(this.CHUNK_SIZE);
    if (chunk.length === 0) {
      this.file = null;
      this.consumer!.unregisterProducer();
      const deferred = this.deferred;
      if (deferred) {
        this.deferred = null;
        deferred.callback(this.lastSent);
      }
      return;
    }
    if (this.transform) chunk = this.transform(chunk);
    this.consumer!.write(chunk);
    this.lastSent = chunk.slice(-1);
  }

  /** Kept from Twisted, where FileSender also offers it: a pull producer writes only when asked, so pausing does nothing. */
  pauseProducing(): void {}

  /** The consumer went away: the Deferred fails with Twisted's message. */
  stopProducing(): void {
    const deferred = this.deferred;
    if (deferred) {
      this.deferred = null;
      // Python raises a bare Exception here, and Failure shows its type by name.
      const stopped = new Error("Consumer asked us to stop producing");
      stopped.name = "Exception";
      deferred.errback(stopped);
    }
  }
}
