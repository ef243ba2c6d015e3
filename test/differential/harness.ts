/**
 * The TypeScript half of the differential tests. Each scenario exists twice,
 * here and in a Python twin file run on real Twisted; both write a transcript
 * of normalized lines ("cb1 got 3", "eb got CancelledError"), and the test
 * compares them. `show` renders values the same way harness.py does.
 *
 * To add a scenario: write it in a `*-scenarios.ts` file and its twin, under
 * the same sentence, in the matching `*_scenarios.py` file (a new file pair
 * is listed in index.ts and in run_scenarios.py's MODULES). Both sides flush
 * unhandled errors at the end of every scenario, so a leaked Failure shows
 * up as an "unhandled: Type" line on whichever side leaks it.
 */
import { reportUnhandledErrors } from "../../engine/twisted/internet/defer-debug";
import { Deferred } from "../../engine/twisted/internet/defer-core";
import { FirstError } from "../../engine/twisted/internet/defer-errors";
import { Failure, typeName } from "../../engine/twisted/python/failure";
import * as log from "../../engine/twisted/python/log";

/** Writes one transcript line. */
export type Log = (line: string) => void;

/** One behaviour, named by a sentence; its Python twin has the same name. */
export interface Scenario {
  readonly name: string;
  readonly run: (log: Log) => void | Promise<void>;
}

/** Declares a scenario. */
export function scenario(name: string, run: (log: Log) => void | Promise<void>): Scenario {
  return { name, run };
}

/** Python's ZeroDivisionError, which JavaScript lacks: 1/0 is Infinity there. */
export class ZeroDivisionError extends Error {
  constructor(message = "division by zero") {
    super(message);
    this.name = "ZeroDivisionError";
  }
}

/** Python's KeyError, whose message shows the key quoted, as str(KeyError("k")) does. */
export class KeyError extends Error {
  constructor(key = "") {
    super(`'${key}'`);
    this.name = "KeyError";
  }
}

/** a / b, raising ZeroDivisionError like Python for b = 0. */
export function divide(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError();
  return a / b;
}

/** Renders a value as harness.py's show() renders its Python twin. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (value instanceof Failure) return `Failure(${showError(value.value)})`;
  if (value instanceof Error) return showError(value);
  if (value instanceof Deferred) return "<Deferred>";
  const name = (value as object).constructor?.name;
  return `<${name || "object"}>`;
}

/** "ValueError: boom", or just "CancelledError" when there is no message. */
export function showError(error: unknown): string {
  if (error instanceof FirstError) return `FirstError(#${error.index}, ${showError(error.subFailure.value)})`;
  if (!(error instanceof Error)) return show(error);
  return error.message ? `${error.name}: ${error.message}` : error.name;
}

/** The type name of a Failure's exception. */
export function failureType(failure: Failure): string {
  return typeName(failure.type);
}

const reported: string[] = [];
log.addObserver((event) => {
  if (!event.text.startsWith("Unhandled error in Deferred:")) return;
  const last = event.text.trimEnd().split("\n").pop() ?? "";
  reported.push(last.replace(/^Failure: /, "").split(":")[0]!);
});

/**
 * Reports Deferreds left holding an unhandled Failure, as "unhandled: Type"
 * lines in sorted order. Python reports them when they are garbage collected;
 * its twin drops its references and collects at the same points.
 */
export function flushUnhandled(write: Log): void {
  reportUnhandledErrors();
  for (const name of reported.splice(0).sort()) write(`unhandled: ${name}`);
}

/** Lets pending microtasks (async function continuations) run. */
export async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
