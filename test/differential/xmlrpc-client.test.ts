/**
 * twisted.web.xmlrpc.Proxy, crosswise: the engine's client program
 * (programs/xmlrpc-client.ts under `npm run serve`) and its twin on real
 * Twisted 22.4 (programs/xmlrpc_client.py) each call both servers, the
 * engine's (programs/xmlrpc-server.ts) and real Twisted's
 * (programs/xmlrpc_server.py). All four transcripts must be the same one.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPython, startServeGroup, type PythonServer, type ServedGroup } from "../support/raw-http";
import { REPO, freePort } from "../support/serve-harness";

const PYTHON = "/usr/bin/python3";
const programs = path.join(REPO, "test/differential/programs");
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.web.xmlrpc"], { stdio: "ignore" }).status === 0;

/** What every client prints against every server. */
const TRANSCRIPT = [
  'echo: "Happy and well"',
  "add: 42",
  'every type: [1,true,"x <&> y",{"k":[2.5,-1]},[]]',
  'deferred: "eventually"',
  "sub-handler: 144",
  "unknown: Fault 8001 procedure nosuch not found",
  "own fault: Fault 123 The fault procedure is faulty.",
  "failing: Fault 8002 error",
  "none: Fault 8002 Can't serialize output: cannot marshal None unless allow_none is enabled",
  "none allowed: null",
  "not xml-rpc: ValueError",
];

/** A copy of client program `name` calling port `port`. */
function clientOn(name: string, port: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xmlrpc-client-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, fs.readFileSync(path.join(programs, name), "utf8").replace(/127\.0\.0\.1:1079\//g, `127.0.0.1:${port}/`));
  return file;
}

function runEngineClient(port: number): string[] {
  const result = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), clientOn("xmlrpc-client.ts", port)], {
    cwd: REPO,
    encoding: "utf8",
    timeout: 30_000,
    killSignal: "SIGKILL",
  });
  expect(result.status, result.stderr + result.stdout).toBe(0);
  return result.stdout.split("\n").filter((line) => line !== "" && !/^\d{4}-\d\d-\d\d \S+ \[-\]/.test(line) && !line.startsWith("\t") && !line.startsWith(" "));
}

function runTwistedClient(port: number): string[] {
  const result = spawnSync(PYTHON, [clientOn("xmlrpc_client.py", port)], { encoding: "utf8", timeout: 30_000, killSignal: "SIGKILL" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split("\n").filter((line) => line !== "");
}

describe.skipIf(!realTwisted)(
  realTwisted ? "xmlrpc.Proxy and XMLRPC crosswise, engine and real Twisted 22.4" : "xmlrpc.Proxy crosswise (SKIPPED: python3-twisted not installed)",
  () => {
    let twin: PythonServer | null = null;
    let served: ServedGroup | null = null;
    let twinPort = 0;
    let enginePort = 0;

    beforeAll(async () => {
      twinPort = await freePort();
      enginePort = await freePort();
      [twin, served] = await Promise.all([
        startPython(PYTHON, path.join(programs, "xmlrpc_server.py"), twinPort),
        startServeGroup(REPO, path.join(programs, "xmlrpc-server.ts"), enginePort),
      ]);
    }, 40_000);

    afterAll(async () => {
      await Promise.all([twin?.stop(), served?.stop()]);
    }, 20_000);

    it("real Twisted's Proxy against real Twisted's server (the reference)", () => {
      expect(runTwistedClient(twinPort)).toEqual(TRANSCRIPT);
    }, 40_000);

    it("the engine's Proxy against real Twisted's server", () => {
      expect(runEngineClient(twinPort)).toEqual(TRANSCRIPT);
    }, 40_000);

    it("real Twisted's Proxy against the engine's server", () => {
      expect(runTwistedClient(enginePort)).toEqual(TRANSCRIPT);
    }, 40_000);

    it("the engine's Proxy against the engine's server", () => {
      expect(runEngineClient(enginePort)).toEqual(TRANSCRIPT);
    }, 40_000);
  },
);
