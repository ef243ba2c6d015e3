/**
 * `python3 FILE ARGS...` on the simulated host: runs one of the learner's
 * programs as a child process, the way a process pool starts its workers
 * (spawnProcess(proto, sys.executable, [sys.executable, FILE, "child"])).
 * The child is a process of its own: its pid, its argv, its stdin and stdout
 * are the pipes its parent holds, its reactor (child-reactor.ts) runs and
 * stops with it, os._exit ends it, and an exception that escapes its top
 * level is a traceback on its stderr with exit status 1, as in Python.
 * FILE is the program the world runs (its source is in memory) or a file
 * on the host.
 */
import { normalizePath } from "../twisted/python/paths";
import * as internet from "../twisted/internet";
import * as sys from "../stdlib/sys";
import { osFor } from "../stdlib/os";
import { stdioFor, type StandardStreams } from "../twisted/internet/stdio";
import type { SimulatedReactor } from "../twisted/internet/simulated-reactor";
import type { ProcessContext, SimulatedCommand } from "../simulation/commands";
import { childReactor } from "./child-reactor";
import { describeLoadError, LearnerModules } from "./learner-modules";
import { runModule, type ProgramError, type ProgramHooks } from "./program";

/** What the command needs from the world: its loop, the program it runs, and the hooks that guard learner code. */
export interface ChildProgramWorld {
  readonly reactor: SimulatedReactor;
  /** The world's own program, if one is loaded: a child may run it again (a pool's workers do). */
  program(): { readonly source: string; readonly file: string } | null;
  /** The block guard and recording hooks the world's program runs under. */
  hooks(): ProgramHooks;
  /**
   * Runs a child's code with the world's log not echoed: a child's log.msg
   * (AMP's "connection established") is its own, and a Python child that
   * never started logging prints none of it.
   */
  quietly<T>(f: () => T): T;
}

/** The `python3` command: runs a learner program as a child process. */
export function childProgramCommand(world: ChildProgramWorld): SimulatedCommand {
  return (proc) => {
    const script = proc.args[0];
    if (script === undefined) {
      proc.stderr(`${proc.argv0}: the course's interpreter runs a program file: ${proc.argv0} FILE [ARG...]\n`);
      return 2;
    }
    const found = findProgram(world, proc, script);
    if (!found) {
      proc.stderr(`${proc.argv0}: can't open file '${normalizePath(script, proc.cwd)}': [Errno 2] No such file or directory\n`);
      return 2;
    }
    return runChild(world, proc, found.source, found.file, script);
  };
}

function findProgram(world: ChildProgramWorld, proc: ProcessContext, script: string): { source: string; file: string } | null {
  const path = normalizePath(script, proc.cwd);
  const own = world.program();
  if (own && (script === own.file || path === normalizePath(own.file, "/"))) return own;
  if (proc.fs.isFile(path)) return { source: proc.fs.read(path), file: script };
  return null;
}

function runChild(world: ChildProgramWorld, proc: ProcessContext, source: string, file: string, script: string): number | void {
  let alive = true;
  let resumeAfterRun: (() => ProgramError | null) | null = null;
  const end = (code: number) => {
    if (!alive) return;
    alive = false;
    timers.cancelTimers();
    proc.exit(code);
  };
  const timers = childReactor(world.reactor, {
    get alive() {
      return alive && proc.running;
    },
    enter: (f) => world.quietly(f),
    stopped: () => {
      // What follows run() in the child's program runs now, then the process exits, as in Python.
      const late = resumeAfterRun ? world.quietly(resumeAfterRun) : null;
      if (late) reportTraceback(proc, late);
      end(late ? 1 : 0);
    },
  });
  const stdinListeners: ((data: Uint8Array) => void)[] = [];
  const streams: StandardStreams = {
    writeStdout: (data) => alive && proc.stdout(data),
    closeStdout: () => undefined,
    onStdin: (listener) => {
      stdinListeners.push(listener);
      if (stdinListeners.length === 1) proc.onStdinBytes((data) => alive && world.quietly(() => stdinListeners.forEach((l) => l(data))));
    },
    onStdinClosed: (listener) => proc.onStdinClosed(() => alive && world.quietly(listener)),
  };
  const processModules = {
    "twisted/internet": { ...internet, reactor: timers.reactor, stdio: stdioFor(streams) },
    "twisted/internet/stdio": stdioFor(streams),
    os: osFor({ pid: proc.pid, exit: end }),
    sys: { ...sys, argv: [script, ...proc.args.slice(1)] },
  };
  const sink = (text: string, stream: "stdout" | "stderr") => {
    if (!alive) return;
    const line = `${text}\n`;
    if (stream === "stdout") proc.stdout(line);
    else proc.stderr(line);
  };
  // The block guard watches the child too; its lines are not recorded: the debugger follows the program the learner runs,
  // and a worker's CPU-heavy loops would fill the trace.
  const guarded = world.hooks();
  // Compiled as the program was (a cache hit, see program.ts), but the line hook records nothing.
  const hooks: ProgramHooks = { recordLines: guarded.recordLines, line() {}, guard: (line) => guarded.guard(line) };
  const modules = new LearnerModules(filesOf(proc), sink, hooks);
  const run = world.quietly(() => runModule(source, file, sink, hooks, modules.importFrom, { exports: {} }, processModules));
  resumeAfterRun = run.resumeAfterRun;
  if (run.error) {
    reportTraceback(proc, run.error);
    end(1);
    return;
  }
  // A program that never started its reactor has ended with its top level, as a Python script does.
  if (!timers.reactor.running && alive) end(0);
}

function reportTraceback(proc: ProcessContext, error: ProgramError): void {
  proc.stderr(`${describeLoadError(error)}\n`);
}

function filesOf(proc: ProcessContext) {
  return {
    read: (file: string) => {
      const path = normalizePath(file, proc.cwd);
      return proc.fs.isFile(path) ? proc.fs.read(path) : null;
    },
    list: (directory: string) => {
      const path = normalizePath(directory, proc.cwd);
      return proc.fs.isDirectory(path) ? proc.fs.list(path).map((entry) => entry.name) : [];
    },
  };
}
