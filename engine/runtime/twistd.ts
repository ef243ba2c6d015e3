/**
 * Running a Twisted application configuration. A learner's file whose name
 * ends in `.tac.ts` is what Twisted calls a .tac file: it defines an
 * `application` and never calls reactor.run() itself. The World runs such a
 * file as `twistd -ny FILE` would (twisted/scripts/twistd.ts does the
 * starting); everywhere else (the Run button, checks, the debugger) it
 * behaves like any program.
 */
import * as log from "../twisted/python/log";
import type { SimulatedReactor } from "../twisted/internet/simulated-reactor";
import { runTwistd, TwistdError } from "../twisted/scripts/twistd";
import { runModule, type LearnerImporter, type ProgramError, type ProgramHooks } from "./program";

/** True for a file twistd runs: `finger.tac.ts`. */
export function isTacFile(file: string): boolean {
  return /\.tac\.ts$/.test(file);
}

/**
 * Runs `source` as `twistd -ny FILE`: loads it, starts its application and
 * the reactor. Under twistd, what the file prints goes to the log, as
 * twistd redirects standard output there. Returns null once the reactor is
 * running, or why twistd gave up (the location is the file's own error's,
 * when loading failed). `importLearner` finds the learner's own modules the
 * file imports (its finger library).
 */
export function runTacFile(
  source: string,
  file: string,
  reactor: SimulatedReactor,
  hooks?: ProgramHooks,
  importLearner?: LearnerImporter,
): ProgramError | null {
  let loadError: ProgramError | null = null;
  try {
    runTwistd({
      file,
      reactor,
      runtime: "(simulated Twisted)",
      reactorClass: "SimulatedReactor",
      load: () => {
        const run = runModule(source, file, printToLog, hooks, importLearner);
        loadError = run.error;
        return { exports: run.exports, error: run.error?.message ?? null };
      },
    });
  } catch (thrown) {
    if (!(thrown instanceof TwistdError)) throw thrown;
    const location = (loadError as ProgramError | null)?.location ?? null;
    return { kind: (loadError as ProgramError | null)?.kind ?? "exception", message: thrown.message, location };
  }
  return null;
}

function printToLog(text: string, stream: "stdout" | "stderr"): void {
  log.publish({ text, isError: stream === "stderr", system: stream });
}
