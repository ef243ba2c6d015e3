/**
 * Renders any value as a short, safe string for a trace event: never throws,
 * never runs learner getters or toString, never longer than MAX_LENGTH.
 */

/** Classes that know how to label themselves in a trace (Deferred, Failure) implement this method. */
export const traceLabel: unique symbol = Symbol.for("evolution-of-finger.traceLabel");

/** Something with its own trace label. */
export interface TraceLabelled {
  [traceLabel](): string;
}

const MAX_LENGTH = 80;

/** How a Deferred labels itself in the trace (shared by Deferred and the trace recorder, which keeps only the id). */
export function deferredLabel(id: number): string {
  return `<Deferred #${id}>`;
}

/** A short description of `value`: `3`, `"abc"`, `[1, 2]`, `<Deferred #4>`, `[Failure ValueError: boom]`. */
export function describeValue(value: unknown): string {
  // The common cases first, without the guard the general case needs.
  if (typeof value === "number") return String(value);
  if (value === undefined) return "undefined";
  try {
    return clip(render(value, 2));
  } catch {
    return "<unprintable>";
  }
}

// Reading a function's `name` goes through an accessor in V8. Chains often
// reuse a few functions, so the last few names are remembered; a fresh
// function (an arrow made per call) costs one read, never a cache entry.
const CACHE_SIZE = 4;
const cachedFunctions: unknown[] = new Array(CACHE_SIZE).fill(null);
const cachedNames: string[] = new Array(CACHE_SIZE).fill("");
let nextSlot = 0;

/** The name of a function for the trace: its own name or "<anonymous>". */
export function describeFunction(fn: unknown): string {
  if (typeof fn !== "function") return String(fn);
  for (let i = 0; i < CACHE_SIZE; i++) if (cachedFunctions[i] === fn) return cachedNames[i]!;
  const described = functionName(fn);
  cachedFunctions[nextSlot] = fn;
  cachedNames[nextSlot] = described;
  nextSlot = (nextSlot + 1) % CACHE_SIZE;
  return described;
}

/** describeFunction's name for `fn`, read afresh (no cache): for callers that keep their own. */
export function functionName(fn: Function): string {
  const name = fn.name;
  return !name ? "<anonymous>" : name.startsWith("bound ") ? name.slice(6) : name;
}

function render(value: unknown, depth: number): string {
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "string":
      return JSON.stringify(value.length > MAX_LENGTH ? value.slice(0, MAX_LENGTH) : value);
    case "symbol":
      return value.toString();
    case "function":
      return `<function ${describeFunction(value)}>`;
  }
  if (value === null) return "null";
  const object = value as object;
  if (traceLabel in object) return (object as TraceLabelled)[traceLabel]();
  if (Array.isArray(object)) {
    if (depth === 0) return `[…${object.length}]`;
    const shown = object.slice(0, 8).map((item) => render(item, depth - 1));
    if (object.length > 8) shown.push(`…${object.length - 8} more`);
    return `[${shown.join(", ")}]`;
  }
  if (object instanceof Error) return `${object.name}(${JSON.stringify(object.message)})`;
  const proto = Object.getPrototypeOf(object);
  if (proto === Object.prototype || proto === null) {
    if (depth === 0) return "{…}";
    const keys = Object.keys(object);
    const shown = keys.slice(0, 6).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      const shownValue = descriptor && "value" in descriptor ? render(descriptor.value, depth - 1) : "<getter>";
      return `${key}: ${shownValue}`;
    });
    if (keys.length > 6) shown.push("…");
    return `{${shown.join(", ")}}`;
  }
  const name = typeof proto?.constructor === "function" ? proto.constructor.name : "";
  return `<${name || "object"}>`;
}

function clip(text: string): string {
  return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH - 1)}…`;
}
