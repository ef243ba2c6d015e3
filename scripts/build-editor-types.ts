/**
 * Emits the engine's Twisted modules as declaration files for the editor, so
 * Monaco offers completions and hover docs for `reactor`, `basic.LineReceiver`,
 * `defer.Deferred` and the rest. Output: public/generated/twisted-types.json,
 * a list of { path, text } that the editor registers with addExtraLib.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

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
const stdlibDir = path.join(root, "engine", "stdlib");
const program = ts.createProgram([...sources(sourceDir), ...sources(stdlibDir), path.join(root, "engine", "globals.d.ts")], {
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
});
const result = program.emit(undefined, (fileName, text) => {
  const relative = path.relative(path.join(root, ".editor-types"), fileName).split(path.sep).join("/");
  // engine/twisted/... becomes the "twisted" package; modules it imports
  // (engine/simulation/...) sit beside it so relative imports still resolve.
  files.push({ path: `file:///node_modules/${relative}`, text });
});
const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errors.length || result.emitSkipped) {
  console.error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  process.exit(1);
}
files.push({ path: "file:///node_modules/twisted/package.json", text: JSON.stringify({ name: "twisted", types: "index.d.ts" }) });
// Python's standard modules that lessons import by bare name (`import { sleep } from "time"`).
for (const name of readdirSync(stdlibDir).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))) {
  const module = name.replace(/\.ts$/, "");
  files.push({ path: `file:///node_modules/${module}/index.d.ts`, text: `export * from "../stdlib/${module}";\n` });
}
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(files));
console.log(`editor types: ${files.length} files -> ${path.relative(root, outFile)}`);
