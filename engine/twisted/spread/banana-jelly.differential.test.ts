/**
 * Differential tests: real Twisted 22.4 (python3) jellies and banana-encodes
 * a table of values; the engine must write the same bytes, and read Twisted's
 * bytes back to the same values. Skipped when python3 with Twisted is missing.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Banana, decode, encode, latin1Bytes, type BananaValue } from "./banana";
import { globalSecurity, jelly, tuple, unjelly, Unpersistable } from "./jelly";

const PYTHON = "/usr/bin/python3";
const haveTwisted = spawnSync(PYTHON, ["-c", "import twisted.spread.jelly"], { stdio: "ignore" }).status === 0;

const bytes = (text: string) => new TextEncoder().encode(text);
class Secret {
  hidden = 1;
}

/** Each case: the Python expression and the engine value that should travel the same. */
const cases: { name: string; py: string; ts: unknown; back?: unknown }[] = [
  { name: "zero", py: "0", ts: 0 },
  { name: "small int", py: "42", ts: 42 },
  { name: "negative int", py: "-7", ts: -7 },
  { name: "largest 32-bit int", py: "2**31-1", ts: 2 ** 31 - 1 },
  { name: "long int", py: "2**31", ts: 2 ** 31 },
  { name: "long negative", py: "-(2**31)-1", ts: -(2 ** 31) - 1 },
  { name: "bigint", py: "2**70", ts: 2n ** 70n },
  { name: "float", py: "1.5", ts: 1.5 },
  { name: "negative float", py: "-0.1", ts: -0.1 },
  { name: "bytes", py: "b'moshez'", ts: bytes("moshez") },
  { name: "empty bytes", py: "b''", ts: new Uint8Array(0) },
  { name: "bytes that are a vocabulary word", py: "b'None'", ts: bytes("None") },
  { name: "str", py: "'moshez'", ts: "moshez" },
  { name: "non-ascii str", py: "'h\\u00e9llo \\u2603'", ts: "héllo ☃" },
  { name: "None", py: "None", ts: null },
  { name: "True", py: "True", ts: true },
  { name: "False", py: "False", ts: false },
  { name: "list", py: "[1, 'a', b'b']", ts: [1, "a", bytes("b")] },
  { name: "empty list", py: "[]", ts: [] },
  { name: "tuple", py: "(1, 2)", ts: tuple(1, 2) },
  { name: "nested", py: "[[1, [2]], (None,)]", ts: [[1, [2]], tuple(null)] },
  { name: "dict with str keys", py: "{'a': 1, 'b': [2]}", ts: { a: 1, b: [2] } },
  { name: "dict with bytes keys", py: "{b'k': 'v'}", ts: new Map([[bytes("k"), "v"]]) },
  { name: "set", py: "{3}", ts: new Set([3]) },
  { name: "shared list", py: "(lambda l: [l, l])([1])", ts: ((l: number[]) => [l, l])([1]) },
  { name: "insecure instance", py: "__import__('builtins').__dict__.setdefault('Secret', type('Secret', (), {'__module__': '__main__'}))()", ts: new Secret() },
];

/** Runs Python over every case; returns hex for "none" and "pb" dialects per case. */
function pythonEncodings(): { none: string; pb: string }[] {
  const script = `
import sys, json
from twisted.spread import banana, jelly
cases = [${cases.map((c) => c.py).join(", ")}]
out = []
for value in cases:
    sexp = jelly.jelly(value, jelly.globalSecurity)
    b = banana.Banana(); b.connectionMade(); b._selectDialect(b"pb")
    chunks = []
    b._encode(sexp, chunks.append)
    out.append({"none": banana.encode(sexp).hex(), "pb": b"".join(chunks).hex()})
print(json.dumps(out))
`;
  const result = spawnSync(PYTHON, ["-c", script], { encoding: "utf8", timeout: 30_000 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** Python decodes each hex string, unjellies with globalSecurity and prints repr(). */
function pythonDecodes(hexes: string[]): string[] {
  const script = `
import sys, json
from twisted.spread import banana, jelly
for h in json.loads(sys.stdin.read()):
    try:
        print(repr(jelly.unjelly(banana.decode(bytes.fromhex(h)), jelly.globalSecurity)))
    except Exception as e:
        print("ERROR", type(e).__name__, e)
`;
  const result = spawnSync(PYTHON, ["-c", script], { input: JSON.stringify(hexes), encoding: "utf8", timeout: 30_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trimEnd().split("\n");
}

const hex = (data: Uint8Array) => Buffer.from(data).toString("hex");

function pbEncode(sexp: BananaValue): Uint8Array {
  const banana = new Banana();
  banana.setPrefixLimit(64);
  banana.currentDialect = latin1Bytes("pb");
  return banana.encode(sexp);
}

describe.skipIf(!haveTwisted)("jelly and banana against real Twisted", () => {
  const python = haveTwisted ? pythonEncodings() : [];

  it.each(cases.map((c, i) => [c.name, i] as const))("%s: the engine writes Twisted's bytes in both dialects", (_name, index) => {
    const sexp = jelly(cases[index]!.ts, globalSecurity);
    expect(hex(encode(sexp))).toBe(python[index]!.none);
    expect(hex(pbEncode(sexp))).toBe(python[index]!.pb);
  });

  it("the engine reads Twisted's bytes back to the values it started from", () => {
    cases.forEach((c, index) => {
      if (c.ts instanceof Secret) return;
      const value = unjelly(decode(Buffer.from(python[index]!.none, "hex"))!, globalSecurity);
      expect(value, c.name).toEqual(c.ts);
    });
  });

  it("Python reads the engine's bytes as the values it wrote", () => {
    const engineHex = cases.map((c) => hex(encode(jelly(c.ts, globalSecurity))));
    const reprs = pythonDecodes(engineHex);
    const expected = pythonDecodes(python.map((p) => p.none));
    expect(reprs).toEqual(expected);
    expect(reprs.at(-1)).toBe("Unpersistable(\"Unpersistable data: b'instance of class __main__.Secret deemed insecure'\")");
  });

  it("an insecure instance arrives as Unpersistable with Twisted's reason", () => {
    const value = unjelly(decode(Buffer.from(python.at(-1)!.none, "hex"))!, globalSecurity);
    expect(value).toBeInstanceOf(Unpersistable);
    expect(String(value)).toBe("Unpersistable(\"Unpersistable data: b'instance of class __main__.Secret deemed insecure'\")");
  });
});
