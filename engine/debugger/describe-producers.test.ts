import { describe, expect, it } from "vitest";
import { recordRun } from "../../test/support/record-run";
import { describeEvent } from "./describe-event";
import { TraceIndex } from "./trace-index";

// A push producer writing 16 KiB chunks to a client in the same program that reads nothing for its first second.
const PROGRAM = `import { interfaces, protocol, reactor } from "twisted/internet";
class Chunks implements interfaces.IPushProducer {
  sent = 0;
  paused = false;
  constructor(readonly transport: interfaces.ITransport) {}
  produce() {
    while (!this.paused && this.sent < 8) { this.transport.write("x".repeat(16384)); this.sent += 1; }
    if (this.sent === 8 && !this.paused) { this.transport.unregisterProducer(); this.transport.loseConnection(); }
  }
  pauseProducing() { this.paused = true; }
  resumeProducing() { this.paused = false; this.produce(); }
  stopProducing() { this.paused = true; }
}
class Sender extends protocol.Protocol {
  connectionMade() { const chunks = new Chunks(this.transport!); this.transport!.registerProducer(chunks, true); chunks.produce(); }
}
class SlowReader extends protocol.Protocol {
  connectionMade() {
    this.transport!.pauseProducing();
    reactor.callLater(1, () => this.transport!.resumeProducing());
  }
}
const factory = new protocol.ServerFactory();
factory.protocol = Sender;
reactor.listenTCP(8030, factory);
const slow = new protocol.ClientFactory();
slow.protocol = SlowReader;
reactor.connectTCP("localhost", 8030, slow);
reactor.run();
`;

describe("the reactor view of a producer", () => {
  it("shows the push producer paused while a slow reader holds more than 64 KiB back, then unregistered", () => {
    const trace = new TraceIndex(recordRun(PROGRAM));
    const states = trace.events.flatMap((e) =>
      e.type === "reactor.snapshot"
        ? e.connections.filter((c) => c.local.endsWith(":8030")).map((c) => (c.producer ? `${c.producer.kind}${c.producer.paused ? " paused" : ""} ${c.bytesInFlight}` : `none ${c.bytesInFlight}`))
        : [],
    );
    // Five chunks (81,920 bytes) go before the pause; once the reader reads, the resumed producer writes the
    // last three (under 64 KiB) and unregisters in the same turn of the loop.
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(["push paused 81920", "none 49152"]);
    const sentences = trace.events.map((_, index) => describeEvent(trace, index, PROGRAM.split("\n")));
    expect(sentences).toContainEqual(expect.stringContaining("Chunks registered as a push producer on 127.0.0.1:8030, already paused: 81920 bytes wait to be sent"));
    expect(sentences).toContainEqual(expect.stringContaining("Chunks unregistered on 127.0.0.1:8030"));
  });
});
