/**
 * Every program a learner sees in the editor (each step's start and solution)
 * type-checks against the declarations the editor loads, with the editor's own
 * compiler options: a solution that Monaco underlines in red would tell the
 * learner the right answer is wrong.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourse } from "./load";

const root = path.resolve(import.meta.dirname, "..");
const workspace = mkdtempSync(path.join(tmpdir(), "lesson-types-"));

/** The options app/lesson/monaco-setup.ts gives Monaco's TypeScript worker. */
const EDITOR_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  strict: true,
  noImplicitAny: false,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
  noEmit: true,
};

function writeInWorkspace(relative: string, text: string): string {
  const target = path.join(workspace, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}

function typeErrors(programs: string[]): string[] {
  const program = ts.createProgram(programs, EDITOR_OPTIONS);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.relative(workspace, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

beforeAll(() => {
  const built = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/build-editor-types.ts"], { cwd: root, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
  const declarations: { path: string; text: string }[] = JSON.parse(readFileSync(path.join(root, "public/generated/twisted-types.json"), "utf8"));
  for (const file of declarations) writeInWorkspace(file.path.replace("file:///", ""), file.text);
}, 120_000);

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe("the course's programs in the editor", () => {
  it("type-check, every step's start and solution", () => {
    const programs: string[] = [];
    for (const chapter of loadCourse().chapters) {
      for (const step of chapter.steps) {
        for (const side of ["start", "solution"]) {
          // The editor knows the step's other files too (see CodeEditor's otherFiles): imports of them are typed.
          for (const [other, text] of Object.entries(step.otherFiles)) writeInWorkspace(path.join(chapter.slug, step.slug, side, other), text);
        }
        programs.push(writeInWorkspace(path.join(chapter.slug, step.slug, "start", step.file), step.start));
        programs.push(writeInWorkspace(path.join(chapter.slug, step.slug, "solution", step.file), step.solution));
      }
    }
    expect(programs.length).toBeGreaterThan(100);
    expect(typeErrors(programs)).toEqual([]);
  }, 120_000);

  it("would catch a misspelt Twisted method and a wrong type", () => {
    const mistaken = writeInWorkspace("mistaken/finger.ts", 'import { reactor } from "twisted/internet";\nreactor.callLatr(1, () => 1);\nconst port: number = "79";\n');
    const errors = typeErrors([mistaken]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^mistaken\/finger\.ts:2 Property 'callLatr' does not exist/);
    expect(errors[1]).toMatch(/^mistaken\/finger\.ts:3 Type 'string' is not assignable to type 'number'/);
  });
});
