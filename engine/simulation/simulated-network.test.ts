import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../test/support/simulation";
import type { HostedReactor } from "./simulated-network";
import type { Segmentation } from "./segmentation";

let reactor: HostedReactor;
let restore: () => void;
afterEach(() => restore());

function open(seed = 1) {
  ({ reactor, restore } = newSimulation({ seed }));
  const server = serverFactory(() => new RecordingProtocol());
  reactor.listenTCP(1079, server);
  const factory = new RecordingClientFactory();
  reactor.connectTCP("localhost", 1079, factory);
  reactor.runUntilIdle();
  return { server: server.built[0]!, client: factory.built[0]! };
}

function chunksFor(segmentation: Segmentation, writes: string[], seed = 1): string[] {
  const { server, client } = open(seed);
  reactor.host.network.setConditions({ segmentation });
  for (const w of writes) client.transport!.write(w);
  reactor.runUntilIdle();
  restore();
  return server.chunks;
}

describe("how the network cuts a TCP stream", () => {
  it("as written: each write arrives as one segment", () => {
    expect(chunksFor("as-written", ["mos", "hez\r\n"])).toEqual(["mos", "hez\r\n"]);
  });

  it("bytewise: every byte arrives on its own", () => {
    expect(chunksFor("bytewise", ["moshez\r\n"])).toEqual(["m", "o", "s", "h", "e", "z", "\r", "\n"]);
  });

  it("random: writes are merged and split at points chosen by the seed, the bytes unchanged", () => {
    const writes = ["moshez\r\n", "nobody\r\n", "a much longer line of text\r\n"];
    const first = chunksFor("random", writes, 7);
    expect(first.join("")).toBe(writes.join(""));
    expect(first).not.toEqual(writes);
    expect(chunksFor("random", writes, 7)).toEqual(first);
    expect(chunksFor("random", writes, 8)).not.toEqual(first);
  });

  it("delivers a character split across segments whole (a streaming UTF-8 decoder per connection)", () => {
    expect(chunksFor("bytewise", ["né€😀"]).join("")).toBe("né€😀");
    expect(chunksFor("bytewise", ["é"])).toEqual(["é"]);
  });

  it("gives raw bytes to a protocol that asks for them", () => {
    ({ reactor, restore } = newSimulation());
    class Raw extends RecordingProtocol {
      override receivesBytes = true;
      bytes: number[] = [];
      override dataReceived(data: string | Uint8Array): void {
        this.bytes.push(...(data as Uint8Array));
      }
    }
    const server = serverFactory(() => new Raw());
    reactor.listenTCP(1079, server);
    const factory = new RecordingClientFactory();
    reactor.connectTCP("localhost", 1079, factory);
    reactor.runUntilIdle();
    factory.built[0]!.transport!.write(new Uint8Array([0, 200, 255]));
    reactor.runUntilIdle();
    expect(server.built[0]!.bytes).toEqual([0, 200, 255]);
  });
});

describe("latency", () => {
  it("delays each segment by the latency", () => {
    const { server, client } = open();
    reactor.host.network.setConditions({ latency: 0.2 });
    client.transport!.write("hi");
    reactor.advance(0.19);
    expect(server.received).toBe("");
    reactor.advance(0.02);
    expect(server.received).toBe("hi");
  });

  it("keeps the stream in order even when the latency drops mid-stream", () => {
    const { server, client } = open();
    reactor.host.network.setConditions({ latency: 1 });
    client.transport!.write("first ");
    reactor.runUntilIdle();
    reactor.host.network.setConditions({ latency: 0 });
    client.transport!.write("second");
    reactor.advance(2);
    expect(server.chunks).toEqual(["first ", "second"]);
  });

  it("rejects a negative latency", () => {
    ({ reactor, restore } = newSimulation());
    expect(() => reactor.host.network.setConditions({ latency: -1 })).toThrow(RangeError);
  });
});

describe("what the network shows", () => {
  it("lists listening ports and open connections with their bytes in flight", () => {
    const { client } = open();
    reactor.host.network.setConditions({ latency: 1 });
    client.transport!.write("12345");
    reactor.runUntilIdle();
    expect(reactor.host.network.listeningPorts()).toEqual([
      { host: "localhost", transport: "TCP", interface: "0.0.0.0", port: 1079, owner: "Factory" },
    ]);
    const connections = reactor.host.network.connections();
    expect(connections).toHaveLength(2);
    const clientEnd = connections.find((c) => c.remote === "127.0.0.1:1079")!;
    expect(clientEnd).toMatchObject({ host: "localhost", protocol: "RecordingProtocol", bytesInFlight: 5, state: "open" });
    reactor.advance(1);
    expect(reactor.host.network.connections().find((c) => c.remote === "127.0.0.1:1079")!.bytesInFlight).toBe(0);
  });
});
