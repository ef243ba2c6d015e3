/**
 * The flow control of twisted.web.http's HTTPChannel: the channel is its
 * transport's streaming producer, and relays the transport's pause and resume
 * to the producer a request registered (a file being sent), driving a pull
 * producer as Twisted's _PullToPush does.
 */
import type { IPullProducer, IPushProducer } from "../internet/interfaces";
import { HTTPLineFraming } from "./http-line-framing";

/** Producer plumbing between a request's producer and the connection. */
export abstract class HTTPProducerRelay extends HTTPLineFraming {
  /** True from a request's end of body until it is answered: its transport reads are paused by the request, not by us. */
  protected handlingRequest = false;
  /** True while the transport has asked us to pause. */
  protected waitingForTransport = false;
  private requestProducer: IPushProducer | IPullProducer | null = null;
  private requestProducerStreaming: boolean | null = null;

  /** A request's producer (a file being sent); pull producers are driven as Twisted's _PullToPush does. */
  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void {
    if (this.requestProducer) throw new Error("RuntimeError: Cannot register producer, because the previous producer was never unregistered.");
    this.requestProducer = producer;
    this.requestProducerStreaming = streaming;
    if (!streaming) {
      // Drive a pull producer until it unregisters itself.
      const pump = () => {
        if (this.requestProducer !== producer) return;
        producer.resumeProducing();
        if (this.requestProducer === producer) this.callLater(0, pump);
      };
      this.callLater(0, pump);
    }
  }

  unregisterProducer(): void {
    this.requestProducer = null;
    this.requestProducerStreaming = null;
  }

  stopProducing(): void {
    this.requestProducer?.stopProducing();
  }

  pauseProducing(): void {
    this.waitingForTransport = true;
    if (this.requestProducer && this.requestProducerStreaming) (this.requestProducer as IPushProducer).pauseProducing();
    if (!this.handlingRequest) this.transport?.pauseProducing();
  }

  resumeProducing(): void {
    this.waitingForTransport = false;
    if (this.requestProducer && this.requestProducerStreaming) this.requestProducer.resumeProducing();
    if (!this.handlingRequest) this.transport?.resumeProducing();
  }
}
