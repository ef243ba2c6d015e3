/**
 * A memory ceiling for the runner's realm. A worker cannot read its own heap
 * (performance.memory is the page's, and measureUserAgentSpecificMemory needs
 * a cross-origin-isolated page), and a worker that exhausts memory takes its
 * renderer down with it. So the runner counts what holds memory by the
 * megabyte: large arrays filled in one go (`new Array(n).fill(x)`,
 * `Array.from({ length: n })`), array buffers and typed arrays. Each counted
 * object is watched by a FinalizationRegistry, so what the program lets go is
 * taken off again once it is collected: the count is of what the program
 * still holds. Past the ceiling the allocation is refused with a RangeError,
 * as the browser's own out-of-memory is, and the program is stopped whatever
 * it catches (see World.exceedMemory).
 *
 * Not counted: objects under LARGE_BYTES each (a million small objects pushed
 * one by one), and strings (they cannot be watched for collection; the
 * browser caps one string at about half a gigabyte itself).
 */

/** The most the program may hold in counted objects. */
export const MEMORY_CEILING_BYTES = 512 * 1024 * 1024;
/** Smaller objects are not counted: the engine makes many, and none of them alone matters. */
const LARGE_BYTES = 256 * 1024;
/** What an array element costs, at least (a pointer or a small number). */
const BYTES_PER_ELEMENT = 8;

/** Constructors of objects that hold memory of their own. */
const BUFFER_CONSTRUCTORS = [
  "ArrayBuffer", "SharedArrayBuffer", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
  "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
] as const;

export interface MemoryMeter {
  /** Bytes in counted objects not yet collected. */
  readonly liveBytes: () => number;
}

/**
 * Counts large allocations in `global`'s realm from now on. Call it before
 * the built-ins are frozen (see harden.ts) and before learner code runs.
 * @param onCeiling called when an allocation would pass the ceiling, just
 *   before it is refused.
 */
export function meterAllocations(global: typeof globalThis, onCeiling: () => void, ceiling = MEMORY_CEILING_BYTES): MemoryMeter {
  let live = 0;
  const counted = new WeakSet<object>();
  const collected = new FinalizationRegistry<number>((bytes) => (live -= bytes));
  const admit = (bytes: number): void => {
    if (live + bytes <= ceiling) return;
    onCeiling();
    throw new RangeError(
      `Out of memory: the program would hold more than ${ceiling / 1024 / 1024} MB in large arrays and buffers, the most the runner allows`,
    );
  };
  const count = (holder: object, bytes: number): void => {
    if (counted.has(holder)) return;
    counted.add(holder);
    live += bytes;
    collected.register(holder, bytes);
  };

  const arrayProto = global.Array.prototype;
  const originalFill = arrayProto.fill;
  const apply = Reflect.apply;
  Object.defineProperty(arrayProto, "fill", {
    ...Object.getOwnPropertyDescriptor(arrayProto, "fill"),
    value: function fill(this: unknown[], ...args: unknown[]) {
      const bytes = (Number(this.length) || 0) * BYTES_PER_ELEMENT;
      if (bytes >= LARGE_BYTES && !counted.has(this)) {
        admit(bytes);
        count(this, bytes);
      }
      return apply(originalFill, this, args) as unknown[];
    },
  });
  const originalFrom = global.Array.from;
  Object.defineProperty(global.Array, "from", {
    ...Object.getOwnPropertyDescriptor(global.Array, "from"),
    value: function from(this: unknown, ...args: unknown[]) {
      const source = args[0] as { length?: unknown } | null | undefined;
      const bytes = (typeof source === "object" && source !== null ? Number(source.length) || 0 : 0) * BYTES_PER_ELEMENT;
      if (bytes >= LARGE_BYTES) admit(bytes);
      const result = apply(originalFrom, this, args) as unknown[];
      if (result.length * BYTES_PER_ELEMENT >= LARGE_BYTES) count(result, result.length * BYTES_PER_ELEMENT);
      return result;
    },
  });

  for (const name of BUFFER_CONSTRUCTORS) {
    const original = (global as unknown as Record<string, unknown>)[name] as (new (...args: unknown[]) => object) | undefined;
    if (typeof original !== "function") continue;
    const metered = new Proxy(original, {
      construct(target, args, newTarget) {
        const wanted = requestedBytes(name, args);
        if (wanted >= LARGE_BYTES) admit(wanted);
        // Subclasses of the metered constructor construct as themselves.
        const made = Reflect.construct(target, args, newTarget === metered ? target : newTarget) as object;
        const buffer = "buffer" in made ? (made as { buffer: ArrayBufferLike }).buffer : (made as ArrayBufferLike);
        if (buffer.byteLength >= LARGE_BYTES) count(buffer, buffer.byteLength);
        return made;
      },
    });
    Object.defineProperty(global, name, { ...Object.getOwnPropertyDescriptor(global, name), value: metered });
  }
  return { liveBytes: () => live };
}

/** The bytes a buffer constructor is asked for, when its first argument is a length. */
function requestedBytes(name: (typeof BUFFER_CONSTRUCTORS)[number], args: readonly unknown[]): number {
  const length = args[0];
  if (typeof length !== "number") return 0;
  if (name === "ArrayBuffer" || name === "SharedArrayBuffer") return length;
  const perElement: Record<string, number> = { Int8Array: 1, Uint8Array: 1, Uint8ClampedArray: 1, Int16Array: 2, Uint16Array: 2, Int32Array: 4, Uint32Array: 4, Float32Array: 4 };
  return length * (perElement[name] ?? 8);
}
