/**
 * The real-network reactor in this process, on 127.0.0.1 only: the same
 * behaviours the simulated reactor's tests describe, on real sockets,
 * processes and timers. Every wait is bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installReactor } from "../twisted/internet/reactor";
import type { IReactor } from "../twisted/internet/interfaces";
import { DatagramProtocol, ProcessProtocol } from "../twisted/internet/protocol";
import type { UDPAddress } from "../twisted/internet/interfaces";
import { deferToThread } from "../twisted/internet/threads";
import { getProcessOutput, getProcessValue } from "../twisted/internet/utils";
import { serverFromString } from "../twisted/internet/endpoints";
import { FilePath } from "../twisted/python/filepath";
import type { Failure } from "../twisted/python/failure";
import { sleep } from "../stdlib/time";
import { RecordingClientFactory, RecordingProtocol, serverFactory } from "../../test/support/simulation";
import { NodeReactor } from "./node-reactor";
import { freePort, have } from "../../test/support/serve-harness";

let reactor: NodeReactor;
let previous: IReactor;

beforeAll(() => {
  reactor = new NodeReactor({ installSignalHandlers: false });
  previous = installReactor(reactor);
  reactor.run();
});

afterAll(() => {
  installReactor(previous);
});

/** Waits (at most `ms`) until `condition()` holds. */
async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function outcome<T>(d: { addCallbacks(cb: (v: T) => unknown, eb: (f: Failure) => unknown): unknown }) {
  const result: { value?: T; failure?: Failure; done: boolean } = { done: false };
  d.addCallbacks(
    (v) => {
      result.value = v;
      result.done = true;
    },
    (f) => {
      result.failure = f;
      result.done = true;
    },
  );
  return result;
}

