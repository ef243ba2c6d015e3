/**
 * twisted.protocols.amp, crosswise and byte for byte: the engine's AMP client
 * (programs/amp-client.ts under `npm run serve`) and its twin on real Twisted
 * 22.4 (programs/amp_client.py) each call both servers, the engine's
 * (programs/amp-server.ts) and real Twisted's (programs/amp_server.py): all
 * four transcripts must be the same one. And the boxes the engine encodes for
 * a table of commands are the very bytes real Twisted encodes.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amp } from "../../engine/twisted/protocols";
import { startPython, startServeGroup, type PythonServer, type ServedGroup } from "../support/raw-http";
import { REPO, freePort } from "../support/serve-harness";

const PYTHON = "/usr/bin/python3";
const programs = path.join(REPO, "test/differential/programs");
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.protocols.amp"], { stdio: "ignore" }).status === 0;

/** What every client prints against every server. */
const TRANSCRIPT = [
  "sum: 94",
  "divide: 2.5",
  "divide by zero: ZeroDivisionError: division by zero",
  "greet: HELLO, WÖRLD 3",
  "greet quietly: Hello, you 0",
  "collect: 6.0 bob ann,bob",
  "later: 7",
  `nope: UnhandledCommand: (b'UNHANDLED', "Unhandled Command: b'Nope'")`,
  "forgot: InvalidSignature: forgot b for b'Sum'",
  "boom: UnknownRemoteError: Code<UNKNOWN>: Unknown Error",
  "connection lost: Connection was closed cleanly.",
];

/** A copy of client program `name` calling port `port`. */
function clientOn(name: string, port: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amp-client-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, fs.readFileSync(path.join(programs, name), "utf8").replace(/"127\.0\.0\.1", 1079/g, `"127.0.0.1", ${port}`));
  return file;
}

function runEngineClient(port: number): string[] {
  const result = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), clientOn("amp-client.ts", port)], {
    cwd: REPO,
    encoding: "utf8",
    timeout: 30_000,
    killSignal: "SIGKILL",
  });
  expect(result.status, result.stderr + result.stdout).toBe(0);
  return result.stdout.split("\n").filter((line) => line !== "" && !/^\d{4}-\d\d-\d\d \S+ \[-\]/.test(line) && !line.startsWith("\t") && !line.startsWith(" "));
}

