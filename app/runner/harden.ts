/**
 * Freezes the JavaScript built-ins of the runner's realm before learner code
 * runs, as SES's lockdown() does. The checks' judge and the engine run in the
 * same realm as the learner's program; a program that could patch
 * `Array.prototype.push` or `Map.prototype.get` could make a wrong server pass
 * its checks, or poison every later run. Frozen, they cannot be patched, and
 * the global names of the built-ins cannot be pointed elsewhere.
 *
 * Freezing a prototype has one known cost (the "override mistake"): an object
 * can no longer get its own `toString` or `name` by assignment, because the
 * inherited property is read-only. For the properties programs do override
 * that way, the prototype's value becomes a getter and a setter that gives the
 * object its own property, as SES's property-override taming does.
 */

/** The global names of the built-ins to freeze, as the realm defines them. */
const BUILT_INS = [
  "Object", "Function", "Array", "String", "Number", "Boolean", "Symbol", "BigInt", "Math", "JSON", "Reflect", "Proxy",
  "Promise", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "RegExp", "Date", "Intl", "Iterator",
  "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError",
  "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
  "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
  "TextEncoder", "TextDecoder", "URL", "URLSearchParams", "parseInt", "parseFloat", "isNaN", "isFinite",
  "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI", "escape", "unescape",
] as const;

/** Properties programs give their own objects by assignment (`obj.toString = ...`, `this.name = ...`). */
const OVERRIDDEN = ["constructor", "toString", "toLocaleString", "valueOf", "name", "message", "toJSON"];

/**
 * Freezes every built-in reachable from the realm's global names (their
 * properties, prototypes and accessors), and pins those names on `global`.
 * @param global the realm's global object (the worker's `self`).
 */
export function hardenBuiltIns(global: typeof globalThis): void {
  const roots: object[] = [];
  for (const name of BUILT_INS) {
    const descriptor = Object.getOwnPropertyDescriptor(global, name);
    if (!descriptor || !("value" in descriptor)) continue;
    if (descriptor.configurable) Object.defineProperty(global, name, { value: descriptor.value, writable: false, enumerable: false, configurable: false });
    if (isObject(descriptor.value)) roots.push(descriptor.value);
  }
  // Prototypes no global name leads to: iterators, generators, async functions, the typed arrays' common parent.
  const evaluate = global.eval;
  const hidden = evaluate(`[
    Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(new Map().entries()),
    Object.getPrototypeOf(new Set().values()),
    Object.getPrototypeOf(""[Symbol.iterator]()),
    Object.getPrototypeOf("a".matchAll(/a/g)),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf(Uint8Array),
  ]`) as object[];
  roots.push(...hidden);
  const objectPrototype = Object.getPrototypeOf(Object.getPrototypeOf(hidden[0]!)) as object;
  tameOverrides(objectPrototype, Reflect.ownKeys(objectPrototype));
  const seen = new Set<object>([global]);
  const queue = [...roots];
  while (queue.length > 0) {
    const target = queue.pop()!;
    if (seen.has(target)) continue;
    seen.add(target);
    if (target !== objectPrototype && isPrototype(target)) tameOverrides(target, OVERRIDDEN);
    Object.freeze(target);
    const proto = Object.getPrototypeOf(target) as object | null;
    if (proto) queue.push(proto);
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
      for (const value of [descriptor.value, descriptor.get, descriptor.set]) {
        if (isObject(value)) queue.push(value);
      }
    }
  }
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** A prototype object: it has a `constructor` of its own that points back at it. */
function isPrototype(target: object): boolean {
  const constructor = Object.getOwnPropertyDescriptor(target, "constructor")?.value as { prototype?: unknown } | undefined;
  return typeof constructor === "function" && constructor.prototype === target;
}

/** Turns `names` of `proto` into a getter and a setter that gives the assigning object its own property. */
function tameOverrides(proto: object, names: readonly PropertyKey[]): void {
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || !("value" in descriptor) || !descriptor.configurable) continue;
    const value: unknown = descriptor.value;
    Object.defineProperty(proto, name, {
      get: () => value,
      set(this: object, next: unknown) {
        if (this === proto) throw new TypeError(`Cannot change ${String(name)} of a built-in prototype: the built-ins are frozen`);
        Object.defineProperty(this, name, { value: next, writable: true, enumerable: true, configurable: true });
      },
      enumerable: descriptor.enumerable,
      configurable: false,
    });
  }
}
