/**
 * Python's repr() for the values zope.interface and twisted.python.components
 * put in their messages ("('Could not adapt', <__main__.Thing object at
 * 0x7f...>, <InterfaceClass __main__.IThing>)"), and the signature of a
 * JavaScript function as Python's inspect.signature would print it. Internal:
 * learners never import this module.
 */
import type { SignatureInfo } from "./interface";

const addresses = new WeakMap<object, number>();
let nextAddress = 0x7f3a5c000010;

/**
 * A stable fake address for `obj`, as CPython prints in a default repr
 * (0x7f3a5c000010, 0x7f3a5c000040, ...): the same object always gets the same one.
 */
export function addressOf(obj: object): string {
  let address = addresses.get(obj);
  if (address === undefined) {
    address = nextAddress;
    nextAddress += 0x30;
    addresses.set(obj, address);
  }
  return `0x${address.toString(16)}`;
}

/** The modules of the engine's classes, by class: filled in by the runtime from the learner module paths. */
const modules = new WeakMap<Function, string>();

/** Records that `cls` belongs to the dotted `module` ("twisted.web.resource"), unless it already has one. */
export function recordModule(cls: Function, module: string): void {
  if (!modules.has(cls)) modules.set(cls, module);
}

/**
 * The dotted module a class belongs to: its static `__module__`, else the
 * module the engine exports it from, else "__main__" (a learner's program runs as a script).
 */
export function moduleOf(cls: unknown): string {
  const declared = (cls as { __module__?: unknown } | null)?.__module__;
  if (typeof declared === "string") return declared;
  return (typeof cls === "function" && modules.get(cls)) || "__main__";
}

/** Python's repr of a str: single quotes unless the text holds a single quote and no double quote. */
export function strRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return quote + out + quote;
}

/**
 * Python's repr() of a value: None, True, 3, 'text', [1, 2], a class as
 * <class '__main__.Foo'>, an object by its `__repr__` or `toString` when it
 * defines one, else <__main__.Foo object at 0x...>.
 */
export function repr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isNaN(value) ? "nan" : value === Infinity ? "inf" : value === -Infinity ? "-inf" : String(value);
  if (typeof value === "string") return strRepr(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(", ")}]`;
  if (typeof value === "function") {
    const custom = ownRepr(value);
    if (custom !== null) return custom;
    if (isClass(value)) return `<class '${moduleOf(value)}.${value.name}'>`;
    return `<function ${value.name || "<lambda>"} at ${addressOf(value)}>`;
  }
  if (typeof value !== "object") return String(value);
  const custom = ownRepr(value);
  if (custom !== null) return custom;
  const cls = (value as object).constructor;
  const name = typeof cls === "function" && cls !== Object ? cls.name : "object";
  const module = typeof cls === "function" && cls !== Object ? moduleOf(cls) : "builtins";
  return module === "builtins" ? `<${name} object at ${addressOf(value)}>` : `<${module}.${name} object at ${addressOf(value)}>`;
}

/** The repr an object defines for itself: a `__repr__` method, or a `toString` other than Object's and Function's. */
function ownRepr(value: object): string | null {
  const custom = (value as { __repr__?: unknown }).__repr__;
  if (typeof custom === "function") return String(custom.call(value));
  const toString = (value as { toString?: unknown }).toString;
  if (typeof toString === "function" && toString !== Object.prototype.toString && toString !== Function.prototype.toString && !(value instanceof Error)) {
    return String(toString.call(value));
  }
  return null;
}

/** True if `fn` is a class (its source starts with `class`). */
export function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/** Formats a signature as Python prints one: "(user, default=None, *args)". */
export function formatSignature(info: SignatureInfo): string {
  const parts = info.positional.map((name) => (name in info.optional ? `${name}=${info.optional[name]}` : name));
  if (info.varargs) parts.push(`*${info.varargs}`);
  if (info.kwargs) parts.push(`**${info.kwargs}`);
  return `(${parts.join(", ")})`;
}

/**
 * The parameters of a JavaScript function, read from its source; null when
 * the source hides them (a built-in or bound function, a class). A parameter
 * with a default is optional, `...rest` is the varargs; a TypeScript `b?`
 * has lost its `?` by run time, so it counts as required.
 */
export function signatureOf(fn: Function): SignatureInfo | null {
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source) || isClass(fn)) return null;
  const params = parameterText(source);
  if (params === null) return null;
  const positional: string[] = [];
  const required: string[] = [];
  const optional: Record<string, string> = {};
  let varargs: string | null = null;
  for (const raw of splitTopLevel(params)) {
    const param = raw.trim();
    if (!param) continue;
    if (param.startsWith("...")) {
      varargs = param.slice(3).trim();
      continue;
    }
    const at = topLevelEquals(param);
    const name = (at < 0 ? param : param.slice(0, at)).trim();
    positional.push(name);
    if (at < 0) required.push(name);
    else optional[name] = param.slice(at + 1).trim();
  }
  // A required parameter after an optional one can be left out too (JavaScript passes undefined), as fn.length says.
  return { positional, required: required.slice(0, fn.length), optional, varargs, kwargs: null };
}

/** The text between a function source's parameter parentheses, or the lone parameter of `x => ...`. */
function parameterText(source: string): string | null {
  const arrow = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrow) return arrow[1]!;
  const open = source.indexOf("(");
  if (open < 0) return null;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    } else if (ch === '"' || ch === "'" || ch === "`") {
      const close = source.indexOf(ch, i + 1);
      if (close < 0) return null;
      i = close;
    }
  }
  return null;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function topLevelEquals(param: string): number {
  let depth = 0;
  for (let i = 0; i < param.length; i++) {
    const ch = param[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === "=" && depth === 0 && param[i + 1] !== ">") return i;
  }
  return -1;
}
