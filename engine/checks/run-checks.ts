/**
 * Runs checks: each in a fresh run of the program, step by step. A failed
 * check says what was sent, what was expected and what came back. Every
 * expectation also adds a line to a transcript, so two runs (the simulation
 * and real Twisted) can be compared byte for byte. The steps live beside it:
 * a scripted client's in client-steps.ts, PB's, IRC's, UDP's and the page's in
 * their own modules; the world and program steps here.
 */
import { CheckFailed } from "./check-failed";
import { isClientStep, runClientStep, type ClientRecord } from "./client-steps";
import { ScenarioError, SimulatedDriver, commandLine, type ProgramSetup, type ScenarioDriver } from "./driver";
import { IrcStepFailed, isIrcStep, runIrcStep } from "./irc-steps";
import { PbStepFailed, isPbStep, runPbStep, type PbCallHandle } from "./pb-steps";
import { UdpStepFailed, isUdpStep, runUdpStep, type DriverUdpSocket } from "./udp-steps";
import { PageStepFailed, isPageStep, runPageStep } from "./page-steps";
import type { Check, CheckResult, ScenarioStep } from "./scenario";
import { outputForTranscript, show } from "./transcript-text";
import { firstUnhandledError } from "./unhandled";

export { forTranscript, outputForTranscript, show } from "./transcript-text";

/** A check's result with the transcript of what each expectation observed. */
export interface CheckRun extends CheckResult {
  readonly transcript: string[];
}

/** Runs every check against `source`, each in its own fresh simulation. */
export async function runChecks(source: string, file: string, checks: readonly Check[], setup: ProgramSetup = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const { transcript: _transcript, ...result } = await runCheck(new SimulatedDriver(source, file, checkSetup(setup, check)), check);
    results.push(result);
  }
  return results;
}

/** How `check` starts the program: the step's setup, with the check's own command line (`run:`) if it has one. */
export function checkSetup(setup: ProgramSetup, check: Check): ProgramSetup {
  return check.run ? { ...setup, command: commandLine(check.run) } : setup;
}

/** Runs one check on a driver that has not been started yet, then disposes of it. */
export async function runCheck(driver: ScenarioDriver, check: Check): Promise<CheckRun> {
  const base = { id: check.id, title: check.title };
  const transcript: string[] = [];
  try {
    // The `file:` and `fingerd:` steps that open a scenario set the scene before
    // the program starts, as files on a machine and the servers it talks to
    // exist before a daemon reads them or a client connects at startup.
    const scene = leadingSceneSteps(check.scenario);
    for (const step of scene) {
      try {
        await driver.changeWorld(step);
      } catch (thrown) {
        if (!(thrown instanceof ScenarioError)) throw thrown;
        return { ...base, passed: false, detail: thrown.message, hint: check.onFail, transcript: [`error: ${thrown.message}`] };
      }
    }
    const error = await driver.start();
    const rest = check.scenario.slice(scene.length);
    const startError = rest[0] && "expectStartError" in rest[0] ? rest[0] : null;
    if (startError) {
      const wanted = [startError.expectStartError, ...startError.also];
      const missing = wanted.filter((text) => !(error ?? "").includes(text));
      // Only the verdict goes into the transcript: the error's paths and line numbers differ between Python and TypeScript.
      const verdict = `start failed with ${wanted.map(show).join(" and ")}: ${error && missing.length === 0 ? "yes" : "no"}`;
      if (!error) return { ...base, passed: false, detail: `Expected the program to fail as it starts, with an error saying ${wanted.map(show).join(" and ")}; it started.`, hint: check.onFail, transcript: [verdict] };
      if (missing.length) return { ...base, passed: false, detail: `Expected the program's error to say ${missing.map(show).join(" and ")}; it said: ${error}`, hint: check.onFail, transcript: [verdict] };
      return { ...base, passed: true, detail: `The program stopped as it started, as it should: ${error.split("\n").find((line) => line.includes(startError.expectStartError)) ?? error}`, transcript: [verdict] };
    }
    if (error) {
      return { ...base, passed: false, detail: `The program stopped with an error: ${error}`, hint: check.onFail, transcript: [`error: ${error}`] };
    }
    const clients = new Map<string, ClientRecord>();
    const pbCalls = new Map<string, PbCallHandle>();
    const udpSockets = new Map<string, DriverUdpSocket>();
    const notes: string[] = [];
    // What the scenario changed (a fake backend): a failure is explained in its light.
    const context: string[] = [];
    try {
      for (const step of rest) {
        if (isUdpStep(step)) await runUdp(driver, step, udpSockets, notes, transcript);
        else if (isPageStep(step)) await runPage(driver, step, notes, transcript, context);
        else await runStep(driver, step, clients, pbCalls, notes, transcript, context);
        const fatal = driver.fatal();
        if (fatal) throw new CheckFailed(`The program was stopped: ${fatal}`);
      }
    } catch (failure) {
      if (!(failure instanceof CheckFailed)) throw failure;
      let detail = context.length ? `${context.join(" ")} ${failure.message}` : failure.message;
      let hint = failure.hint ?? check.onFail;
      // An error inside the program explains the symptom better than the symptom does.
      const logged = firstUnhandledError(driver.output());
      if (logged) {
        detail += ` Meanwhile the program logged an unhandled error: ${logged.error}${logged.where ? ` (${logged.where})` : ""}.`;
        hint = `Fix the error${logged.line ? ` on line ${logged.line}` : ""} first: ${logged.error}.`;
      }
      return { ...base, passed: false, detail, hint, transcript };
    }
    return { ...base, passed: true, detail: notes.join(" "), transcript };
  } finally {
    await driver.dispose();
  }
}

