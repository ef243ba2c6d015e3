/**
 * Bundles the runner worker (app/runner/runner.worker.ts and the engine it
 * holds) into one self-contained script: public/generated/runner-worker.js.
 *
 * The runner starts its workers from blob: URLs inside a sandboxed frame
 * whose Content Security Policy allows no script from anywhere (see
 * runner-frame.ts), so the worker cannot load chunks the way a bundler's
 * worker entry does: everything it needs must be in the one file the page
 * hands the frame. Names are kept (keepNames), so a learner never sees a
 * minified class name in a Failure or a log line.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outFile = path.join(root, "public", "generated", "runner-worker.js");

mkdirSync(path.dirname(outFile), { recursive: true });
const result = await build({
  entryPoints: [path.join(root, "app", "runner", "runner.worker.ts")],
  bundle: true,
  format: "iife",
  target: "es2022",
  minify: true,
  keepNames: true,
  legalComments: "none",
  outfile: outFile,
  logLevel: "warning",
  metafile: true,
});
// SQLite compiled to WebAssembly: the page fetches it and the frame compiles it once for every worker (see
// runner-frame.ts). It is the wasm that sql.js's browser build (the one bundled above) was made with.
copyFileSync(path.join(root, "node_modules", "sql.js", "dist", "sql-wasm-browser.wasm"), path.join(path.dirname(outFile), "sql-wasm.wasm"));
const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
console.log(`runner worker: ${path.relative(root, outFile)} (${Math.round(bytes / 1024)} KiB)`);
