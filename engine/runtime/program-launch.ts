/**
 * How a world runs its program's file, by its name: a .tac file under twistd,
 * which starts the reactor for it (see twistd.ts); a test_*.ts module under
 * trial, which starts the reactor for its tests (see trial.ts); any other file
 * as a module, with sys.argv naming it, until its reactor.run().
 */
import type { HostedReactor } from "../simulation/simulated-network";
import * as sys from "../stdlib/sys";
import { runModule, type ConsoleSink, type LearnerImporter, type ModuleRun, type ProgramError, type ProgramHooks } from "./program";
import { isTrialFile, runTrialFile } from "./trial";
import { isTacFile, runTacFile } from "./twistd";

/** What running the file's top level left: its error, the rest after reactor.run(), and how to describe what it throws later. */
export type Launched = Pick<ModuleRun, "error" | "resumeAfterRun" | "describeThrown">;

/**
 * Runs `source` as `file` says (see the module's comment), printing through `print`.
 * @param describeTacThrown how to describe what a .tac program throws later (twistd gives none of its own).
 */
export function launchProgram(
  source: string,
  file: string,
  reactor: HostedReactor,
  print: ConsoleSink,
  hooks: ProgramHooks,
  importFrom: LearnerImporter,
  describeTacThrown: (thrown: unknown) => ProgramError,
): Launched {
  if (isTacFile(file)) return { error: runTacFile(source, file, reactor, hooks, importFrom), resumeAfterRun: null, describeThrown: describeTacThrown };
  if (isTrialFile(file)) return { ...runTrialFile(source, file, reactor, print, hooks, importFrom), resumeAfterRun: null };
  return runModule(source, file, print, hooks, importFrom, undefined, { sys: { ...sys, argv: [file] } });
}