async function runUdp(
  driver: ScenarioDriver,
  step: Parameters<typeof runUdpStep>[1],
  sockets: Map<string, DriverUdpSocket>,
  notes: string[],
  transcript: string[],
): Promise<void> {
  try {
    await runUdpStep(driver, step, sockets, notes, transcript);
  } catch (thrown) {
    if (thrown instanceof UdpStepFailed) throw new CheckFailed(thrown.message);
    throw thrown;
  }
}

async function runPage(driver: ScenarioDriver, step: Parameters<typeof runPageStep>[1], notes: string[], transcript: string[], context: string[]): Promise<void> {
  try {
    await runPageStep(driver, step, notes, transcript, context);
  } catch (thrown) {
    if (thrown instanceof PageStepFailed) throw new CheckFailed(thrown.message);
    throw thrown;
  }
}

type SceneStep = Extract<ScenarioStep, { file: string } | { fingerd: string } | { certificate: string }>;

/** The `file:`, `certificate:` and `fingerd:` steps at the head of a scenario, before its first other step. */
function leadingSceneSteps(scenario: readonly ScenarioStep[]): SceneStep[] {
  const scene: SceneStep[] = [];
  for (const step of scenario) {
    if (!("file" in step) && !("fingerd" in step) && !("certificate" in step)) break;
    scene.push(step);
  }
  return scene;
}

