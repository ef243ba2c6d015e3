/**
 * What an Options class declares, read into what getopt and the parser need:
 * the static `optFlags` and `optParameters` lists of every class in the chain
 * (Python's accumulateClassList) and the `opt_NAME` handler methods
 * (reflect.addMethodNamesToDict), each turned into getopt's spelling, help
 * text, a default and the handler that stores or acts on the option's value.
 */
import type { Coerce } from "./usage-coerce";
import type { Options } from "./usage";
import { UsageError } from "./usage-error";

/** A flag: [long name, short letter or null, help]. */
export type FlagSpec = readonly [long: string, short?: string | null, doc?: string | null];

/** A parameter: [long name, short letter or null, default, help, coerce]. */
export type ParameterSpec = readonly [long: string, short?: string | null, defaultValue?: unknown, doc?: string | null, coerce?: Coerce | null];

/** What the parser calls with an option's name and its text ("" for a flag). */
export type Handler = (name: string, value: string) => void;

/** One kind of declaration, read: its getopt spelling, help, defaults, names and handlers. */
export interface Gathered {
  longOpt: string[];
  shortOpt: string;
  docs: Map<string, string | null>;
  settings: Map<string, unknown>;
  synonyms: Map<string, string>;
  dispatch: Map<string, Handler>;
  coerceDocs: Map<string, string>;
}

type OptionsClass = { readonly prototype: Options; optFlags?: readonly FlagSpec[]; optParameters?: readonly ParameterSpec[] };

/**
 * The class chain from Options down to `cls`, base first (Python's accumulateClassList order).
 * Options extends nothing, so the walk up the constructors ends at it.
 */
function classChain(cls: OptionsClass): OptionsClass[] {
  const chain: OptionsClass[] = [];
  for (let c: unknown = cls; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    chain.unshift(c as OptionsClass);
  }
  return chain;
}

function ownStatic<T>(cls: OptionsClass, name: "optFlags" | "optParameters"): readonly T[] {
  return Object.prototype.hasOwnProperty.call(cls, name) ? ((cls[name] ?? []) as readonly T[]) : [];
}

function emptyGathered(): Gathered {
  return { longOpt: [], shortOpt: "", docs: new Map(), settings: new Map(), synonyms: new Map(), dispatch: new Map(), coerceDocs: new Map() };
}

/**
 * Reads the `optFlags` of `options`' class chain: each flag's default is 0 and giving it sets 1.
 * @throws Error for a flag without a name; its handler throws UsageError when given a value
 */
export function gatherFlags(options: Options): Gathered {
  const found = emptyGathered();
  for (const cls of classChain(options.constructor as OptionsClass)) {
    for (const [long, short = null, doc = null] of ownStatic<FlagSpec>(cls, "optFlags")) {
      if (!long) throw new Error("A flag cannot be without a name.");
      found.docs.set(long, doc);
      found.settings.set(long, 0);
      if (short) {
        found.shortOpt += short;
        found.synonyms.set(short, long);
      }
      found.longOpt.push(long);
      found.synonyms.set(long, long);
      found.dispatch.set(long, (name, value) => {
        if (value !== "" && value !== null) throw new UsageError(`Flag '${name}' takes no argument. Not even "${value}".`);
        options[name] = 1;
      });
    }
  }
  return found;
}

/**
 * Reads the `optParameters` of `options`' class chain: each parameter's default, and a handler
 * that stores its text through its coerce function.
 * @throws Error for a parameter without a name; its handler throws UsageError when the coerce function throws
 */
export function gatherParameters(options: Options): Gathered {
  const found = emptyGathered();
  for (const cls of classChain(options.constructor as OptionsClass)) {
    for (const [long, short = null, defaultValue = null, doc = null, coerce = null] of ownStatic<ParameterSpec>(cls, "optParameters")) {
      if (!long) throw new Error("A parameter cannot be without a name.");
      found.docs.set(long, doc);
      found.settings.set(long, defaultValue);
      if (short) {
        found.shortOpt += `${short}:`;
        found.synonyms.set(short, long);
      }
      found.longOpt.push(`${long}=`);
      found.synonyms.set(long, long);
      if (coerce?.coerceDoc) found.coerceDocs.set(long, coerce.coerceDoc);
      found.dispatch.set(long, (name, value) => {
        let coerced: unknown = value;
        if (coerce) {
          try {
            coerced = coerce(value);
          } catch (thrown) {
            throw new UsageError(`Parameter type enforcement failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
          }
        }
        options[name] = coerced;
      });
    }
  }
  return found;
}

/**
 * Reads the `opt_NAME` methods of `options`' prototype chain: one parameter makes the option take
 * a value; the same function under several names makes them synonyms of the longest.
 * @throws UsageError for a handler with more than one parameter
 */
export function gatherHandlers(options: Options): Gathered {
  const found = emptyGathered();
  const names = handlerNames(Object.getPrototypeOf(options) as object);
  const byMethod = new Map<unknown, string[]>();
  for (const name of names) {
    const method = options[`opt_${name}`] as ((value?: string) => void) & { __doc__?: string };
    if (method.length > 1) throw new UsageError(`Invalid Option function for ${name}`);
    const takesArg = method.length === 1;
    const prettyName = name.replace(/_/g, "-");
    found.docs.set(prettyName, method.__doc__ ?? options.docs[prettyName] ?? null);
    found.synonyms.set(prettyName, prettyName);
    found.dispatch.set(prettyName, takesArg ? (_name, value) => method.call(options, value) : () => method.call(options));
    if (name.length === 1) found.shortOpt += takesArg ? `${name}:` : name;
    else found.longOpt.push(takesArg ? `${prettyName}=` : prettyName);
    byMethod.set(method, [...(byMethod.get(method) ?? []), prettyName]);
  }
  for (const aliases of byMethod.values()) {
    if (aliases.length < 2) continue;
    const longest = aliases.reduce((best, name) => (name.length > best.length ? name : best));
    for (const name of aliases) found.synonyms.set(name, longest);
  }
  return found;
}

/** The NAME of every opt_NAME method on the prototype chain, bases first (reflect.addMethodNamesToDict). */
function handlerNames(prototype: object): string[] {
  const chain: object[] = [];
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) chain.unshift(p);
  const names: string[] = [];
  for (const p of chain) {
    for (const key of Object.getOwnPropertyNames(p)) {
      if (key.startsWith("opt_") && typeof (p as Record<string, unknown>)[key] === "function" && !names.includes(key.slice(4))) names.push(key.slice(4));
    }
  }
  return names;
}
