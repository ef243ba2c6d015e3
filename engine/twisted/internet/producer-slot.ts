/**
 * The producer side of a consumer, as Twisted's abstract.FileDescriptor keeps
 * it for every transport: one registered producer at a time; a streaming
 * (push) producer is paused once more than bufferSize bytes wait to be sent
 * and resumed when they have drained; a pull producer is asked for more each
 * time everything has drained. Both reactors' TCP transports hold one.
 */
import type { IProducer } from "./interfaces";

/** Bytes waiting to be sent above which a streaming producer is paused (Twisted's FileDescriptor.bufferSize). */
export const BUFFER_SIZE = 65536;

export class ProducerSlot {
  /** The registered producer, or null. */
  producer: IProducer | null = null;
  private streaming = false;
  private paused = false;

  /** @param guarded runs a producer's method, logging what it raises (the reactor's guarded). */
  constructor(private readonly guarded: (f: () => unknown) => unknown) {}

  /**
   * Registers `producer`. On a closed consumer the producer is told to stop at
   * once; a pull producer is asked for its first chunk.
   * @throws Error (RuntimeError) if a producer is already registered.
   */
  register(producer: IProducer, streaming: boolean, consumerClosed: boolean): void {
    if (this.producer) {
      throw new Error("RuntimeError: Cannot register producer, because the previous producer was never unregistered.");
    }
    if (consumerClosed) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    this.streaming = streaming;
    this.paused = false;
    if (!streaming) producer.resumeProducing();
  }

  /** Forgets the producer. */
  unregister(): void {
    this.producer = null;
  }

  /** The consumer now has `buffered` bytes waiting: a streaming producer past bufferSize is paused. */
  buffered(buffered: number): void {
    if (this.producer && this.streaming && !this.paused && buffered > BUFFER_SIZE) {
      this.paused = true;
      this.guarded(() => this.producer?.pauseProducing());
    }
  }

  /** Everything waiting was sent: resume a paused streaming producer, or ask a pull producer for more. @returns true if it was asked. */
  drained(): boolean {
    const producer = this.producer;
    if (!producer || (this.streaming && !this.paused)) return false;
    this.paused = false;
    this.guarded(() => producer.resumeProducing());
    return true;
  }
}