async function runStep(
  driver: ScenarioDriver,
  step: ScenarioStep,
  clients: Map<string, ClientRecord>,
  pbCalls: Map<string, PbCallHandle>,
  notes: string[],
  transcript: string[],
  context: string[],
): Promise<void> {
  if (isPbStep(step)) {
    try {
      await runPbStep(driver, step, pbCalls, notes, transcript);
    } catch (thrown) {
      if (thrown instanceof PbStepFailed) throw new CheckFailed(thrown.message);
      throw thrown;
    }
    return;
  }
  if (isIrcStep(step)) {
    try {
      await runIrcStep(driver, step, notes, transcript);
    } catch (thrown) {
      if (thrown instanceof IrcStepFailed) throw new CheckFailed(thrown.message);
      throw thrown;
    }
    return;
  }
  if ("expectSource" in step) {
    if (!new RegExp(step.expectSource).test(driver.source)) throw new CheckFailed(`Expected ${step.means}, but the code does not do that yet.`);
    notes.push(`The code shows ${step.means}.`);
    return;
  }
  if ("expectStartError" in step) throw new CheckFailed("expectStartError must come first in its scenario, after the files (a mistake in the lesson).");
  if (isClientStep(step)) {
    await runClientStep(driver, step, clients, notes, transcript);
    return;
  }
  if ("network" in step) {
    driver.setNetwork(step.network);
    return;
  }
  if ("signal" in step) {
    await driver.signal(step.signal);
    notes.push(`Sent ${step.signal}.`);
    return;
  }
  if ("file" in step || "certificate" in step || "command" in step || "web" in step || "patch" in step || "fingerd" in step) {
    try {
      await driver.changeWorld(step);
    } catch (thrown) {
      if (thrown instanceof ScenarioError) throw new CheckFailed(thrown.message);
      throw thrown;
    }
    if ("patch" in step) {
      const patched = describePatch(step);
      notes.push(`${patched}.`);
      context.push(`With ${patched}:`);
    }
    return;
  }
  if ("wait" in step) {
    await driver.wait(step.wait);
    return;
  }
  if ("expectFingerd" in step) {
    const where = `${step.expectFingerd}:${step.port}`;
    const requests = () => driver.fingerRequests(step.expectFingerd, step.port);
    const same = () => JSON.stringify(requests()) === JSON.stringify(step.requests);
    await driver.wait(step.within, same);
    transcript.push(`finger server ${where} was sent: ${show(JSON.stringify(requests()))}`);
    if (!same()) {
      const got = requests().length ? requests().map(show).join(", ") : "nothing (no connection reached it)";
      const wanted = step.requests.length ? step.requests.map(show).join(", ") : "no connection at all";
      throw new CheckFailed(`Expected the finger server on ${where} to be sent ${wanted}; it was sent ${got}.`);
    }
    notes.push(`The finger server on ${where} was sent ${step.requests.map(show).join(", ") || "nothing"}.`);
    return;
  }
  if ("expectOutput" in step) {
    const found = () => driver.output().includes(step.expectOutput);
    if (!step.absent) await driver.wait(step.within, found);
    else await driver.wait(step.within);
    // Lines up to the first that matches happened before it in both runs; later
    // ones may not have arrived yet on a real, slower run.
    // For "absent", only the verdict: lines printed at the same instant may or
    // may not have arrived yet on a real run.
    const lines = driver.stdout();
    const match = lines.findIndex((line) => line.includes(step.expectOutput));
    if (step.absent) transcript.push(`absent ${show(step.expectOutput)}: ${found() ? "no" : "yes"}`);
    else transcript.push(...(match < 0 ? lines : lines.slice(0, match + 1)).map((line) => `stdout: ${outputForTranscript(line)}`));
    if (found() === step.absent) {
      const printed = driver.output() || "(nothing)";
      const wanted = step.absent ? "not to contain" : "to contain";
      throw new CheckFailed(`Expected the output ${wanted} ${show(step.expectOutput)}; the output was:\n${printed}`);
    }
    notes.push(step.absent ? `The output does not contain ${show(step.expectOutput)}.` : `The output contains ${show(step.expectOutput)}.`);
    return;
  }
  if ("expectDelayedCalls" in step) {
    const count = await driver.delayedCalls();
    transcript.push(`delayed calls: ${count ?? "unknown"}`);
    if (count === null) throw new CheckFailed("This run cannot count the program's delayed calls.");
    const calls = (n: number) => (n === 1 ? "1 delayed call" : `${n} delayed calls`);
    const stopped = !driver.reactorRunning();
    if (count !== step.expectDelayedCalls) {
      throw new CheckFailed(
        `Expected ${calls(step.expectDelayedCalls)} ${stopped ? "left behind after the reactor stopped" : "still scheduled"}; found ${count} (reactor.getDelayedCalls()).`,
        stopped && count > step.expectDelayedCalls ? "A call scheduled with reactor.callLater is still waiting: cancel it in stopService." : undefined,
      );
    }
    notes.push(`${calls(count)} ${stopped ? "left behind after the reactor stopped" : "scheduled"}.`);
    return;
  }
  if ("expectReactor" in step) {
    const running = driver.reactorRunning();
    transcript.push(`reactor: ${running ? "running" : "stopped"}`);
    if (running !== (step.expectReactor === "running")) {
      throw new CheckFailed(
        running
          ? "Expected the reactor to have stopped, but it is still running."
          : "Expected the reactor to be running, but the program never started it (call reactor.run()) or it stopped.",
      );
    }
    notes.push(running ? "The reactor is running." : "The reactor has stopped.");
  }
}

/** "getUser on port 1079 replaced by one whose Deferred fails ("down") after 2 s": what a patch step did, for the check's detail. */
function describePatch(step: Extract<ScenarioStep, { patch: string }>): string {
  const when = step.after > 0 ? ` after ${step.after} s` : "";
  const what = step.fail !== undefined ? `fails (${show(step.fail)})${when}` : `answers ${show(step.answer!)}${when}`;
  return `${step.patch} on port ${step.port} replaced by one whose Deferred ${what}`;
}
