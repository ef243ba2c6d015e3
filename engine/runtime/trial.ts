/**
 * Running a test module. A learner's file named `test_*.ts` is what trial
 * calls a test module: it exports TestCase classes and never calls
 * reactor.run() itself. The World (and `npm run serve`) runs such a file as
 * `trial FILE` would: load it, run every test on the reactor, print trial's
 * report, and stop.
 */
import { Deferred } from "../twisted/internet/defer";
import type { IReactor } from "../twisted/internet/interfaces";
import { Failure } from "../twisted/python/failure";
import { runTests, testCasesIn, type TrialSummary } from "../twisted/trial/runner";
import { runModule, type LearnerImporter, type ProgramError, type ProgramHooks } from "./program";

/** True for a file trial runs: `test_finger.ts`, as trial's default pattern test_*.py finds. */
export function isTrialFile(file: string): boolean {
  return /(^|\/)test_[^/]*\.ts$/.test(file) && !/\.tac\.ts$/.test(file);
}

/** The module name trial prints for `file`: its base name without .ts. */
export function trialModuleName(file: string): string {
  return file.replace(/^.*\//, "").replace(/\.ts$/, "");
}

/**
 * Loads `source` and, once the reactor runs, runs its tests; the reactor stops
 * after the report. Returns the load error, if the module did not load, and
 * otherwise the Deferred of the run's summary.
 */
export function runTrialFile(
  source: string,
  file: string,
  reactor: IReactor,
  print: (text: string, stream: "stdout" | "stderr") => void,
  hooks?: ProgramHooks,
  importLearner?: LearnerImporter,
): { error: ProgramError | null; summary: Deferred<TrialSummary> | null; describeThrown: (thrown: unknown) => ProgramError } {
  const loaded = runModule(source, file, print, hooks, importLearner);
  if (loaded.error) return { error: loaded.error, summary: null, describeThrown: loaded.describeThrown };
  const cases = testCasesIn(loaded.exports as Record<string, unknown>);
  const summary = new Deferred<TrialSummary>();
  reactor.callWhenRunning(() => {
    runTests(cases, trialModuleName(file), reactor, (line) => print(line, "stdout")).addBoth((result: unknown) => {
      reactor.stop();
      if (result instanceof Failure) summary.errback(result);
      else summary.callback(result as TrialSummary);
      return null;
    });
  });
  reactor.run();
  return { error: null, summary, describeThrown: loaded.describeThrown };
}
