/**
 * Runs checks: each in a fresh world, step by step, on virtual time. A failed
 * check says what was sent, what was expected and what came back.
 */
import type { SimulatedClient } from "../runtime/client";
import { World, formatProgramError } from "../runtime/world";
import type { Check, CheckResult, ScenarioStep } from "./scenario";

interface ClientRecord {
  readonly client: SimulatedClient;
  readonly port: number;
  sent: string;
}

class CheckFailed extends Error {}

/** Runs every check against `source`, each in its own fresh simulation. */
export function runChecks(source: string, file: string, checks: readonly Check[]): CheckResult[] {
  return checks.map((check) => runCheck(source, file, check));
}

/** Runs one check in a fresh simulation. */
export function runCheck(source: string, file: string, check: Check): CheckResult {
  const world = new World();
  const outcome = world.start(source, file);
  const base = { id: check.id, title: check.title };
  if (outcome.status === "error") {
    return { ...base, passed: false, detail: `The program stopped with an error: ${formatProgramError(outcome.error)}`, hint: check.onFail };
  }
  const clients = new Map<string, ClientRecord>();
  const notes: string[] = [];
  try {
    for (const step of check.scenario) runStep(world, step, clients, notes);
  } catch (failure) {
    if (!(failure instanceof CheckFailed)) throw failure;
    return { ...base, passed: false, detail: failure.message, hint: check.onFail };
  }
  return { ...base, passed: true, detail: notes.join(" ") };
}

function runStep(world: World, step: ScenarioStep, clients: Map<string, ClientRecord>, notes: string[]): void {
  if ("connect" in step) {
    const client = world.connect(step.host, step.port);
    clients.set(step.connect, { client, port: step.port, sent: "" });
    world.advanceTo(world.reactor.seconds() + 1, () => client.state !== "connecting");
    return;
  }
  if ("send" in step) {
    const record = need(clients, step.send);
    const pieces = step.segments ?? [step.data ?? ""];
    pieces.forEach((piece, index) => {
      if (index > 0) world.advanceTo(world.reactor.seconds() + step.gap);
      record.sent += piece;
      world.enter(() => record.client.send(piece));
      world.runUntilIdle();
    });
    return;
  }
  if ("close" in step) {
    const record = need(clients, step.close);
    world.enter(() => record.client.close());
    world.runUntilIdle();
    return;
  }
  if ("halfClose" in step) {
    const record = need(clients, step.halfClose);
    world.enter(() => record.client.halfClose());
    world.runUntilIdle();
    return;
  }
  if ("network" in step) {
    world.setNetworkConditions(step.network as Parameters<World["setNetworkConditions"]>[0]);
    return;
  }
  if ("wait" in step) {
    world.advanceTo(world.reactor.seconds() + step.wait);
    return;
  }
  if ("expect" in step) {
    expectClient(world, step, need(clients, step.expect), notes);
    return;
  }
  if ("expectOutput" in step) {
    const deadline = world.reactor.seconds() + step.within;
    const found = () => world.output.some((line) => line.text.includes(step.expectOutput));
    if (!step.absent) world.advanceTo(deadline, found);
    else world.advanceTo(deadline);
    if (found() === step.absent) {
      const printed = world.output.map((line) => line.text).join("\n") || "(nothing)";
      const wanted = step.absent ? "not to contain" : "to contain";
      throw new CheckFailed(`Expected the output ${wanted} ${show(step.expectOutput)}; the output was:\n${printed}`);
    }
    notes.push(step.absent ? `The output does not contain ${show(step.expectOutput)}.` : `The output contains ${show(step.expectOutput)}.`);
    return;
  }
  if ("expectReactor" in step) {
    world.runUntilIdle();
    const running = world.reactor.running;
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

function expectClient(
  world: World,
  step: Extract<ScenarioStep, { expect: string }>,
  record: ClientRecord,
  notes: string[],
): void {
  const { client } = record;
  const deadline = world.reactor.seconds() + step.within;
  const dataOk = () =>
    (step.received === undefined || client.received === step.received) &&
    (step.contains === undefined || client.received.includes(step.contains));
  const settled = () => client.state === "closed" || client.state === "refused";
  // "Still open" and exact data can only be judged once the connection has
  // settled or the time is up; other expectations may succeed early.
  const done = () => {
    if (step.state === "open") return false;
    if (step.state) return client.state === step.state && dataOk();
    if (step.received !== undefined) return settled() || client.received.length >= step.received.length;
    return dataOk();
  };
  world.advanceTo(deadline, done);
  const stateOk = step.state === undefined || client.state === step.state;
  const what = describeExchange(record);
  if (stateOk && dataOk()) {
    notes.push(`${what}: ${describeOutcome(record, step.within)}.`);
    return;
  }
  const expected: string[] = [];
  if (step.state === "refused") expected.push("the connection to be refused");
  if (step.received !== undefined) expected.push(`to receive exactly ${show(step.received)}`);
  if (step.contains !== undefined) expected.push(`to receive something containing ${show(step.contains)}`);
  if (step.state === "closed") expected.push("then the server to close the connection");
  if (step.state === "open") expected.push(`the connection to stay open for ${step.within} s`);
  throw new CheckFailed(`${what}. Expected ${expected.join(", ")}; got ${describeOutcome(record, step.within)}.`);
}

function describeExchange(record: ClientRecord): string {
  if (record.client.state === "refused") return `Connected to port ${record.port}`;
  return record.sent ? `Sent ${show(record.sent)} to port ${record.port}` : `Connected to port ${record.port} and sent nothing`;
}

function describeOutcome(record: ClientRecord, within: number): string {
  const { client } = record;
  if (client.state === "refused") return "the connection was refused";
  const received = client.received ? `received ${show(client.received)}` : "received nothing";
  if (client.state === "closed") return `${received} and the connection closed`;
  return `${received} and the connection was still open after ${within} s`;
}

function need(clients: Map<string, ClientRecord>, name: string): ClientRecord {
  const record = clients.get(name);
  if (!record) throw new CheckFailed(`The check uses client "${name}" before connecting it (a mistake in the lesson).`);
  return record;
}

/** Shows text with its line endings visible: "moshez\r\n". */
export function show(text: string): string {
  return JSON.stringify(text);
}