function runTwistedClient(port: number): string[] {
  const result = spawnSync(PYTHON, [clientOn("amp_client.py", port)], { encoding: "utf8", timeout: 30_000, killSignal: "SIGKILL" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split("\n").filter((line) => line !== "");
}

describe.skipIf(!realTwisted)(realTwisted ? "AMP crosswise, engine and real Twisted 22.4" : "AMP crosswise (SKIPPED: python3-twisted not installed)", () => {
  let twin: PythonServer | null = null;
  let served: ServedGroup | null = null;
  let twinPort = 0;
  let enginePort = 0;

  beforeAll(async () => {
    twinPort = await freePort();
    enginePort = await freePort();
    [twin, served] = await Promise.all([startPython(PYTHON, path.join(programs, "amp_server.py"), twinPort), startServeGroup(REPO, path.join(programs, "amp-server.ts"), enginePort)]);
  }, 40_000);

  afterAll(async () => {
    await Promise.all([twin?.stop(), served?.stop()]);
  }, 20_000);

  it("real Twisted's client against real Twisted's server (the reference)", () => {
    expect(runTwistedClient(twinPort)).toEqual(TRANSCRIPT);
  }, 40_000);

  it("the engine's client against real Twisted's server", () => {
    expect(runEngineClient(twinPort)).toEqual(TRANSCRIPT);
  }, 40_000);

  it("real Twisted's client against the engine's server, which logs the undeclared error", async () => {
    expect(runTwistedClient(enginePort)).toEqual(TRANSCRIPT);
    for (let waited = 0; !/Error: kaboom/.test(served!.output()) && waited < 5000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(served!.output()).toMatch(/Traceback \(most recent call last\):\n\t {2}File "amp-server\.ts", line \d+, in boom\n\tError: kaboom/);
  }, 40_000);

  it("the engine's client against the engine's server", () => {
    expect(runEngineClient(enginePort)).toEqual(TRANSCRIPT);
  }, 40_000);
});

/** Commands whose encoded boxes both sides print as hex, in the same order. */
const WIRE_PYTHON = `
from twisted.protocols import amp

class Mixed(amp.Command):
    commandName = b"mixed-up"
    arguments = [(b"count", amp.Integer()), (b"ratio", amp.Float()), (b"flag", amp.Boolean()),
                 (b"text", amp.Unicode()), (b"raw", amp.String()), (b"from", amp.Integer()),
                 (b"nums", amp.ListOf(amp.Integer())), (b"rows", amp.AmpList([(b"k", amp.Unicode()), (b"v", amp.Float())])),
                 (b"maybe", amp.Unicode(optional=True))]

cases = [
    dict(count=0, ratio=1.5, flag=True, text="", raw=b"", From=-7, nums=[], rows=[]),
    dict(count=12345678901234567890, ratio=1e20, flag=False, text="h\\u00e9llo \\u2603", raw=bytes(range(256)), From=1, nums=[1, -2, 300], rows=[{"k": "a", "v": 0.1}, {"k": "b", "v": -0.0}], maybe="here"),
    dict(count=-1, ratio=1e-7, flag=True, text="x" * 300, raw=b"\\x00", From=0, nums=[10**12], rows=[{"k": "inf", "v": float("inf")}]),
    dict(count=2**53 + 1, ratio=123456789.125, flag=False, text="tab\\tnew\\nline", raw=b"\\r\\n", From=2, nums=[0], rows=[], maybe=None),
]
for kw in cases:
    box = Mixed.makeArguments(kw, None)
    box[b"_command"] = Mixed.commandName
    box[b"_ask"] = b"1f"
    print(box.serialize().hex())
`;

class Mixed extends amp.Command {
  static commandName = "mixed-up";
  static arguments_ = [
    ["count", new amp.Integer()],
    ["ratio", new amp.Float()],
    ["flag", new amp.Boolean()],
    ["text", new amp.Unicode()],
    ["raw", new amp.String()],
    ["from", new amp.Integer()],
    ["nums", new amp.ListOf(new amp.Integer())],
    ["rows", new amp.AmpList([["k", new amp.Unicode()], ["v", new amp.Float()]])],
    ["maybe", new amp.Unicode(true)],
  ];
}

const CASES: Array<Record<string, unknown>> = [
  { count: 0, ratio: 1.5, flag: true, text: "", raw: new Uint8Array(), From: -7, nums: [], rows: [] },
  { count: 12345678901234567890n, ratio: 1e20, flag: false, text: "h\u00e9llo \u2603", raw: Uint8Array.from({ length: 256 }, (_, i) => i), From: 1, nums: [1, -2, 300], rows: [{ k: "a", v: 0.1 }, { k: "b", v: -0 }], maybe: "here" },
  { count: -1, ratio: 1e-7, flag: true, text: "x".repeat(300), raw: new Uint8Array([0]), From: 0, nums: [1e12], rows: [{ k: "inf", v: Infinity }] },
  { count: 2 ** 53 + 2, ratio: 123456789.125, flag: false, text: "tab\tnew\nline", raw: new Uint8Array([13, 10]), From: 2, nums: [0], rows: [], maybe: null },
];

describe.skipIf(!realTwisted)("AMP boxes, byte for byte with real Twisted 22.4", () => {
  it("encodes every argument type as Twisted does: sorted keys, 16-bit lengths, Python's number formats", () => {
    const python = spawnSync(PYTHON, ["-c", WIRE_PYTHON.replace("2**53 + 1", "2**53 + 2")], { encoding: "utf8", timeout: 20_000 });
    expect(python.status, python.stderr).toBe(0);
    const expected = python.stdout.trim().split("\n");
    const engine = CASES.map((kw) => {
      const box = Mixed.makeArguments(kw, null);
      box.set("_command", new TextEncoder().encode("mixed-up"));
      box.set("_ask", new TextEncoder().encode("1f"));
      return Buffer.from(box.serialize()).toString("hex");
    });
    expect(engine).toEqual(expected);
  });

  it("decodes those bytes back into the same values", () => {
    const [, second] = CASES.map((kw) => Mixed.makeArguments(kw, null));
    const decoded = Mixed.parseArguments(amp.parseBoxes(second!.serialize())[0]!, null);
    expect(decoded).toEqual({ ...CASES[1], raw: CASES[1]!.raw });
  });
});
