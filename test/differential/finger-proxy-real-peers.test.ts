/**
 * Stage 9's finger proxy (the lesson's own solution, under `npm run serve`)
 * in front of a real finger server on real Twisted 22.4: it passes each query
 * on, relays the real server's reply byte for byte, understands user@host,
 * and says "Could not connect to remote host" once that server is gone.
 */
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchange, startPython, startServeGroup, type PythonServer, type ServedGroup } from "../support/raw-http";
import { REPO, freePort } from "../support/serve-harness";

const PYTHON = "/usr/bin/python3";
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted"], { stdio: "ignore" }).status === 0;
const PROXY = path.join(REPO, "lessons/13-finger-stage-9/03-a-finger-proxy/solution/fingerproxy.tac.ts");

describe.skipIf(!realTwisted)(realTwisted ? "the stage-9 finger proxy in front of a real Twisted finger server" : "the stage-9 proxy (SKIPPED: python3-twisted not installed)", () => {
  let upstream: PythonServer | null = null;
  let proxy: ServedGroup | null = null;
  let proxyPort = 0;

  beforeAll(async () => {
    const upstreamPort = await freePort();
    proxyPort = await freePort();
    upstream = await startPython(PYTHON, path.join(REPO, "test/differential/programs/finger_upstream.py"), upstreamPort);
    // The lesson's program, with its ports moved to free ones: it listens on proxyPort and asks upstreamPort.
    proxy = await startServeGroup(REPO, PROXY, proxyPort, 30_000, { "tcp:7779": `tcp:${proxyPort}`, "port = 79": `port = ${upstreamPort}` });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([upstream?.stop(), proxy?.stop()]);
  }, 20_000);

  it("relays the real server's answer for a user, verbatim, then closes", async () => {
    expect(await exchange(proxyPort, ["moshez\r\n"])).toEqual({ response: "Happy and well\r\n", closed: true });
  });

  it("asks the host named after @ (here 127.0.0.1) for the user before it", async () => {
    expect(await exchange(proxyPort, ["moshez@127.0.0.1\r\n"])).toEqual({ response: "Happy and well\r\n", closed: true });
  });

  it("relays the real server's answer for an unknown user", async () => {
    expect(await exchange(proxyPort, ["nobody\r\n"])).toEqual({ response: "No such user\r\n", closed: true });
  });

  it("says it could not connect, and closes, once the real server is gone", async () => {
    await upstream!.stop();
    upstream = null;
    expect(await exchange(proxyPort, ["moshez\r\n"])).toEqual({ response: "Could not connect to remote host", closed: true });
  });
});
