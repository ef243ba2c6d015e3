import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import { FilePath } from "../python/filepath";
import { FileSender } from "./basic";

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

describe("FileSender", () => {
  it("copies a file in 16 KiB chunks, one per drain, and fires with the last byte", () => {
    const { server, client } = connect();
    const content = "0123456789abcde\n".repeat(5000);
    reactor.host.fs.write("/srv/big.txt", content);
    const writes: number[] = [];
    const transport = server.transport!;
    const write = transport.write.bind(transport);
    transport.write = (data) => {
      writes.push(data.length);
      write(data);
    };
    const results: unknown[] = [];
    new FileSender().beginFileTransfer(new FilePath("/srv/big.txt").open(), transport).addCallback((last) => void results.push(last));
    expect(writes).toEqual([16384]);
    reactor.advance(1);
    expect(client.received).toBe(content);
    expect(writes).toEqual([16384, 16384, 16384, 16384, 80000 - 4 * 16384]);
    expect(results).toEqual(["\n"]);
  });

  it("passes each chunk through the transform", () => {
    const { server, client } = connect();
    reactor.host.fs.write("/srv/small.txt", "hello\n");
    let last: unknown;
    new FileSender().beginFileTransfer(new FilePath("/srv/small.txt").open(), server.transport!, (chunk) => String(chunk).toUpperCase()).addCallback((l) => void (last = l));
    reactor.advance(1);
    expect(client.received).toBe("HELLO\n");
    expect(last).toBe("\n");
  });

  it("waits for a client that does not read, sending only one chunk meanwhile", () => {
    const { server, client } = connect();
    client.transport!.pauseProducing();
    reactor.host.fs.write("/srv/big.txt", "x".repeat(100000));
    let done = false;
    new FileSender().beginFileTransfer(new FilePath("/srv/big.txt").open(), server.transport!).addCallback(() => void (done = true));
    reactor.advance(10);
    expect(done).toBe(false);
    expect(reactor.host.network.connections().find((c) => c.local.endsWith(":1079"))).toMatchObject({
      bytesInFlight: 16384,
      producer: { kind: "pull", paused: false, name: "FileSender" },
    });
    client.transport!.resumeProducing();
    reactor.advance(1);
    expect(done).toBe(true);
    expect(client.received.length).toBe(100000);
  });

  it("fails its Deferred when the connection is lost midway", () => {
    const { server, client } = connect();
    client.transport!.pauseProducing();
    reactor.host.fs.write("/srv/big.txt", "x".repeat(100000));
    const errors: string[] = [];
    new FileSender().beginFileTransfer(new FilePath("/srv/big.txt").open(), server.transport!).addErrback((f) => void errors.push(`${(f.value as Error).name}: ${f.getErrorMessage()}`));
    reactor.advance(1);
    server.transport!.abortConnection();
    reactor.advance(1);
    expect(errors).toEqual(["Exception: Consumer asked us to stop producing"]);
  });
});

describe("FilePath.open", () => {
  it("reads UTF-8 bytes without splitting a character", () => {
    restore();
    ({ reactor, restore } = newSimulation());
    reactor.host.fs.write("/tmp/t.txt", "aé€b");
    const file = new FilePath("/tmp/t.txt").open();
    expect(file.read(2)).toBe("a");
    expect(file.read(1)).toBe("é");
    expect(file.read(10)).toBe("€b");
    expect(file.read(10)).toBe("");
    file.close();
    expect(() => file.read()).toThrow("I/O operation on closed file.");
  });
});
