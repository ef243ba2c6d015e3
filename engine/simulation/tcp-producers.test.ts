import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../test/support/simulation";
import type { HostedReactor } from "./simulated-network";
import type { IPushProducer, ITransport } from "../twisted/internet/protocol";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

function connect() {
  const server = serverFactory(() => new RecordingProtocol());
  reactor.listenTCP(1079, server);
  const factory = new RecordingClientFactory();
  reactor.connectTCP("localhost", 1079, factory);
  reactor.runUntilIdle();
  return { server: server.built[0]!, client: factory.built[0]! };
}

/** A push producer that writes 16 KiB chunks until told to pause, up to `total` bytes. */
class Streamer implements IPushProducer {
  readonly events: string[] = [];
  sent = 0;
  paused = false;
  stopped = false;
  constructor(
    private readonly transport: ITransport,
    private readonly total: number,
    private readonly reactorToUse: HostedReactor,
  ) {}
  pump(): void {
    while (!this.paused && !this.stopped && this.sent < this.total) {
      this.transport.write("x".repeat(16384));
      this.sent += 16384;
    }
    if (this.sent >= this.total && !this.stopped) {
      this.stopped = true;
      this.transport.unregisterProducer();
      this.transport.loseConnection();
    }
  }
  pauseProducing(): void {
    this.events.push(`pause at ${this.sent}`);
    this.paused = true;
  }
  resumeProducing(): void {
    this.events.push(`resume at ${this.sent}`);
    this.paused = false;
    this.reactorToUse.callLater(0, () => this.pump());
  }
  stopProducing(): void {
    this.events.push("stop");
    this.stopped = true;
  }
}

describe("producers and consumers on a TCP transport", () => {
  it("pauses a push producer once more than 64 KiB is in flight and resumes it when drained", () => {
    const { server, client } = connect();
    const streamer = new Streamer(server.transport!, 256 * 1024, reactor);
    server.transport!.registerProducer(streamer, true);
    streamer.pump();
    expect(streamer.events).toEqual(["pause at 65536"]);
    reactor.advance(1);
    expect(client.received.length).toBe(256 * 1024);
    expect(streamer.events.filter((e) => e.startsWith("pause")).length).toBeGreaterThan(1);
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });

  it("holds a slow reader's data back, which keeps the writer paused", () => {
    const { server, client } = connect();
    client.transport!.pauseProducing();
    const streamer = new Streamer(server.transport!, 256 * 1024, reactor);
    server.transport!.registerProducer(streamer, true);
    streamer.pump();
    reactor.advance(5);
    expect(client.received).toBe("");
    expect(streamer.sent).toBe(65536 + 16384);
    client.transport!.resumeProducing();
    reactor.advance(5);
    expect(client.received.length).toBe(256 * 1024);
  });

  it("asks a pull producer for more each time everything has drained", () => {
    const { server, client } = connect();
    let calls = 0;
    const pull: IPushProducer = {
      resumeProducing() {
        calls++;
        if (calls <= 3) server.transport!.write(`chunk ${calls};`);
        else server.transport!.unregisterProducer();
      },
      pauseProducing() {},
      stopProducing() {},
    };
    server.transport!.registerProducer(pull, false);
    reactor.advance(1);
    expect(client.received).toBe("chunk 1;chunk 2;chunk 3;");
    expect(calls).toBe(4);
  });

  it("waits for a pull producer to be unregistered before loseConnection closes, asking it for more meanwhile", () => {
    const { server, client } = connect();
    let asked = 0;
    const idle: IPushProducer = { resumeProducing: () => void asked++, pauseProducing() {}, stopProducing() {} };
    server.transport!.registerProducer(idle, false);
    server.transport!.loseConnection();
    reactor.advance(1);
    expect(client.events).toEqual(["connectionMade"]);
    expect(asked).toBe(2);
    server.transport!.unregisterProducer();
    reactor.advance(1);
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });

  it("closes on loseConnection under a push producer that is not paused, and stops it, as Twisted's doWrite does", () => {
    const { server, client } = connect();
    const calls: string[] = [];
    const idle: IPushProducer = { resumeProducing: () => void calls.push("resume"), pauseProducing: () => void calls.push("pause"), stopProducing: () => void calls.push("stop") };
    server.transport!.registerProducer(idle, true);
    server.transport!.write("hi");
    server.transport!.loseConnection();
    reactor.advance(1);
    expect(client.received).toBe("hi");
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
    expect(calls).toEqual(["stop"]);
  });

  it("pauses again at every write past the buffer size, as _maybePauseProducer does", () => {
    const { server } = connect();
    let pauses = 0;
    server.transport!.registerProducer({ resumeProducing() {}, pauseProducing: () => void pauses++, stopProducing() {} }, true);
    server.transport!.write("x".repeat(65536));
    expect(pauses).toBe(0);
    server.transport!.write("y");
    server.transport!.write("z");
    expect(pauses).toBe(2);
  });

  it("resumes a producer registered after a paused one at the next drain, as Twisted's producerPaused flag outlives unregisterProducer", () => {
    const { server } = connect();
    const calls: string[] = [];
    const named = (name: string): IPushProducer => ({
      pauseProducing: () => void calls.push(`${name} pause`),
      resumeProducing: () => void calls.push(`${name} resume`),
      stopProducing: () => void calls.push(`${name} stop`),
    });
    server.transport!.registerProducer(named("a"), true);
    server.transport!.write("x".repeat(70000));
    server.transport!.unregisterProducer();
    server.transport!.registerProducer(named("b"), true);
    reactor.advance(1);
    expect(calls).toEqual(["a pause", "b resume"]);
  });

  it("shows the producer and its paused state in the connection's info", () => {
    const { server } = connect();
    class Numbers implements IPushProducer {
      resumeProducing() {}
      pauseProducing() {}
      stopProducing() {}
    }
    server.transport!.registerProducer(new Numbers(), true);
    const info = () => reactor.host.network.connections().find((c) => c.local.endsWith(":1079"))!;
    expect(info().producer).toEqual({ kind: "push", paused: false, name: "Numbers" });
    server.transport!.write("x".repeat(70000));
    expect(info().producer).toEqual({ kind: "push", paused: true, name: "Numbers" });
    expect(info().bytesInFlight).toBe(70000);
    reactor.advance(1);
    expect(info().producer?.paused).toBe(false);
  });

  it("stops the producer when the connection is lost", () => {
    const { server, client } = connect();
    const stops: string[] = [];
    server.transport!.registerProducer({ resumeProducing() {}, pauseProducing() {}, stopProducing: () => void stops.push("stop") }, true);
    client.transport!.loseConnection();
    reactor.runUntilIdle();
    expect(stops).toEqual(["stop"]);
  });

  it("refuses a second producer", () => {
    const { server } = connect();
    const p: IPushProducer = { resumeProducing() {}, pauseProducing() {}, stopProducing() {} };
    server.transport!.registerProducer(p, true);
    expect(() => server.transport!.registerProducer(p, true)).toThrow("Cannot register producer <Object object>, because producer <Object object> was never unregistered.");
  });
});
