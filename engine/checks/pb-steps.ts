/**
 * Check steps for Perspective Broker servers: a PB client calls a remote
 * method (optionally after logging in), and a later step checks its answer.
 *
 *   - pbCall: getUser              a name for this call
 *     port: 8889
 *     method: getUser
 *     args: [moshez, {bytes: moshez}]   a str, then bytes
 *     login: {username: alice, password: "1234"}   optional: call the avatar
 *   - expectPb: getUser
 *     result: "Happy and well"     the answer (bytes written {bytes: ...})
 *     error: "No such method: remote_x"   or: the remote error's message
 *     errorType: twisted.spread.flavors.NoSuchMethod   and/or its class
 *     state: answered | failed | waiting
 *
 * Values are written as JSON/YAML: a string is a str, {bytes: "..."} bytes
 * (UTF-8), {tuple: [...]} a tuple, other objects dicts. Answers come back in
 * the same form, plus {remote: "RemoteReference"} for a reference and
 * {unpersistable: "..."} for something that could not be sent. The simulated
 * driver calls with the engine's PB client; the Python twin driver with a
 * real Twisted PB client, and both write the same transcript lines.
 */
import { z } from "zod";
import { UsernamePassword } from "../twisted/cred/credentials";
import { installedReactor } from "../twisted/internet/installed";
import type { Failure } from "../twisted/python/failure";
import { Unpersistable, isTuple, qual, tuple } from "../twisted/spread/jelly";
import { CopiedFailure, PBClientFactory, RemoteReference } from "../twisted/spread/pb";

const seconds = z.number().nonnegative().describe("Virtual seconds");
const callName = z.string().min(1).describe("A name for the call, used by a later expectPb step");

/** A value as checks write it: JSON, with {bytes: "..."} for bytes and {tuple: [...]} for tuples. */
export type PbPlain = null | boolean | number | string | PbPlain[] | { [key: string]: PbPlain };
const plainValue: z.ZodType<PbPlain> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(plainValue), z.record(z.string(), plainValue)]),
);

export const PbCallStep = z
  .object({
    pbCall: callName,
    port: z.number().int().min(1).max(65535).describe("The port the PB server listens on"),
    host: z.string().default("localhost").describe("The server's host"),
    method: z.string().regex(/^[A-Za-z_][\w]*$/).describe("The remote method, without remote_ (getUser calls remote_getUser)"),
    args: z.array(plainValue).default([]).describe("The arguments: a string is a str, {bytes: text} is bytes, {tuple: [...]} a tuple"),
    login: z
      .object({
        username: z.string().describe("The username (sent as UTF-8 bytes, as Twisted's UsernamePassword)"),
        password: z.string().describe("The password"),
      })
      .strict()
      .optional()
      .describe("Log in first (PBClientFactory.login) and call the avatar's perspective_ method instead of the root's remote_ one"),
  })
  .strict()
  .describe("Call a remote method on a PB server with a PB client");

export const ExpectPbStep = z
  .object({
    expectPb: callName,
    result: plainValue.optional().describe("The answer, in the same form as args"),
    error: z.string().optional().describe("The remote error's message, exactly (getErrorMessage())"),
    errorType: z.string().optional().describe("The remote error's class: qualified (twisted.cred.error.UnauthorizedLogin) or bare (UnauthorizedLogin)"),
    state: z.enum(["answered", "failed", "waiting"]).optional().describe("answered, failed, or still waiting after `within`"),
    within: seconds.default(5).describe("How long to wait for the answer"),
  })
  .strict()
  .refine((step) => step.result !== undefined || step.error !== undefined || step.errorType !== undefined || step.state !== undefined, {
    message: "say what to expect: result, error, errorType or state",
  })
  .refine((step) => !(step.result !== undefined && (step.error !== undefined || step.errorType !== undefined)), {
    message: "a call has a result or an error, not both",
  })
  .describe("Check the answer to an earlier pbCall");

export type PbStep = z.output<typeof PbCallStep> | z.output<typeof ExpectPbStep>;

/** The step actions this module handles. */
export const PB_ACTIONS = ["pbCall", "expectPb"] as const;

/** True if `step` is one of the PB steps. */
export function isPbStep(step: object): step is PbStep {
  return PB_ACTIONS.some((action) => action in step);
}

/** What to call: where, which method, with which arguments, after which login. */
export interface PbCallRequest {
  host: string;
  port: number;
  method: string;
  args: PbPlain[];
  login?: { username: string; password: string };
}

/** How a call ended: an answer, or an error with its class's qualified name and message. */
export type PbOutcome = { ok: true; value: PbPlain } | { ok: false; errorType: string; message: string };

/** A call in flight: `outcome` is set once it ends. */
export interface PbCallHandle {
  outcome: PbOutcome | null;
}

/** What the PB steps need of a driver. */
export interface PbDriver {
  /** Starts a PB call; absent on drivers that cannot make one. */
  pbCall?(request: PbCallRequest): PbCallHandle;
  wait(seconds: number, until?: () => boolean): Promise<void>;
}

