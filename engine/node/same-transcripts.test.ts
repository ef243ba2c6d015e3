/**
 * The same finger program gives the same transcripts on both reactors: each
 * scenario runs once in the simulated world and once on real loopback
 * sockets (NodeReactor, in this process), and the bytes each client
 * received, and whether the server closed, must match, and match what
 * Twisted 22.4 does (see the tutorial analysis, section 2).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { World } from "../runtime/world";
import { runProgram } from "../runtime/program";
import { installReactor } from "../twisted/internet/reactor";
import type { IReactor } from "../twisted/internet/interfaces";
import { NodeReactor } from "./node-reactor";
import { freePort, REPO } from "../../test/support/serve-harness";

interface Scenario {
  readonly name: string;
  /** What the client writes, piece by piece (bytes, to split a character). */
  readonly pieces: readonly (string | Uint8Array)[];
  /** Seconds between pieces. */
  readonly gap: number;
  /** Half-close after the last piece, as `nc -N` does at the end of its input. */
  readonly halfClose: boolean;
}

interface Transcript {
  readonly received: string;
  readonly closedByServer: boolean;
}

const scenarios: Scenario[] = [
  { name: "moshez", pieces: ["moshez\r\n"], gap: 0, halfClose: true },
  { name: "a line split in two", pieces: ["mos", "hez\r\n"], gap: 0.2, halfClose: true },
  { name: "unknown user", pieces: ["nobody\r\n"], gap: 0, halfClose: true },
  { name: "empty line", pieces: ["\r\n"], gap: 0, halfClose: true },
  { name: "two lines at once", pieces: ["moshez\r\nnobody\r\n"], gap: 0, halfClose: true },
  { name: "bare LF then half-close", pieces: ["moshez\n"], gap: 0, halfClose: true },
  { name: "a slow answer", pieces: ["slowpoke\r\n"], gap: 0, halfClose: false },
  { name: "a line over 16384 bytes", pieces: ["a".repeat(20000)], gap: 0, halfClose: false },
  // "é" is C3 A9 in UTF-8: the two bytes arrive in separate segments.
  { name: "a character split across writes", pieces: [new Uint8Array([0x6a, 0x6f, 0x73, 0xc3]), new Uint8Array([0xa9, 0x0d, 0x0a])], gap: 0.1, halfClose: true },
];

const expected: Record<string, Transcript> = {
  moshez: { received: "Happy and well\r\n", closedByServer: true },
  "a line split in two": { received: "Happy and well\r\n", closedByServer: true },
  "unknown user": { received: "No such user\r\n", closedByServer: true },
  "empty line": { received: "No such user\r\n", closedByServer: true },
  "two lines at once": { received: "Happy and well\r\n", closedByServer: true },
  "bare LF then half-close": { received: "", closedByServer: true },
  "a slow answer": { received: "Sorry, I was napping\r\n", closedByServer: true },
  "a line over 16384 bytes": { received: "", closedByServer: true },
  "a character split across writes": { received: "Olá, tudo bem\r\n", closedByServer: true },
};

const source = fs.readFileSync(path.join(REPO, "test/fixtures/finger.ts"), "utf8");

function simulated(port: number, scenario: Scenario): Transcript {
  const world = new World();
  expect(world.start(source.replace("tcp:1079", `tcp:${port}`), "finger.ts")).toEqual({ status: "running" });
  const client = world.connect("localhost", port);
  world.runUntilIdle();
  scenario.pieces.forEach((piece, i) => {
    if (i > 0) world.advance(scenario.gap);
    world.enter(() => client.send(piece));
    world.runUntilIdle();
  });
  if (scenario.halfClose) world.enter(() => client.halfClose());
  world.advanceTo(world.seconds() + 3, () => client.state === "closed");
  return { received: client.received, closedByServer: client.state === "closed" };
}

function real(port: number, scenario: Scenario): Promise<Transcript> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    let received = "";
    const decoder = new TextDecoder();
    const done = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedByServer });
    };
    const timer = setTimeout(() => done(false), 3000);
    socket.on("data", (chunk) => (received += decoder.decode(chunk, { stream: true })));
    socket.on("end", () => done(true));
    socket.on("error", reject);
    socket.on("connect", async () => {
      for (const [i, piece] of scenario.pieces.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, scenario.gap * 1000));
        socket.write(piece);
      }
      if (scenario.halfClose) socket.end();
    });
  });
}

describe("the same finger program on both reactors", () => {
  let port: number;
  let reactor: NodeReactor;
  let previous: IReactor;
  const printed: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    reactor = new NodeReactor({ installSignalHandlers: false });
    previous = installReactor(reactor);
    const error = runProgram(source.replace("tcp:1079", `tcp:${port}`), "finger.ts", (text) => printed.push(text));
    expect(error).toBeNull();
    await new Promise((r) => setTimeout(r, 200));
  });

  afterAll(async () => {
    const stopped = new Promise<void>((resolve) => reactor.onStopped(resolve));
    reactor.stop();
    await stopped;
    installReactor(previous);
  });

  for (const scenario of scenarios) {
    it(`gives the same transcript for ${scenario.name}`, async () => {
      const onRealSockets = await real(port, scenario);
      const inSimulation = simulated(port, scenario);
      expect(onRealSockets).toEqual(inSimulation);
      expect(inSimulation).toEqual(expected[scenario.name]);
    });
  }

  it("logs connectionLost once per connection on real sockets", () => {
    expect(printed.filter((line) => line.startsWith("connection lost:")).length).toBe(scenarios.length);
  });
});
