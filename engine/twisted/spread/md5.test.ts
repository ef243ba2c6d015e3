import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { md5 } from "./md5";

describe("md5", () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 200])("matches Node's MD5 for %i bytes", (length) => {
    const data = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
    expect(Buffer.from(md5(data)).toString("hex")).toBe(createHash("md5").update(data).digest("hex"));
  });
});
