/**
 * twisted.python.failure: an error wrapped as a value.
 *
 * A Failure travels down a Deferred's errback chain as an ordinary value, so
 * passing one along never throws; the stack is only formatted when asked for.
 */

/** A class or a class name: what check and trap accept, as Twisted accepts both. */
export type ErrorType = (abstract new (...args: never[]) => unknown) | string;

let nextFailureCount = 0;

export class Failure {
  /** The exception this Failure wraps (usually an Error). */
  readonly value: unknown;
  /** The class of the wrapped exception. */
  readonly type: Function;
  /** A number unique to this Failure, as Twisted's Failure.count. */
  readonly count: number;

  /**
   * Wraps an exception. Wrapping a Failure gives a copy that shares its value.
   * @param value the thrown value; with none, a generic "Failure" Error.
   */
  constructor(value?: unknown) {
    if (value instanceof Failure) value = value.value;
    if (value === undefined) value = new Error("Failure with no exception");
    this.value = value;
    this.type = typeOf(value);
    this.count = ++nextFailureCount;
  }

  /**
   * Returns the first of `errorTypes` that the wrapped exception is an instance of,
   * or null when none matches.
   */
  check(...errorTypes: ErrorType[]): ErrorType | null {
    for (const errorType of errorTypes) {
      if (matches(this.value, errorType)) return errorType;
    }
    return null;
  }

  /**
   * Like check, but rethrows this Failure when nothing matches, so the errback
   * chain goes on with the same Failure.
   * @throws Failure (this one) when no type matches.
   */
  trap(...errorTypes: ErrorType[]): ErrorType {
    const found = this.check(...errorTypes);
    if (found === null) throw this;
    return found;
  }

  /** The exception's message, as Twisted's getErrorMessage. */
  getErrorMessage(): string {
    const value = this.value;
    if (value instanceof Error) return value.message;
    return String(value);
  }

  /** Throws the wrapped exception. */
  raiseException(): never {
    throw this.value;
  }

  /** Twisted keeps frames alive until cleanFailure; JavaScript needs nothing here. */
  cleanFailure(): void {}

  /** A Python-style traceback: the frames of learner code first to last, then the error. */
  getTraceback(): string {
    const frames = learnerFrames(this.value);
    const lines = ["Traceback (most recent call last):", ...frames];
    lines.push(`${typeName(this.type)}: ${this.getErrorMessage()}`);
    return lines.join("\n");
  }

  toString(): string {
    return `[Failure instance: ${typeName(this.type)}: ${this.getErrorMessage()}]`;
  }
}

/** The Python-like name of an exception class, e.g. "ConnectionDone". */
export function typeName(type: Function): string {
  return type.name || "Error";
}

function typeOf(value: unknown): Function {
  if (value !== null && typeof value === "object") return value.constructor;
  if (typeof value === "string") return String;
  if (typeof value === "number") return Number;
  return Object;
}

function matches(value: unknown, errorType: ErrorType): boolean {
  if (typeof errorType === "string") {
    let proto = value !== null && typeof value === "object" ? Object.getPrototypeOf(value) : null;
    while (proto) {
      if (proto.constructor?.name === errorType) return true;
      proto = Object.getPrototypeOf(proto);
    }
    return false;
  }
  return value instanceof (errorType as Function);
}

/**
 * Frames from the learner's program (files the runtime loaded), oldest first,
 * in Python's "File ..., line N, in fn" shape. Engine frames are left out so the
 * traceback points at code the learner wrote.
 */
function learnerFrames(value: unknown): string[] {
  if (!(value instanceof Error) || !value.stack) return [];
  const frames: string[] = [];
  for (const raw of value.stack.split("\n").slice(1)) {
    const match = /at (?:(\S+) \()?(?:.*\/)?([^/()]+\.(?:ts|py)):(\d+):\d+\)?/.exec(raw);
    if (!match || !match[2] || /engine|node_modules/.test(raw)) continue;
    const fn = match[1] ?? "<module>";
    frames.unshift(`  File "${match[2]}", line ${match[3]}, in ${fn.replace(/^.*\./, "")}`);
  }
  return frames;
}
