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
  it("hold only modules a learner can import: Twisted's, zope.interface's and the standard library's", () => {
    const outside = files.map((file) => file.path.replace("file:///node_modules/", "")).filter((p) => !/^(twisted|zope|stdlib|time|pwd|html|builtins)\//.test(p));
    expect(outside).toEqual([]);
    expect(files.some((file) => file.path.endsWith("twisted/internet/defer.d.ts"))).toBe(true);
    expect(files.some((file) => /simulated-reactor|differential|trace\//.test(file.path))).toBe(false);
  });

  it("keep no engine-internal members", () => {
    for (const file of files) expect(file.text, file.path).not.toMatch(/traceLabel|SourceLocation|declarationHooks|specificationsOf|isInterface|recordModule/);
    expect(files.some((file) => file.path.endsWith("zope/interface/repr.d.ts"))).toBe(false);
  });

  it("declare zope/interface and the interfaces Twisted's modules declare, with their docs", () => {
    const zope = files.find((file) => file.path.endsWith("zope/interface/index.d.ts"))!.text;
    expect(zope).toMatch(/export \{[^}]*\bimplementer\b[^}]*\} from "\.\/declarations"/);
    const iface = files.find((file) => file.path.endsWith("zope/interface/interface.d.ts"))!.text;
    expect(iface).toMatch(/Declares a method of an interface by its parameter names[^/]*\*\/\s*export declare function method/);
    const resource = files.find((file) => file.path.endsWith("twisted/web/resource.d.ts"))!.text;
    expect(resource).toMatch(/The interface of web resources[^/]*\*\/\s*export declare const IResource: InterfaceClass<IResource>/);
    expect(resource).toMatch(/The child for path segment `path`[^/]*\*\/\s*getChildWithDefault/);
    const interfaces = files.find((file) => file.path.endsWith("twisted/internet/interfaces.d.ts"))!.text;
    expect(interfaces).toMatch(/export declare const IProtocolFactory: [^;]*InterfaceClass</);
  });

  it("put Deferred's description right above the class, so hovering it shows the description", () => {
    const core = files.find((file) => file.path.endsWith("twisted/internet/defer-core.d.ts"))!.text;
    expect(core).toMatch(/A result that is not there yet\.[^/]*\*\/\s*export declare class Deferred/);
  });
});
