// Send the numbers 0 to 19999 in chunks of 1000 lines, each chunk only when the transport asks for it.
import { endpoints, interfaces, protocol, reactor } from "twisted/internet";

class NumberChunks implements interfaces.IPullProducer {
  private next = 0;
  private asked = 0;

  constructor(
    private readonly transport: interfaces.ITransport,
    private readonly last: number,
    private readonly chunkLines: number,
  ) {}

  /** The transport has sent everything so far: write the next chunk, or finish. */
  resumeProducing() {
    this.asked += 1;
    if (this.next > this.last) {
      console.log(`Asked ${this.asked} times`);
      this.transport.unregisterProducer();
      this.transport.loseConnection();
      return;
    }
    const end = Math.min(this.next + this.chunkLines - 1, this.last);
    const lines: string[] = [];
    for (let n = this.next; n <= end; n++) lines.push(`${n}\r\n`);
    this.transport.write(lines.join(""));
    this.next = end + 1;
  }

  stopProducing() {
    this.next = this.last + 1;
  }
}

class Numbers extends protocol.Protocol {
  connectionMade() {
    this.transport!.registerProducer(new NumberChunks(this.transport!, 19999, 1000), false);
  }
}

const factory = new protocol.ServerFactory();
factory.protocol = Numbers;
new endpoints.TCP4ServerEndpoint(reactor, 8030).listen(factory);
reactor.run();
