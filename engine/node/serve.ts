/**
 * `npm run serve -- FILE.ts`: runs a learner's program on real sockets. The
 * very file that runs in the browser's simulation, importing
 * `twisted/internet` and friends, runs here unchanged on the NodeReactor:
 * ports as written, processes as real processes, Ctrl-C for a clean stop.
 * A `.tac.ts` file runs as `twistd -ny FILE` would: loaded, its application
 * started (ports bound, then the switch to its uid and gid, for real), and
 * what it prints goes to the log.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { installReactor } from "../twisted/internet/reactor";
import * as log from "../twisted/python/log";
import { formatProgramError } from "../runtime/world";
import { runModule } from "../runtime/program";
import { isTacFile } from "../runtime/twistd";
import { isTrialFile, runTrialFile } from "../runtime/trial";
import { runTwistd, TwistdError } from "../twisted/scripts/twistd";
import { NodeReactor } from "./node-reactor";
import { loadSqlite } from "../stdlib/sqlite3/loader";
import * as internet from "../twisted/internet";
import * as sys from "../stdlib/sys";
import { osFor } from "../stdlib/os";
import { stdioFor, type StandardStreams } from "../twisted/internet/stdio";

/** The interpreter a program finds in sys.executable: runs a course program as a plain script (python3-ts). */
export const INTERPRETER = path.join(path.dirname(new URL(import.meta.url).pathname), "python3-ts");

/** How serve runs a program. */
export interface ServeOptions {
  /** The program's arguments: sys.argv is [FILE, ...args]. */
  readonly args?: readonly string[];
  /**
   * Run as a plain script, as python3 FILE does: no log observer (a Python
   * program that never starts logging prints no log), and StandardIO on this
   * process's own stdin and stdout. A pool's workers run so.
   */
  readonly script?: boolean;
}

/** This process's own pipes, for StandardIO in a script. */
const processStreams: StandardStreams = {
  writeStdout: (data) => void process.stdout.write(data),
  closeStdout: () => void process.stdout.end(),
  onStdin: (listener) => void process.stdin.on("data", (data: Buffer) => listener(new Uint8Array(data))),
  onStdinClosed: (listener) => void process.stdin.on("end", listener),
};

/** The modules that are this process's own: its argv, the interpreter that runs it, its pid, its pipes. */
function processModules(file: string, options: ServeOptions): Record<string, unknown> {
  const modules: Record<string, unknown> = {
    sys: { ...sys, argv: [file, ...(options.args ?? [])], executable: INTERPRETER },
    os: osFor({ pid: process.pid, exit: (code) => process.exit(code) }),
  };
  if (options.script) {
    const stdio = stdioFor(processStreams);
    modules["twisted/internet/stdio"] = stdio;
    // The module's reactor binding is live: read it now, after installReactor.
    modules["twisted/internet"] = { ...internet, stdio };
  }
  return modules;
}

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
export function serve(file: string, out: (text: string) => void, err: (text: string) => void, options: ServeOptions = {}): Promise<number> {
  const reactor = new NodeReactor();
  installReactor(reactor);
  if (!options.script) {
    log.addObserver((event) => (event.isError ? err : out)(formatLogLine(event.text, new Date())));
    out(formatLogLine("Log opened.", new Date()));
  }
  const source = fs.readFileSync(file, "utf8");
  if (isTacFile(file)) return serveTac(reactor, source, path.basename(file), err);
  if (isTrialFile(file)) return serveTrial(reactor, source, path.basename(file), out, err);
  const sink = (text: string, stream: "stdout" | "stderr") => (stream === "stdout" ? out : err)(text);
  const { error, resumeAfterRun } = runModule(source, path.basename(file), sink, undefined, undefined, undefined, processModules(file, options));
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

/** Runs a test module as `trial FILE` does; resolves with 0 when every test passed, else 1. */
function serveTrial(reactor: NodeReactor, source: string, file: string, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { error, summary } = runTrialFile(source, file, reactor, (text, stream) => (stream === "stdout" ? out : err)(text));
  if (error) {
    err(formatProgramError(error));
    return Promise.resolve(1);
  }
  let passed = false;
  return new Promise((resolve) =>
    reactor.onStopped(() => {
      summary?.addCallback((result) => (passed = result.passed));
      resolve(passed ? 0 : 1);
    }),
  );
}

/** Runs an application configuration as `twistd -ny` does; resolves with the exit code. */
function serveTac(reactor: NodeReactor, source: string, file: string, err: (text: string) => void): Promise<number> {
  let loadError: ReturnType<typeof runModule>["error"] = null;
  try {
    runTwistd({
      file,
      reactor,
      runtime: `(Node ${process.version})`,
      reactorClass: "NodeReactor",
      load: () => {
        // Under twistd, what the file prints goes to the log.
        const run = runModule(source, file, (text, stream) => log.publish({ text, isError: stream === "stderr", system: stream }));
        loadError = run.error;
        return { exports: run.exports, error: run.error?.message ?? null };
      },
      switchUser: (uid, gid) => {
        // util.switchUID: the group first (while we may still change it), then the user unless it is already ours.
        if (gid !== null) process.setgid!(gid);
        if (uid !== null && uid !== process.getuid!()) process.setuid!(uid);
      },
    });
  } catch (thrown) {
    if (!(thrown instanceof TwistdError)) throw thrown;
    if (loadError) err(formatProgramError(loadError));
    err(thrown.message);
    return Promise.resolve(1);
  }
  return new Promise((resolve) => reactor.onStopped(() => resolve(0)));
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const script = process.argv[2] === "--script";
  const [file, ...args] = process.argv.slice(script ? 3 : 2);
  if (!file || file === "--help" || file === "-h") {
    process.stderr.write("usage: npm run serve -- FILE.ts [ARG...]   (runs a lesson program on real sockets; Ctrl-C stops it)\n");
    process.exit(2);
  }
  // SQLite (sql.js, WebAssembly) loads asynchronously; the program then uses it synchronously, as Python's sqlite3.
  void loadSqlite()
    .then(() => serve(file, (t) => process.stdout.write(`${t}\n`), (t) => process.stderr.write(`${t}\n`), { args, script }))
    .then((code) => process.exit(code));
}
