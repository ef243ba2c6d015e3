/**
 * `npm run serve -- FILE.ts`: runs a learner's program on real sockets. The
 * very file that runs in the browser's simulation, importing
 * `twisted/internet` and friends, runs here unchanged on the NodeReactor:
 * ports as written, processes as real processes, Ctrl-C for a clean stop.
 * A `.tac.ts` file runs as `twistd -ny FILE` would run it, as in the browser.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { installReactor } from "../twisted/internet/reactor";
import * as log from "../twisted/python/log";
import { formatProgramError } from "../runtime/world";
import { runModule, type ConsoleSink, type ModuleRun } from "../runtime/program";
import { isTacFile } from "../runtime/twistd";
import { runTwistd, TwistdError } from "../twisted/scripts/twistd";
import { NodeReactor } from "./node-reactor";

/** Twisted's log line format: "2026-01-02 03:04:05+0000 [-] text", continuation lines indented. */
export function formatLogLine(text: string, when: Date): string {
  const stamp = when.toISOString().replace("T", " ").replace(/\.\d+Z$/, "+0000");
  return `${stamp} [-] ${text.split("\n").join("\n\t")}`;
}

/**
 * Runs `file` on a fresh NodeReactor. Resolves with the exit code once the
 * program has ended: at once if it never called reactor.run(), otherwise
 * when the reactor stops (Ctrl-C, SIGTERM or reactor.stop()).
 */
export function serve(file: string, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const reactor = new NodeReactor();
  installReactor(reactor);
  log.addObserver((event) => (event.isError ? err : out)(formatLogLine(event.text, new Date())));
  out(formatLogLine("Log opened.", new Date()));
  const source = fs.readFileSync(file, "utf8");
  const print: ConsoleSink = (text, stream) => (stream === "stdout" ? out : err)(text);
  if (isTacFile(file)) {
    const failed = runTac(source, path.basename(file), reactor, print);
    if (failed) {
      err(failed);
      return Promise.resolve(1);
    }
    return new Promise((resolve) => reactor.onStopped(() => resolve(0)));
  }
  const { error, resumeAfterRun } = runModule(source, path.basename(file), print);
  if (error) {
    err(formatProgramError(error));
    return Promise.resolve(1);
  }
  if (!reactor.hasStarted) return Promise.resolve(0);
  return new Promise((resolve) =>
    reactor.onStopped(() => {
      // What the program does after reactor.run() runs now, as run() returns in Python.
      const late = resumeAfterRun?.() ?? null;
      if (late) err(formatProgramError(late));
      resolve(late ? 1 : 0);
    }),
  );
}

/**
 * Runs a .tac.ts file as `twistd -ny` does: its application's services bind
 * their ports, then start, and the reactor runs. Returns why twistd gave up
 * (a load error, no application, a port taken), or null once it runs.
 */
function runTac(source: string, file: string, reactor: NodeReactor, print: ConsoleSink): string | null {
  let loaded: ModuleRun | null = null;
  try {
    runTwistd({
      file,
      reactor,
      runtime: "(Node)",
      reactorClass: "NodeReactor",
      load: () => {
        loaded = runModule(source, file, print);
        return { exports: loaded.exports, error: loaded.error?.message ?? null };
      },
    });
  } catch (thrown) {
    if (!(thrown instanceof TwistdError)) throw thrown;
    const error = (loaded as ModuleRun | null)?.error;
    return error ? `${thrown.message}\n${formatProgramError(error)}` : thrown.message;
  }
  return null;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const file = process.argv[2];
  if (!file || file === "--help" || file === "-h") {
    process.stderr.write("usage: npm run serve -- FILE.ts   (runs a lesson program on real sockets; Ctrl-C stops it)\n");
    process.exit(2);
  }
  serve(file, (t) => process.stdout.write(`${t}\n`), (t) => process.stderr.write(`${t}\n`)).then((code) => process.exit(code));
}
