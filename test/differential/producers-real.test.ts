/**
 * Producers on real Twisted 22.4 over loopback (producers_real.py) and on the
 * engine's simulated network: the same servers, the same slow client (reads
 * nothing for a moment, then everything), and the same transcript. Real TCP
 * buffers differ from the simulation's, so what is compared is the logical
 * behaviour: a push producer paused by the write that passes 64 KiB and
 * resumed once the buffer drains, FileSender asked once per chunk, the close
 * under a producer, and every byte delivered in order.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { newSimulation } from "../support/simulation";
import { Factory, Protocol, type IPushProducer, type ITransport } from "../../engine/twisted/internet/protocol";
import type { HostedReactor } from "../../engine/simulation/simulated-network";
import { FileSender } from "../../engine/twisted/protocols/basic";
import { FilePath } from "../../engine/twisted/python/filepath";

const PYTHON = "/usr/bin/python3";
const LINES = 100_000;
const FILE_BYTES = 200_000;
const here = dirname(fileURLToPath(import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "producers-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function realTwisted(): Record<string, string[]> | null {
  try {
    execFileSync(PYTHON, ["-c", "import twisted"], { stdio: "pipe" });
  } catch {
    console.warn("SKIPPED producers on real Twisted: /usr/bin/python3 cannot import twisted");
    return null;
  }
  const out = execFileSync(PYTHON, [join(here, "producers_real.py"), String(LINES), String(FILE_BYTES), join(folder, "fox.txt")], { encoding: "utf8", timeout: 60_000 });
  return JSON.parse(out) as Record<string, string[]>;
}

const sha = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);
const pyBytesRepr = (text: string) => (text === "\n" ? "b'\\n'" : `b'${text}'`);

/** Runs `serve` on a simulated port with a client that reads nothing for `delay` seconds; returns the transcript. */
function simulate(delay: number, serve: (transport: ITransport, log: string[], reactor: HostedReactor) => void): string[] {
  const { reactor, restore } = newSimulation();
  try {
    const log: string[] = [];
    let received = "";
    class Server extends Protocol {
      override connectionMade() {
        serve(this.transport!, log, reactor);
      }
    }
    class SlowClient extends Protocol {
      override connectionMade() {
        this.transport!.pauseProducing();
        reactor.callLater(delay, () => this.transport!.resumeProducing());
      }
      override dataReceived(data: string) {
        received += data;
      }
    }
    const server = new Factory();
    server.noisy = false;
    server.buildProtocol = () => Object.assign(new Server(), { factory: server });
    reactor.listenTCP(8123, server);
    const client = new Factory();
    client.noisy = false;
    client.buildProtocol = () => new SlowClient();
    reactor.host.connectTCP("localhost", 8123, client as never);
    reactor.advance(10);
    return [...log, `client got ${new TextEncoder().encode(received).length} bytes`, `client data sha: ${sha(received)}`];
  } finally {
    restore();
  }
}

class Numbers implements IPushProducer {
  private next = 0;
  private sent = 0;
  private paused = false;
  constructor(
    private readonly transport: ITransport,
    private readonly log: string[],
  ) {}
  produce() {
    while (!this.paused && this.next < LINES) {
      const line = `${this.next}\r\n`;
      this.sent += line.length;
      this.next += 1;
      this.transport.write(line);
    }
    if (this.next >= LINES && !this.paused) {
      this.log.push("done");
      this.transport.unregisterProducer();
      this.transport.loseConnection();
    }
  }
  pauseProducing() {
    this.log.push(`pause after ${this.sent} bytes`);
    this.paused = true;
  }
  resumeProducing() {
    this.log.push(`resume after ${this.sent} bytes`);
    this.paused = false;
    this.produce();
  }
  stopProducing() {
    this.log.push("stop");
  }
}

const real = realTwisted();

describe.skipIf(real === null)("producers behave as on real Twisted 22.4", () => {
  it("a push producer streaming to a slow client is paused past 64 KiB and resumed when drained, every byte in order", () => {
    const engine = simulate(0.3, (transport, log) => {
      const numbers = new Numbers(transport, log);
      transport.registerProducer(numbers, true);
      numbers.produce();
    });
    expect(engine).toEqual(real!.push);
    expect(engine.filter((line) => line.startsWith("pause")).length).toBe(10);
  });

  it("FileSender sends a file to a slow client one chunk per drain and fires with the last byte", () => {
    const engine = simulate(0.3, (transport, log, reactor) => {
      reactor.host.fs.write("/srv/fox.txt", "The quick brown fox jumps over the lazy dog.\n".repeat(Math.floor(FILE_BYTES / 45)));
      let asked = 0;
      const sender = new FileSender();
      const resume = sender.resumeProducing.bind(sender);
      sender.resumeProducing = () => {
        asked += 1;
        resume();
      };
      sender.beginFileTransfer(new FilePath("/srv/fox.txt").open(), transport).addCallback((last) => {
        log.push(`sent, last byte ${pyBytesRepr(String(last))}, asked ${asked} times`);
        transport.loseConnection();
      });
    });
    expect(engine).toEqual(real!.file);
  });

  it("refuses a second producer, and loseConnection under an unpaused push producer closes and stops it", () => {
    const engine = simulate(0.1, (transport, log) => {
      const idle = () => ({ pauseProducing: () => void log.push("pause"), resumeProducing: () => void log.push("resume"), stopProducing: () => void log.push("stop") });
      transport.registerProducer(idle(), true);
      try {
        transport.registerProducer(idle(), true);
      } catch (thrown) {
        log.push(`second registerProducer: ${(thrown as Error).name} ${(thrown as Error).message.split(" <")[0]}`);
      }
      transport.write("hi");
      transport.loseConnection();
      const protocol = (transport as unknown as { protocol: Protocol }).protocol;
      protocol.connectionLost = (reason) => void log.push(`connectionLost ${(reason.value as Error).name}`);
    });
    expect(engine).toEqual(real!.close);
  });
});
