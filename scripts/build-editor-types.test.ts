import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
let files: { path: string; text: string }[];

beforeAll(() => {
  const built = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/build-editor-types.ts"], { cwd: root, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
  files = JSON.parse(readFileSync(path.join(root, "public/generated/twisted-types.json"), "utf8"));
}, 120_000);

describe("the editor's Twisted declarations", () => {
  it("hold only modules a learner can import: Twisted's and the standard library's", () => {
    const outside = files.map((file) => file.path.replace("file:///node_modules/", "")).filter((p) => !/^(twisted|stdlib|time|pwd|html)\//.test(p));
    expect(outside).toEqual([]);
    expect(files.some((file) => file.path.endsWith("twisted/internet/defer.d.ts"))).toBe(true);
    expect(files.some((file) => /simulated-reactor|differential|trace\//.test(file.path))).toBe(false);
  });

  it("keep no engine-internal members", () => {
    for (const file of files) expect(file.text, file.path).not.toMatch(/traceLabel|SourceLocation/);
  });

  it("put Deferred's description right above the class, so hovering it shows the description", () => {
    const core = files.find((file) => file.path.endsWith("twisted/internet/defer-core.d.ts"))!.text;
    expect(core).toMatch(/A result that is not there yet\.[^/]*\*\/\s*export declare class Deferred/);
  });
});
