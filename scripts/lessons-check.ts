/**
 * npm run lessons:check — validates every lesson (errors name the file and
 * the field), runs every solution against its checks (all must pass) and every
 * start (at least one must fail, except reading steps), and, where real
 * Twisted is installed, runs each Python twin over loopback with the same
 * scenarios and compares its transcript byte for byte with the solution's.
 *
 * Options: --no-twins skips the real-Twisted comparison; a step id or
 * chapter/step path (with or without the folders' numbers) limits the run to matching steps.
 */
import path from "node:path";
import { SimulatedDriver, checkSetup, runCheck, runChecks, type Check, type CheckRun } from "../engine";
import { LessonError, loadCourse, stepSetup, twinFileName } from "../lessons/load";
import type { Step } from "../lessons/schema";
import { PythonTwinDriver, realTwistedAvailable } from "../lessons/tools/python-twin-driver";
import { useScratchTmpdir } from "./scratch-tmpdir";

const args = process.argv.slice(2);
const skipTwins = args.includes("--no-twins");
const filters = args.filter((arg) => !arg.startsWith("--"));
const root = path.join(process.cwd(), "lessons");

async function main(): Promise<number> {
  let course;
  try {
    course = loadCourse(root);
  } catch (error) {
    if (error instanceof LessonError) {
      console.error(`✗ ${error.message}`);
      return 1;
    }
    throw error;
  }
  const twins = !skipTwins && realTwistedAvailable();
  if (!skipTwins && !twins) console.log("! Real Twisted (/usr/bin/python3 with python3-twisted) is not installed: Python twins are not compared.");
  let problems = 0;
  let failedSteps = 0;
  let steps = 0;
  let checks = 0;
  let compared = 0;
  for (const chapter of course.chapters) {
    for (const step of chapter.steps) {
      const where = `${chapter.slug}/${step.slug}`;
      if (filters.length && !filters.some((f) => where.includes(f) || step.dir.includes(f) || step.id === f)) continue;
      steps++;
      checks += step.checks.length;
      const found = await checkStep(step, twins);
      compared += found.compared;
      for (const problem of found.problems) console.error(`✗ ${where}: ${problem}`);
      problems += found.problems.length;
      if (found.problems.length > 0) failedSteps++;
      if (found.problems.length === 0) console.log(`✓ ${where} (${step.checks.length} checks${found.compared ? `, ${found.compared} twin transcripts match` : ""})`);
    }
  }
  console.log(`\n${steps} steps, ${checks} checks, ${compared} twin transcripts compared with real Twisted.`);
  console.log(`${steps - failedSteps} passed, ${failedSteps} failed${problems > failedSteps ? ` (${problems} problems)` : ""}`);
  return problems ? 1 : 0;
}

async function checkStep(step: Step, twins: boolean): Promise<{ problems: string[]; compared: number }> {
  const problems: string[] = [];
  const setup = stepSetup(step);
  for (const result of await runChecks(step.solution, step.file, step.checks, setup)) {
    if (!result.passed) problems.push(`the solution fails "${result.title}": ${result.detail}`);
  }
  const startResults = await runChecks(step.start, step.file, step.checks, setup);
  if (!step.reading && startResults.every((result) => result.passed)) {
    problems.push("the start passes every check: the step has nothing to do (mark it `reading: true` if that is intended)");
  }
  let compared = 0;
  if (twins && step.twin !== null) {
    const twinPath = twinFile(step);
    for (const check of step.checks.filter(isBehavioural)) {
      const own = checkSetup(setup, check);
      const simulated = await runCheck(new SimulatedDriver(step.solution, step.file, own), check);
      compared++;
      // Real Twisted runs on real time: a loaded machine can delay it past a
      // deadline, so a difference is confirmed by a second run before it counts.
      const runTwin = () => runCheck(new PythonTwinDriver(step.solution, twinPath, own.command), check);
      const agrees = (real: CheckRun) => !firstDifference(simulated.transcript, real.transcript) && simulated.passed === real.passed;
      let real = await runTwin();
      if (!agrees(real)) real = await runTwin();
      const difference = firstDifference(simulated.transcript, real.transcript);
      if (difference) problems.push(`check "${check.title}": the TypeScript solution and the Python twin differ\n${difference}`);
      // Transcripts hold what clients received and what was printed; a log line
      // only one side wrote (expectOutput) shows in whether the check passed.
      else if (simulated.passed !== real.passed) {
        problems.push(`check "${check.title}": the solution ${simulated.passed ? "passes" : "fails"} but the Python twin ${real.passed ? "passes" : "fails"}: ${real.passed ? simulated.detail : real.detail}`);
      }
    }
  }
  return { problems, compared };
}

/** Checks that only read the code say nothing about behaviour to compare. */
function isBehavioural(check: Check): boolean {
  if (check.twin === "not comparable") return false;
  return check.scenario.some((step) => !("expectSource" in step));
}

function firstDifference(simulated: string[], real: string[]): string | null {
  const length = Math.max(simulated.length, real.length);
  for (let i = 0; i < length; i++) {
    if (simulated[i] !== real[i]) {
      return `    simulation:   ${simulated[i] ?? "(nothing)"}\n    real Twisted: ${real[i] ?? "(nothing)"}`;
    }
  }
  return null;
}

function twinFile(step: Step): string {
  return path.join(process.cwd(), step.dir, "twin", twinFileName(step.file));
}

// Twins and their twistd daemons write pid files, logs and copies of their folders: all of it goes in one folder removed at the end.
const removeScratch = useScratchTmpdir("lessons-check");
main().then(
  (code) => {
    removeScratch();
    process.exit(code);
  },
  (error) => {
    removeScratch();
    console.error(error);
    process.exit(1);
  },
);
