/**
 * twisted.python.failure: an error wrapped as a value.
 *
 * A Failure travels down a Deferred's errback chain as an ordinary value, so
 * passing one along never throws. Creating one never formats a stack: the
 * JavaScript engine records the stack when the Error is made, and the
 * traceback is only parsed when someone asks for it.
 */
import { traceLabel } from "../../trace/describe";
import { formatFrame, learnerFramesOf, type LearnerFrame } from "../../trace/location";
import { EngineAbort } from "./engine-abort";
import { TwistedError } from "./exceptions";

/** A class or a class name: what check and trap accept, as Twisted accepts both. */
export type ErrorType = (abstract new (...args: never[]) => unknown) | Function | string;

/** new Failure() was called with no exception: JavaScript has no "current exception" to use. */
export class NoCurrentExceptionError extends TwistedError {
  constructor(message = "Failure() needs an exception: JavaScript has no current exception to wrap") {
    super(message);
  }
}

let count = 0;

/**
 * The last value learner code threw that carries no stack (a string, null, a
 * plain object), and where: the runtime notes each `throw` of one, so that a
 * Failure wrapping it can still name the line. Python cannot raise such values
 * at all; JavaScript can, and the learner should learn where.
 */
let lastStacklessThrow: { readonly value: unknown; readonly frame: LearnerFrame } | null = null;

/**
 * @internal Notes that learner code threw `value`, which has no stack, at
 * `frame`. Called by the runtime's instrumented `throw` statements.
 */
export function noteStacklessThrow(value: unknown, frame: LearnerFrame): void {
  lastStacklessThrow = { value, frame };
}

export class Failure {
  /** The exception this Failure wraps (usually an Error). */
  readonly value: unknown;
  /** The class of the wrapped exception. */
  readonly type: Function;
  /** A number unique to this Failure (shared by copies), as Twisted's Failure.count. */
  readonly count: number;
  /** Twisted keeps the traceback object here; JavaScript errors carry their own stack. */
  readonly tb: null = null;
  /** Where a value without a stack of its own was thrown, when the runtime saw it thrown. */
  readonly #thrownAt: LearnerFrame | null = null;
  /**
   * For a value without a stack that was not seen thrown (`d.errback("no such
   * user")`, `defer.fail(null)`): a stack taken where this Failure was made,
   * read only if its traceback is shown, so that traceback still names a line.
   */
  readonly #madeAt: Error | null = null;

  /**
   * Wraps an exception. Wrapping a Failure gives a copy of it, as in Twisted.
   * @param value the thrown value (anything JavaScript can throw).
   * @param type the exception's class, when it should not be read from `value`.
   * @throws NoCurrentExceptionError when called with no arguments.
   * @throws EngineAbort when `value` is one: the simulation is stopping, and
   *   no Deferred, LoopingCall or task may turn that into an ordinary error.
   */
  constructor(value?: unknown, type?: Function) {
    if (arguments.length === 0) throw new NoCurrentExceptionError();
    if (value instanceof EngineAbort) throw value;
    if (value instanceof Failure) {
      this.value = value.value;
      this.type = value.type;
      this.count = value.count;
      this.#thrownAt = value.#thrownAt;
      this.#madeAt = value.#madeAt;
      return;
    }
    this.value = value;
    this.type = type ?? typeOf(value);
    this.count = ++count;
    if (value instanceof Error) return;
    if (lastStacklessThrow && Object.is(lastStacklessThrow.value, value)) this.#thrownAt = lastStacklessThrow.frame;
    // Values without a stack are rare (the engine's own errors are Errors): a stack capture here is cheap enough.
    else this.#madeAt = new Error();
  }

  /**
   * The first of `errorTypes` the wrapped exception is an instance of, or null.
   * A string matches a class name anywhere up the prototype chain, either bare
   * ("CancelledError") or dotted ("twisted.internet.defer.CancelledError").
   */
  check(...errorTypes: ErrorType[]): ErrorType | null {
    for (const errorType of errorTypes) {
      if (matches(this.value, this.type, errorType)) return errorType;
    }
    return null;
  }

  /**
   * Like check, but when nothing matches it rethrows this Failure, so an
   * errback that traps the wrong type passes the same Failure down the chain.
   * @throws Failure (this one) when no type matches.
   */
  trap(...errorTypes: ErrorType[]): ErrorType {
    const found = this.check(...errorTypes);
    if (found === null) throw this;
    return found;
  }

