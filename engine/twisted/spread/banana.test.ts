import { describe, expect, it } from "vitest";
import { Banana, BananaError, SIZE_LIMIT, decode, encode, int2b128, latin1Bytes, type BananaValue } from "./banana";

function collector(): { banana: Banana; got: BananaValue[] } {
  const banana = new Banana();
  banana.setPrefixLimit(64);
  banana.currentDialect = latin1Bytes("none");
  const got: BananaValue[] = [];
  banana.expressionReceived = (expression) => got.push(expression);
  return { banana, got };
}

function prefix(n: number): number[] {
  const out: number[] = [];
  int2b128(n, (bytes) => out.push(...bytes));
  return out;
}

describe("banana", () => {
  it("decodes an expression that arrives one byte at a time", () => {
    const { banana, got } = collector();
    const bytes = encode([1, [latin1Bytes("ab"), -3], 2.5]);
    for (const byte of bytes) banana.dataReceived(Uint8Array.of(byte));
    expect(got).toEqual([[1, [latin1Bytes("ab"), -3], 2.5]]);
  });

  it("refuses a string longer than SIZE_LIMIT before reading it, as Twisted does", () => {
    const { banana } = collector();
    expect(() => banana.dataReceived(Uint8Array.from([...prefix(SIZE_LIMIT + 1), 0x82]))).toThrow(new BananaError("Security precaution: String too long."));
  });

  it("refuses a list longer than SIZE_LIMIT", () => {
    const { banana } = collector();
    expect(() => banana.dataReceived(Uint8Array.from([...prefix(SIZE_LIMIT + 1), 0x80]))).toThrow("Security precaution: List too long.");
  });

  it("refuses more than 64 bytes of prefix", () => {
    const { banana } = collector();
    expect(() => banana.dataReceived(new Uint8Array(65).fill(1))).toThrow("Security precaution: more than 64 bytes of prefix");
  });

  it("refuses an unknown type byte", () => {
    const { banana } = collector();
    expect(() => banana.dataReceived(Uint8Array.of(1, 0xff))).toThrow("Invalid Type Byte b'\\xff'");
  });

  it("will not send a str or an oversized byte string", () => {
    expect(() => encode(["text" as unknown as BananaValue])).toThrow("Banana cannot send builtins.str objects: text");
    expect(() => encode(new Uint8Array(SIZE_LIMIT + 1))).toThrow(`byte string is too long to send (${SIZE_LIMIT + 1})`);
  });

  it("round-trips large integers through bigint", () => {
    expect(decode(encode(2n ** 100n))).toBe(2n ** 100n);
    expect(decode(encode(-(2n ** 40n)))).toBe(-(2 ** 40));
  });
});