describe("NodeReactor TCP", () => {
  it("connects, exchanges data both ways, and closes after pending writes with ConnectionDone", async () => {
    const port = await freePort();
    const server = serverFactory(() => new RecordingProtocol());
    const listening = reactor.listenTCP(port, server, 50, "127.0.0.1");
    await until(() => listening.listening);
    const client = new RecordingClientFactory();
    reactor.connectTCP("127.0.0.1", port, client);
    await until(() => server.built.length === 1 && client.built.length === 1);
    await until(() => client.built[0]!.events.length === 1);
    client.built[0]!.transport!.write("moshez\r\n");
    await until(() => server.built[0]!.received === "moshez\r\n");
    server.built[0]!.transport!.write("Happy and well\r\n");
    server.built[0]!.transport!.loseConnection();
    await until(() => client.built[0]!.events.length === 2);
    expect(client.built[0]!.received).toBe("Happy and well\r\n");
    expect(client.built[0]!.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
    expect(server.built[0]!.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
    expect(client.events).toEqual(["startedConnecting", "clientConnectionLost ConnectionDone"]);
    await new Promise<void>((resolve) => listening.stopListening().addCallback(() => resolve()));
  });

  it("fails with ConnectionRefusedError on a closed port", async () => {
    const port = await freePort();
    const client = new RecordingClientFactory();
    reactor.connectTCP("127.0.0.1", port, client);
    await until(() => client.events.length === 2);
    expect(client.events.at(-1)).toBe("clientConnectionFailed ConnectionRefusedError");
  });

  it("fails the endpoint's Deferred with CannotListenError on a taken port", async () => {
    const port = await freePort();
    const first = reactor.listenTCP(port, serverFactory(() => new RecordingProtocol()), 50, "127.0.0.1");
    await until(() => first.listening);
    const second = outcome(serverFromString(reactor, `tcp:${port}:interface=127.0.0.1`).listen(serverFactory(() => new RecordingProtocol())));
    await until(() => second.done);
    expect(second.failure?.getErrorMessage()).toMatch(/Address already in use/);
    first.stopListening();
  });

  it("closes a protocol that is not half-closeable when the peer half-closes", async () => {
    const port = await freePort();
    const server = serverFactory(() => new RecordingProtocol());
    const listening = reactor.listenTCP(port, server, 50, "127.0.0.1");
    await until(() => listening.listening);
    const client = new RecordingClientFactory(
      () =>
        new (class extends RecordingProtocol {
          readConnectionLost() {
            this.events.push("readConnectionLost");
          }
        })(),
    );
    reactor.connectTCP("127.0.0.1", port, client);
    await until(() => client.built[0]?.events.length === 1);
    client.built[0]!.transport!.write("mos");
    client.built[0]!.transport!.loseWriteConnection();
    await until(() => server.built[0]!.events.length === 2);
    expect(server.built[0]!.received).toBe("mos");
    expect(server.built[0]!.events.at(-1)).toBe("connectionLost ConnectionDone");
    listening.stopListening();
  });
});

describe("NodeReactor UDP, processes, threads, timers and files", () => {
  it("echoes a UDP datagram", async () => {
    const port = await freePort();
    class Echo extends DatagramProtocol {
      override noisy = false;
      override datagramReceived(data: string, addr: UDPAddress) {
        this.transport!.write(`echo ${data}`, addr);
      }
    }
    const got: string[] = [];
    class Client extends DatagramProtocol {
      override noisy = false;
      override datagramReceived(data: string) {
        got.push(data);
      }
    }
    const server = reactor.listenUDP(port, new Echo(), "127.0.0.1");
    const client = reactor.listenUDP(0, new Client(), "127.0.0.1");
    await until(() => server.listening && client.listening);
    client.write("ping", ["127.0.0.1", port]);
    await until(() => got.length === 1);
    expect(got).toEqual(["echo ping"]);
    server.stopListening();
    client.stopListening();
  });

  it("runs real processes: output, exit codes, stderr errbacks, a missing executable", async () => {
    const echo = outcome(getProcessOutput("echo", ["hello"]));
    const no = outcome(getProcessValue("false"));
    const stderr = outcome(getProcessOutput("sh", ["-c", "echo oops >&2"]));
    const missing = outcome(getProcessValue("no-such-command-here"));
    await until(() => echo.done && no.done && stderr.done && missing.done, 5000);
    expect(echo.value).toBe("hello\n");
    expect(no.value).toBe(1);
    expect(stderr.failure?.getErrorMessage()).toBe('got stderr: "oops\\n"');
    expect(missing.value).toBe(1);
  });

  it.skipIf(!have("finger"))(
    have("finger") ? "gives children real pipes: Debian's finger answers with LF, as under Twisted" : "gives children real pipes (SKIPPED: finger not installed)",
    async () => {
      const root = outcome(getProcessOutput("finger", ["root"]));
      await until(() => root.done, 5000);
      expect(root.value).toMatch(/^Login: root {11}\t\t\tName: root\nDirectory: \/root {20}\tShell: \/bin\/bash\n/);
      expect(root.value).not.toContain("\r");
    },
  );

  it("kills a child with SIGPIPE when it writes to a stdout the parent closed", async () => {
    const events: string[] = [];
    class Closer extends ProcessProtocol {
      override outReceived(data: string) {
        events.push(data);
        this.transport!.closeStdout();
      }
      override processEnded(reason: Failure) {
        events.push(reason.getErrorMessage());
      }
    }
    reactor.spawnProcess(new Closer(), "sh", ["sh", "-c", "echo one; sleep 0.2; echo two; echo three"], {});
    await until(() => events.length === 2, 5000);
    expect(events).toEqual(["one\n", "A process has ended with a probable error condition: process ended by signal 13."]);
  });

  it("a thread's sleep does not block the reactor; a blocking sleep does", async () => {
    const order: string[] = [];
    const started = Date.now();
    deferToThread(() => {
      sleep(0.3);
      return "thread done";
    }).addCallback((v) => void order.push(v));
    reactor.callLater(0.1, () => order.push("timer"));
    await until(() => order.length === 2);
    expect(order).toEqual(["timer", "thread done"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const before = Date.now();
    reactor.callLater(0, () => sleep(0.2));
    reactor.callLater(0.05, () => order.push(`late by ${Date.now() - before >= 190}`));
    await until(() => order.length === 3);
    expect(order[2]).toBe("late by true");
  });

  it("runs delayed calls in time order and skips cancelled ones", async () => {
    const seen: number[] = [];
    reactor.callLater(0.06, () => seen.push(3));
    reactor.callLater(0.02, () => seen.push(1));
    reactor.callLater(0.04, () => seen.push(2)).cancel();
    reactor.callLater(0.04, () => seen.push(2));
    await until(() => seen.length === 3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("reads and writes real files through FilePath", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "filepath-"));
    const users = new FilePath(dir).child("users");
    users.setContent("moshez: happy\n");
    expect(users.getContent()).toBe("moshez: happy\n");
    expect(new FilePath(dir).listdir()).toEqual(["users"]);
    expect(() => new FilePath(dir).child("nope").getContent()).toThrow(/No such file or directory/);
  });

  it("stops: connections hear ConnectionLost, ports close, then the main loop ends", async () => {
    const port = await freePort();
    const server = serverFactory(() => new RecordingProtocol());
    const listening = reactor.listenTCP(port, server, 50, "127.0.0.1");
    await until(() => listening.listening);
    const client = new RecordingClientFactory();
    reactor.connectTCP("127.0.0.1", port, client);
    await until(() => server.built[0]?.events.length === 1);
    const stopped = new Promise<void>((resolve) => reactor.onStopped(resolve));
    reactor.stop();
    await stopped;
    expect(server.built[0]!.events.at(-1)).toBe("connectionLost ConnectionLost");
    expect(listening.listening).toBe(false);
    expect(reactor.running).toBe(false);
  });
});