  /** The exception's message: an Error's message, or the value as a string. */
  getErrorMessage(): string {
    const value = this.value;
    if (value instanceof Error) return value.message;
    return safeString(value);
  }

  /** Throws the wrapped exception (not the Failure), as Twisted's raiseException. */
  raiseException(): never {
    throw this.value;
  }

  /**
   * Throws the wrapped exception into generator `g` at its paused yield.
   * @returns what the generator does next, as `g.throw` returns it.
   */
  throwExceptionIntoGenerator<T, R, N>(g: Generator<T, R, N>): IteratorResult<T, R> {
    return g.throw(this.value);
  }

  /** Twisted drops frame references here; JavaScript keeps nothing that needs dropping. */
  cleanFailure(): void {}

  /** Names of the exception's class and its ancestors, most specific first (Twisted's `parents`). */
  get parents(): string[] {
    const names: string[] = [];
    for (let proto = this.type.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      if (typeof proto.constructor === "function" && proto.constructor.name) names.push(proto.constructor.name);
    }
    return names.length ? names : [typeName(this.type)];
  }

  /** The learner's frames where the exception was made, outermost first, as traceback lines. */
  get frames(): string[] {
    if (this.#thrownAt) return [formatFrame(this.#thrownAt)];
    const stack = this.value instanceof Error ? this.value.stack : this.#madeAt?.stack;
    return learnerFramesOf(stack).reverse().map(formatFrame);
  }

  /**
   * A Python-style traceback: the learner's frames outermost first, then the error.
   * @param detail "default" for the full form, "brief" for one line per frame and a heading.
   */
  getTraceback(elideFrameworkCode = false, detail: "default" | "brief" | "verbose" = "default"): string {
    void elideFrameworkCode;
    const frames = this.frames;
    const name = typeName(this.type);
    if (detail === "brief") {
      const heading = frames.length ? "Traceback" : "Traceback (failure with no frames)";
      return [`${heading}: ${name}: ${this.getErrorMessage()}`, ...frames].join("\n") + "\n";
    }
    // Like Twisted, a Failure with no frames says so instead of showing an empty traceback.
    const error = `${name}: ${this.getErrorMessage()}`;
    const lines = ["Traceback (most recent call last):", ...frames, frames.length ? error : `Failure: ${error}`];
    if (!(this.value instanceof Error)) lines.push(STACKLESS_NOTE);
    return lines.join("\n");
  }

  /** The brief traceback, as Twisted's getBriefTraceback. */
  getBriefTraceback(): string {
    return this.getTraceback(false, "brief");
  }

  /**
   * Writes the traceback to `file` (anything with write(text)), by default console.error.
   */
  printTraceback(file?: { write(text: string): unknown }): void {
    const text = this.getTraceback() + "\n";
    if (file) file.write(text);
    else console.error(text);
  }

  toString(): string {
    return `[Failure instance: ${typeName(this.type)}: ${this.getErrorMessage()}]`;
  }

  /** @internal the debugger's label for this object. */
  [traceLabel](): string {
    return `[Failure ${typeName(this.type)}: ${this.getErrorMessage()}]`;
  }
}

/** Said under the traceback of a value that is not an Error (Python cannot raise one). */
const STACKLESS_NOTE =
  '(This is a plain value, not an Error, so it carries no traceback of its own: use an Error instead, as in throw new Error("...") or d.errback(new Error("...")).)';

/** The Python-like name of an exception class, e.g. "ConnectionDone". */
export function typeName(type: Function): string {
  return type.name || "Error";
}

function typeOf(value: unknown): Function {
  if (value !== null && typeof value === "object") {
    const ctor = (value as { constructor?: unknown }).constructor;
    return typeof ctor === "function" ? ctor : Object;
  }
  switch (typeof value) {
    case "string":
      return String;
    case "number":
      return Number;
    case "boolean":
      return Boolean;
    default:
      return Object;
  }
}

function matches(value: unknown, type: Function, errorType: ErrorType): boolean {
  if (typeof errorType === "string") {
    const wanted = errorType.slice(errorType.lastIndexOf(".") + 1);
    for (let proto = type.prototype; proto; proto = Object.getPrototypeOf(proto)) {
      if (proto.constructor?.name === wanted) return true;
    }
    return false;
  }
  if (type === errorType) return true;
  try {
    return value instanceof (errorType as Function);
  } catch {
    return false;
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "<unprintable>";
  }
}
