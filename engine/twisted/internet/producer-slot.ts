/**
 * The producer side of a consumer, as Twisted's abstract.FileDescriptor keeps
 * it for every transport: one registered producer at a time; a streaming
 * (push) producer is paused by every write that leaves more than bufferSize
 * bytes waiting to be sent, and resumed once they have all gone; a pull
 * producer is asked for more each time everything has gone.
 * Both reactors' TCP transports hold one.
 */
import type { IPullProducer, IPushProducer } from "./interfaces";
import { RuntimeError } from "../python/builtins";

/** Bytes waiting to be sent above which a streaming producer is paused (Twisted's FileDescriptor.bufferSize). */
export const BUFFER_SIZE = 65536;

/** What the reactor view shows of a connection's producer. */
export interface ProducerState {
  /** "push" for a streaming producer (registerProducer(p, true)), "pull" otherwise. */
  readonly kind: "push" | "pull";
  /** True while a push producer is paused, waiting for the buffer to drain. */
  readonly paused: boolean;
  /** The producer's class name. */
  readonly name: string;
}

export class ProducerSlot {
  /** The registered producer, or null. */
  producer: IPushProducer | IPullProducer | null = null;
  private streaming = false;
  private paused = false;

  /** @param guarded runs a producer's method, logging what it raises (the reactor's guarded). */
  constructor(private readonly guarded: (f: () => unknown) => unknown) {}

  /**
   * Registers `producer`. On a closed consumer the producer is told to stop at
   * once; a pull producer is asked for its first chunk.
   * @throws RuntimeError if a producer is already registered (Twisted's message).
   */
  register(producer: IPushProducer | IPullProducer, streaming: boolean, consumerClosed: boolean): void {
    if (this.producer) {
      throw new RuntimeError(`Cannot register producer ${describe(producer)}, because producer ${describe(this.producer)} was never unregistered.`);
    }
    if (consumerClosed) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    this.streaming = streaming;
    // Twisted leaves producerPaused as it was: a producer registered after a paused one is resumed at the next drain.
    if (!streaming) producer.resumeProducing();
  }

  /** Forgets the producer. */
  unregister(): void {
    this.producer = null;
  }

  /**
   * A write left `buffered` bytes waiting: past bufferSize a streaming producer
   * is paused, again at each such write, as _maybePauseProducer does.
   */
  buffered(buffered: number): void {
    const producer = this.producer;
    if (producer && this.streaming && buffered > BUFFER_SIZE) {
      this.paused = true;
      this.guarded(() => (producer as IPushProducer).pauseProducing());
    }
  }

  /**
   * Everything waiting was sent (doWrite found its buffer empty): resume a
   * paused streaming producer, or ask a pull producer for more.
   * @returns true if the producer was asked; false leaves a pending loseConnection free to close.
   */
  drained(): boolean {
    const producer = this.producer;
    if (!producer || (this.streaming && !this.paused)) return false;
    this.paused = false;
    this.guarded(() => producer.resumeProducing());
    return true;
  }

  /** The producer as the reactor view shows it, or null. */
  state(): ProducerState | null {
    const producer = this.producer;
    if (!producer) return null;
    return { kind: this.streaming ? "push" : "pull", paused: this.paused, name: className(producer) };
  }
}

function className(value: object): string {
  return (value.constructor as { name?: string } | undefined)?.name || "object";
}

/** Python's default repr, without the address no two runs share: <Numbers object>. */
function describe(producer: object): string {
  return `<${className(producer)} object>`;
}
