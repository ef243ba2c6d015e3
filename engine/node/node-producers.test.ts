/**
 * Producers on the real-network reactor's TCP transport, on 127.0.0.1: the
 * close under a producer and FileSender behave as on the simulated network.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as net from "node:net";
import { installReactor } from "../twisted/internet/reactor";
import type { IReactor } from "../twisted/internet/interfaces";
import { FileSender } from "../twisted/protocols/basic";
import { FilePath } from "../twisted/python/filepath";
import { RecordingProtocol, serverFactory } from "../../test/support/simulation";
import { NodeReactor } from "./node-reactor";
import { freePort } from "../../test/support/serve-harness";

let reactor: NodeReactor;
let previous: IReactor;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "node-producers-"));

beforeAll(() => {
  reactor = new NodeReactor({ installSignalHandlers: false });
  previous = installReactor(reactor);
  reactor.run();
});

afterAll(() => {
  installReactor(previous);
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Connects a plain socket client that collects everything until the server closes. */
function collect(port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1");
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    setTimeout(() => {
      socket.destroy();
      reject(new Error("timed out"));
    }, 5000);
  });
}

describe("producers on the Node reactor", () => {
  it("closes on loseConnection under an idle push producer, stopping it, as Twisted does", async () => {
    const port = await freePort();
    const calls: string[] = [];
    const factory = serverFactory(() => {
      const p = new RecordingProtocol();
      p.connectionMade = () => {
        p.transport!.registerProducer({ pauseProducing: () => void calls.push("pause"), resumeProducing: () => void calls.push("resume"), stopProducing: () => void calls.push("stop") }, true);
        p.transport!.write("hi");
        p.transport!.loseConnection();
      };
      return p;
    });
    const listening = reactor.listenTCP(port, factory, 50, "127.0.0.1");
    try {
      expect((await collect(port)).toString()).toBe("hi");
      expect(calls).toEqual(["stop"]);
    } finally {
      await listening.stopListening();
    }
  });

  it("sends a file with FileSender and closes when its Deferred fires", async () => {
    const port = await freePort();
    const file = path.join(folder, "fox.txt");
    fs.writeFileSync(file, "The quick brown fox jumps over the lazy dog.\n".repeat(4000));
    const lastBytes: unknown[] = [];
    const factory = serverFactory(() => {
      const p = new RecordingProtocol();
      p.connectionMade = () => {
        new FileSender().beginFileTransfer(new FilePath(file).open(), p.transport!).addCallback((last) => {
          lastBytes.push(last);
          p.transport!.loseConnection();
        });
      };
      return p;
    });
    const listening = reactor.listenTCP(port, factory, 50, "127.0.0.1");
    try {
      const got = await collect(port);
      expect(got.length).toBe(180_000);
      expect(got.toString()).toBe(fs.readFileSync(file, "utf8"));
      expect(lastBytes).toEqual(["\n"]);
    } finally {
      await listening.stopListening();
    }
  });
});
