/**
 * Emits the engine's Twisted modules as declaration files for the editor, so
 * Monaco offers completions and hover docs for `reactor`, `basic.LineReceiver`,
 * `defer.Deferred` and the rest. Output: public/generated/twisted-types.json,
 * a list of { path, text } that the editor registers with addExtraLib.
 *
 * Only what a learner can import goes in: the declarations reachable from the
 * learner's module paths, without members marked @internal. The script fails
 * if one of them still needs a module outside twisted/, zope/ and the standard
 * library (the simulation or the trace would leak into the editor).
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { learnerModuleNames } from "../engine";

const root = path.resolve(import.meta.dirname, "..");
const sourceDir = path.join(root, "engine", "twisted");
const outFile = path.join(root, "public", "generated", "twisted-types.json");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts") ? [full] : [];
  });
}

const files: { path: string; text: string }[] = [];
/** Declarations by path relative to engine/ ("twisted/internet/defer.d.ts"). */
const emitted = new Map<string, string>();
const stdlibDir = path.join(root, "engine", "stdlib");
const zopeDir = path.join(root, "engine", "zope");
const program = ts.createProgram([...sources(sourceDir), ...sources(stdlibDir), ...sources(zopeDir), path.join(root, "engine", "globals.d.ts")], {
  declaration: true,
  emitDeclarationOnly: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  skipLibCheck: true,
  lib: ["lib.es2022.d.ts"],
  types: [],
  outDir: path.join(root, ".editor-types"),
  rootDir: path.join(root, "engine"),
  stripInternal: true,
});
const result = program.emit(undefined, (fileName, text) => {
  const relative = path.relative(path.join(root, ".editor-types"), fileName).split(path.sep).join("/");
  // engine/twisted/... becomes the "twisted" package; modules it imports
  // (engine/simulation/...) sit beside it so relative imports still resolve.
  emitted.set(relative, text);
});
const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errors.length || result.emitSkipped) {
  console.error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  process.exit(1);
}
for (const [relative, text] of learnerFacing()) files.push({ path: `file:///node_modules/${relative}`, text });
files.push({ path: "file:///node_modules/twisted/package.json", text: JSON.stringify({ name: "twisted" }) });
files.push({ path: "file:///node_modules/zope/package.json", text: JSON.stringify({ name: "zope" }) });
// Python's standard modules that lessons import by bare name (`import { sleep } from "time"`).
for (const name of readdirSync(stdlibDir).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))) {
  const module = name.replace(/\.ts$/, "");
  files.push({ path: `file:///node_modules/${module}/index.d.ts`, text: `export * from "../stdlib/${module}";\n` });
}
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(files));
console.log(`editor types: ${files.length} files -> ${path.relative(root, outFile)}`);

/** The declarations a learner's imports reach, following each file's own imports. */
function learnerFacing(): Map<string, string> {
  const kept = new Map<string, string>();
  const entries = learnerModuleNames.map((name) => (/^(twisted|zope)\//.test(name) || name === "twisted" ? name : `stdlib/${name}`));
  const queue: { file: string; from: string }[] = [...entries.map((name) => resolveDeclaration(name)), "globals.d.ts"]
    .filter((file): file is string => file !== null)
    .map((file) => ({ file, from: "a learner's import" }));
  while (queue.length > 0) {
    const { file, from } = queue.pop()!;
    if (kept.has(file)) continue;
    const text = emitted.get(file);
    if (text === undefined) continue;
    if (!/^(twisted|stdlib|zope)\//.test(file) && file !== "globals.d.ts") {
      console.error(`editor types: ${from} needs ${file}; mark what uses it @internal or move it into twisted/`);
      process.exit(1);
    }
    kept.set(file, text);
    for (const match of text.matchAll(/(?:from |import\()"(\.{1,2}\/[^"]+)"/g)) {
      const target = resolveDeclaration(path.posix.join(path.posix.dirname(file), match[1]!));
      if (target) queue.push({ file: target, from: file });
    }
  }
  return kept;
}

/** "twisted/internet" -> "twisted/internet/index.d.ts", "twisted/internet/defer" -> "twisted/internet/defer.d.ts". */
function resolveDeclaration(modulePath: string): string | null {
  for (const candidate of [`${modulePath}.d.ts`, `${modulePath}/index.d.ts`]) if (emitted.has(candidate)) return candidate;
  return null;
}
