import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
let files: { path: string; text: string }[];

beforeAll(() => {
  const built = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/build-editor-types.ts"], { cwd: root, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
  files = JSON.parse(readFileSync(path.join(root, "public/generated/twisted-types.json"), "utf8"));
}, 120_000);

describe("the editor's Twisted declarations", () => {
  it("hold only modules a learner can import: Twisted's, zope.interface's, the standard library's (os and sys among them) and the course's pagesupport", () => {
    const outside = files.map((file) => file.path.replace("file:///node_modules/", "")).filter((p) => !/^(twisted|zope|stdlib|time|pwd|html|builtins|sys|os|textwrap|getopt|pagesupport)\//.test(p));
    expect(outside).toEqual([]);
    expect(files.some((file) => file.path.endsWith("twisted/internet/defer.d.ts"))).toBe(true);
    expect(files.some((file) => /simulated-reactor|differential|trace\//.test(file.path))).toBe(false);
  });

  it("keep no engine-internal members", () => {
    for (const file of files) expect(file.text, file.path).not.toMatch(/traceLabel|SourceLocation|declarationHooks|specificationsOf|isInterface|recordModule|PageLoop|enterPageLoop/);
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

/** A stage-4 program as a learner types it in the editor, with one mistake the editor must flag. */
const COMPONENTS_PROGRAM = `
import { Interface, implementer, method, verify } from "zope/interface";
import { components } from "twisted/python";
import { defer } from "twisted/internet";
import { resource } from "twisted/web";

interface IFingerService {
  /** Return a deferred returning a string. */
  getUser(user: string): defer.Deferred<string>;
}
const IFingerService = Interface<IFingerService>("IFingerService", { getUser: method("user") });

class FingerService implements IFingerService {
  getUser(user: string) {
    return defer.succeed("No such user");
  }
}
implementer(IFingerService)(FingerService);

class UserStatusTree extends resource.Resource {
  constructor(private service: IFingerService) {
    super();
  }
}
components.registerAdapter(UserStatusTree, IFingerService, resource.IResource);
const root: resource.IResource = resource.IResource(new FingerService());
const status: defer.Deferred<string> = IFingerService(new FingerService()).getUser("moshez");
verify.verifyObject(IFingerService, new FingerService());
const IWrong = Interface<IFingerService>("IWrong", { getUser: method("user", "extra") });
`;

describe("a learner's program against the editor's declarations", () => {
  it("type-checks interfaces, implementer and adapters, and flags a method declared with the wrong parameters", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "editor-types-"));
    try {
      for (const file of files) {
        const target = path.join(dir, file.path.replace("file:///", ""));
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, file.text);
      }
      const program = path.join(dir, "finger.tac.ts");
      writeFileSync(program, COMPONENTS_PROGRAM);
      // The editor's own compiler options (app/lesson/monaco-setup.ts).
      const checked = ts.createProgram([program], {
        target: ts.ScriptTarget.ES2020,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        strict: true,
        noImplicitAny: false,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        types: [],
        noEmit: true,
      });
      const errors = ts.getPreEmitDiagnostics(checked).map((d) => `${d.start === undefined ? "" : d.file!.getLineAndCharacterOfPosition(d.start).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^29: Type .Method<2>. is not assignable to type .Method<1>./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