/** A step failed: the message says what was expected and what happened. */
export class PbStepFailed extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The engine value for a check's plain value: {bytes} -> Uint8Array, {tuple} -> tuple, other objects -> dicts. */
export function fromPlain(value: PbPlain): unknown {
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === "bytes" && typeof value.bytes === "string") return encoder.encode(value.bytes);
  if (keys.length === 1 && keys[0] === "tuple" && Array.isArray(value.tuple)) return tuple(...value.tuple.map(fromPlain));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromPlain(item)]));
}

/** A check's plain form of an answer, as the Python twin writes it too. */
export function toPlain(value: unknown): PbPlain {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return { int: value.toString() };
  if (value instanceof Uint8Array) return { bytes: decoder.decode(value) };
  if (isTuple(value)) return { tuple: value.map(toPlain) };
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof RemoteReference) return { remote: "RemoteReference" };
  if (value instanceof Unpersistable) return { unpersistable: value.reason };
  if (value instanceof Set) return { set: [...value].map(toPlain) };
  if (value instanceof Map) return { dict: [...value].map(([key, item]) => [toPlain(key), toPlain(item)]) };
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item)]));
  const state = Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, toPlain(item)]));
  return { instance: qual((value as object).constructor), state };
}

/** The outcome of a failed call: the remote class and message for a remote error, the local ones otherwise. */
export function failureOutcome(failure: Failure): PbOutcome {
  if (failure instanceof CopiedFailure) return { ok: false, errorType: failure.remoteType, message: failure.getErrorMessage() };
  return { ok: false, errorType: qual(failure.type), message: failure.getErrorMessage() };
}

/**
 * Makes a PB call with the engine's client on the installed reactor (run it
 * inside the world, so that is the simulated one).
 */
export function startPbCall(request: PbCallRequest): PbCallHandle {
  const handle: PbCallHandle = { outcome: null };
  const factory = new PBClientFactory();
  factory.noisy = false;
  const host = request.host === "localhost" ? "127.0.0.1" : request.host;
  installedReactor().connectTCP(host, request.port, factory);
  const target = request.login ? factory.login(new UsernamePassword(request.login.username, request.login.password)) : factory.getRootObject();
  target
    .addCallback((ref: RemoteReference) => ref.callRemote(request.method, ...request.args.map(fromPlain)))
    .addCallbacks(
      (value: unknown) => void (handle.outcome = { ok: true, value: toPlain(value) }),
      (failure: Failure) => void (handle.outcome = failureOutcome(failure)),
    )
    .addBoth(() => factory.disconnect());
  return handle;
}

/** The transcript's line for a call: the same from the simulation and from real Twisted. */
export function describePbOutcome(name: string, outcome: PbOutcome | null): string {
  if (outcome === null) return `pb ${name}: waiting`;
  if (outcome.ok) return `pb ${name}: answered ${JSON.stringify(outcome.value)}`;
  return `pb ${name}: failed ${outcome.errorType}: ${outcome.message}`;
}

function sameType(actual: string, wanted: string): boolean {
  return actual === wanted || (!wanted.includes(".") && actual.slice(actual.lastIndexOf(".") + 1) === wanted);
}

function describe(outcome: PbOutcome | null): string {
  if (outcome === null) return "no answer came";
  if (outcome.ok) return `it answered ${JSON.stringify(outcome.value)}`;
  return `it failed with ${outcome.errorType}: ${JSON.stringify(outcome.message)}`;
}

/**
 * Runs one PB step, adding a note for the learner and a transcript line.
 * @throws PbStepFailed when an expectation does not hold, the call was never
 *   made, or the driver cannot make PB calls.
 */
export async function runPbStep(driver: PbDriver, step: PbStep, calls: Map<string, PbCallHandle>, notes: string[], transcript: string[]): Promise<void> {
  if ("pbCall" in step) {
    if (!driver.pbCall) throw new PbStepFailed("This run cannot make PB calls.");
    const { host, port, method, args, login } = step;
    calls.set(step.pbCall, driver.pbCall({ host, port, method, args, ...(login ? { login } : {}) }));
    return;
  }
  const handle = calls.get(step.expectPb);
  if (!handle) throw new PbStepFailed(`The check expects the answer to pbCall "${step.expectPb}" before making that call (a mistake in the lesson).`);
  const waitingWanted = step.state === "waiting";
  await driver.wait(step.within, waitingWanted ? undefined : () => handle.outcome !== null);
  const outcome = handle.outcome;
  transcript.push(describePbOutcome(step.expectPb, outcome));
  const problems: string[] = [];
  const state = outcome === null ? "waiting" : outcome.ok ? "answered" : "failed";
  if (step.state !== undefined && step.state !== state) problems.push(`the call to be ${step.state}`);
  if (step.result !== undefined && !(outcome?.ok && JSON.stringify(outcome.value) === JSON.stringify(toPlain(fromPlain(step.result))))) {
    problems.push(`the answer ${JSON.stringify(step.result)}`);
  }
  if (step.error !== undefined && !(outcome && !outcome.ok && outcome.message === step.error)) problems.push(`an error saying ${JSON.stringify(step.error)}`);
  if (step.errorType !== undefined && !(outcome && !outcome.ok && sameType(outcome.errorType, step.errorType))) problems.push(`a ${step.errorType} error`);
  if (problems.length) throw new PbStepFailed(`pbCall "${step.expectPb}": expected ${problems.join(" and ")}; ${describe(outcome)}.`);
  notes.push(`pbCall "${step.expectPb}": ${describe(outcome)}.`);
}
