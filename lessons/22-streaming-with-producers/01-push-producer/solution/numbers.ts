// Stream the numbers 0 to 19999, one a line, pausing whenever the client falls behind.
import { endpoints, interfaces, protocol, reactor } from "twisted/internet";

class NumberStream implements interfaces.IPushProducer {
  private next = 0;
  private paused = false;

  constructor(
    private readonly transport: interfaces.ITransport,
    private readonly last: number,
  ) {}

  /** Writes until the transport pauses us or the numbers run out. */
  produce() {
    while (!this.paused && this.next <= this.last) {
      this.transport.write(`${this.next}\r\n`);
      this.next += 1;
    }
    if (this.next > this.last) {
      console.log(`Sent ${this.last + 1} numbers`);
      this.transport.unregisterProducer();
      this.transport.loseConnection();
    }
  }

  pauseProducing() {
    console.log(`Paused at ${this.next}`);
    this.paused = true;
  }

  resumeProducing() {
    console.log(`Resumed at ${this.next}`);
    this.paused = false;
    this.produce();
  }

  stopProducing() {
    this.paused = true;
  }
}

class Numbers extends protocol.Protocol {
  connectionMade() {
    const stream = new NumberStream(this.transport!, 19999);
    this.transport!.registerProducer(stream, true);
    stream.produce();
  }
}

const factory = new protocol.ServerFactory();
factory.protocol = Numbers;
new endpoints.TCP4ServerEndpoint(reactor, 8030).listen(factory);
reactor.run();
