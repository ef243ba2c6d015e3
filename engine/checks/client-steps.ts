/**
 * Check steps for a scripted TCP (or Unix socket) client: connect, send,
 * close, halfClose, pauseReading/resumeReading, and expect, which waits for
 * what the client received and the connection's state, then says what was
 * sent, what was expected and what came back.
 */
import { CheckFailed } from "./check-failed";
import type { DriverClient, ScenarioDriver } from "./driver";
import type { ScenarioStep } from "./scenario";
import { forTranscript, show } from "./transcript-text";

/** A client the scenario connected, under its name. */
export interface ClientRecord {
  readonly client: DriverClient;
  /** Where it connected, for messages: "port 8000", "/tmp/echo.sock". */
  readonly target: string;
  sent: string;
}

/** The steps a scripted client takes. */
export type ClientStep = Extract<
  ScenarioStep,
  { connect: string } | { send: string } | { close: string } | { halfClose: string } | { pauseReading: string } | { resumeReading: string } | { expect: string }
>;

const CLIENT_ACTIONS = ["connect", "send", "close", "halfClose", "pauseReading", "resumeReading", "expect"] as const;

/** Whether `step` is one a scripted client takes (connect, send, close, halfClose, pause/resumeReading, expect). */
export function isClientStep(step: ScenarioStep): step is ClientStep {
  return CLIENT_ACTIONS.some((action) => action in step);
}

/**
 * Carries out one client step; `clients` holds the connected clients by name.
 * @throws CheckFailed when an expectation does not hold, or a step names a client not connected yet
 */
export async function runClientStep(
  driver: ScenarioDriver,
  step: ClientStep,
  clients: Map<string, ClientRecord>,
  notes: string[],
  transcript: string[],
): Promise<void> {
  if ("connect" in step) {
    const client = step.path !== undefined ? driver.connectUNIX(step.path) : driver.connect(step.host, step.port!, step.tls);
    if (step.paused) driver.setReading(client, false);
    clients.set(step.connect, { client, target: step.path ?? `port ${step.port}`, sent: "" });
    await driver.wait(1, () => client.state !== "connecting");
    return;
  }
  if ("send" in step) {
    const record = need(clients, step.send);
    const pieces = step.segments ?? [step.data ?? ""];
    for (const [index, piece] of pieces.entries()) {
      if (index > 0) await driver.wait(step.gap);
      record.sent += piece;
      driver.send(record.client, piece);
      await driver.settle();
    }
    return;
  }
  if ("close" in step) {
    driver.close(need(clients, step.close).client);
    await driver.settle();
    return;
  }
  if ("halfClose" in step) {
    driver.halfClose(need(clients, step.halfClose).client);
    await driver.settle();
    return;
  }
  if ("pauseReading" in step || "resumeReading" in step) {
    const reading = "resumeReading" in step;
    driver.setReading(need(clients, reading ? step.resumeReading : step.pauseReading).client, reading);
    await driver.settle();
    return;
  }
  if ("expect" in step) {
    const record = need(clients, step.expect);
    try {
      await expectClient(driver, step, record, notes);
    } finally {
      // The whole text, however long: the transcript compares a twin's bytes with the solution's.
      transcript.push(`${step.expect}: ${JSON.stringify(forTranscript(record.client.received))} ${record.client.state}`);
    }
    return;
  }
}

async function expectClient(
  driver: ScenarioDriver,
  step: Extract<ScenarioStep, { expect: string }>,
  record: ClientRecord,
  notes: string[],
): Promise<void> {
  const { client } = record;
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
  await driver.wait(step.within, done);
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
  if (step.state === "closed") expected.push(expected.length ? "then the server to close the connection" : "the server to close the connection");
  if (step.state === "open") expected.push(`the connection to stay open for ${step.within} s`);
  const wanted = expected.length > 1 ? `${expected.slice(0, -1).join(", ")} and ${expected.at(-1)}` : expected.join("");
  throw new CheckFailed(`${what}. Expected ${wanted}; instead, ${describeOutcome(record, step.within)}.`, observedHint(step, client.received));
}

/** A likely fix read from what came back, when it says more than the check's general hint. */
function observedHint(step: Extract<ScenarioStep, { expect: string }>, received: string): string | undefined {
  const wanted = step.received;
  if (wanted === undefined || !wanted.endsWith("\r\n") || received === wanted) return undefined;
  const text = wanted.slice(0, -2);
  if (received === text) return `The reply is right but has no line ending: write "\\r\\n" after ${show(text)}.`;
  if (received === `${text}\n`) return `End the line with "\\r\\n", not a bare "\\n".`;
  return undefined;
}

function describeExchange(record: ClientRecord): string {
  if (record.client.state === "refused") return `Connected to ${record.target}`;
  return record.sent ? `Sent ${show(record.sent)} to ${record.target}` : `Connected to ${record.target} and sent nothing`;
}

function describeOutcome(record: ClientRecord, within: number): string {
  const { client } = record;
  if (client.state === "refused") return "the connection was refused";
  const received = client.received ? `the client received ${show(client.received)}` : "the client received nothing";
  if (client.state === "closed") return `${received} and the connection closed`;
  return `${received} and the connection was still open after ${within} s`;
}

function need(clients: Map<string, ClientRecord>, name: string): ClientRecord {
  const record = clients.get(name);
  if (!record) throw new CheckFailed(`The check uses client "${name}" before connecting it (a mistake in the lesson).`);
  return record;
}
