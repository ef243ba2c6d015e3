/**
 * zope.interface.interface: interfaces as run-time objects. An interface
 * has a name, a module, bases, and members (Attributes and Methods, each
 * with its doc); called on an object, it adapts the object to itself.
 */
import { formatSignature, repr } from "./repr";

/** A function's parameters as Python's inspect sees them. */
export interface SignatureInfo {
  /** Every named parameter, in order. */
  readonly positional: readonly string[];
  /** The parameters without a default. */
  readonly required: readonly string[];
  /** Default values' source text, by parameter name. */
  readonly optional: Readonly<Record<string, string>>;
  /** The name of the rest parameter (Python's *args), if any. */
  readonly varargs: string | null;
  /** The name of the keyword-arguments parameter (Python's **kw), if any. */
  readonly kwargs: string | null;
}

/** A documented attribute of an interface: `x: new Attribute("The x coordinate")`. */
export class Attribute {
  /** The member's name, set when an interface takes it in. */
  __name__ = "";
  /** The interface the member belongs to, set when an interface takes it in. */
  interface: InterfaceClass<unknown> | null = null;

  /** @param __doc__ what the attribute holds, as a Python docstring says it. */
  constructor(readonly __doc__: string = "") {}

  /** "__main__.IFoo.x", as zope prints a member. */
  toString(): string {
    return this.interface ? `${this.interface.__identifier__}.${this.__name__}` : this.__name__;
  }
}

/** A method of an interface: its parameters (Python's signature) and doc. */
export class Method<N extends number = number> extends Attribute {
  /** The parameters, for verifyObject to compare with an implementation's. */
  readonly signature: SignatureInfo;
  /** Only for the type checker: how many parameters the method takes. */
  declare readonly arity: N;

  /**
   * @param parameters the parameter names as Python writes them: "user",
   *   "default=None", "*args", "**kwargs".
   * @param doc what the method does.
   */
  constructor(parameters: readonly string[], doc = "") {
    super(doc);
    const positional: string[] = [];
    const required: string[] = [];
    const optional: Record<string, string> = {};
    let varargs: string | null = null;
    let kwargs: string | null = null;
    for (const parameter of parameters) {
      if (parameter.startsWith("**")) kwargs = parameter.slice(2);
      else if (parameter.startsWith("*")) varargs = parameter.slice(1);
      else {
        const at = parameter.indexOf("=");
        const name = at < 0 ? parameter : parameter.slice(0, at);
        positional.push(name);
        if (at < 0) required.push(name);
        else optional[name] = parameter.slice(at + 1);
      }
    }
    this.signature = { positional, required, optional, varargs, kwargs };
  }

  /** The signature as Python prints it: "(user)". */
  getSignatureString(): string {
    return formatSignature(this.signature);
  }

  /** The signature's parts: positional, required, optional, varargs, kwargs. */
  getSignatureInfo(): SignatureInfo {
    return this.signature;
  }

  /** "__main__.IFoo.getUser(user)". */
  override toString(): string {
    return `${super.toString()}${this.getSignatureString()}`;
  }
}

/**
 * Declares a method of an interface by its parameter names, as Python's
 * `def getUser(user):` does: `getUser: method("user")`. Defaults and rest
 * parameters are written as in Python: `method("user", "default=None")`,
 * `method("*args")`.
 */
export function method<P extends readonly string[]>(...parameters: P): Method<P["length"]> {
  return new Method(parameters) as Method<P["length"]>;
}

/** An adapter hook: given an interface and an object, an adapter or null. twisted.python.components installs one. */
export type AdapterHook = (iface: InterfaceClass<unknown>, obj: unknown) => unknown;

/** zope.interface.interface.adapter_hooks: asked in order when an object does not provide an interface itself. */
export const adapter_hooks: AdapterHook[] = [];

/**
 * An interface: a callable that adapts, with zope's introspection.
 * `IFoo(obj)` returns obj if it provides IFoo, else what its `__conform__`
 * or an adapter hook (a registered adapter) makes of it, else the
 * alternate when one is given.
 */
export interface InterfaceClass<T = unknown> {
  /**
   * Adapts `obj` to the interface.
   * @throws TypeError ('Could not adapt', obj, IFoo) when nothing adapts it and no alternate is given.
   */
  <D = never>(obj: unknown, alternate?: D): T | D;
  /** The short name: "IFingerService". */
  readonly __name__: string;
  /** The module it is declared in: "__main__" for a learner's, "twisted.web.resource" for IResource. */
  readonly __module__: string;
  /** The dotted name: "twisted.web.resource.IResource". */
  readonly __identifier__: string;
  /** The interfaces it extends. */
  readonly __bases__: readonly InterfaceClass<unknown>[];
  /** The interface's doc. */
  readonly __doc__: string;
  /** True if `obj` declares (through its class or directly) that it provides this interface or one extending it. */
  providedBy(obj: unknown): obj is T;
  /** True if instances of `cls` provide this interface (its class or a base class declared it). */
  implementedBy(cls: unknown): boolean;
  /** The member names: this interface's own, or with `all` those of its bases after them. */
  names(all?: boolean): string[];
  /** [name, Attribute or Method] pairs, bases' first when `all`, as zope orders them. */
  namesAndDescriptions(all?: boolean): [string, Attribute][];
  /** The member called `name` (own or inherited), as Python's IFoo["name"]. */
  get(name: string): Attribute | undefined;
  /** True if this interface extends `other` (or is it, unless `strict`). */
  extends(other: InterfaceClass<unknown>, strict?: boolean): boolean;
  /** True if this interface is `other` or extends it. */
  isOrExtends(other: InterfaceClass<unknown>): boolean;
  /** This interface and every interface it extends, nearest first. */
  readonly __iro__: readonly InterfaceClass<unknown>[];
  /** `obj` if it provides this interface, else the first adapter hook's answer, else null. */
  __adapt__(obj: unknown): T | null;
  /** "<InterfaceClass __main__.IFoo>". */
  toString(): string;
}

/** The type of the objects an interface describes: `Provided<typeof IFingerService>`. */
export type Provided<I> = I extends InterfaceClass<infer T> ? T : never;

/**
 * Members of an interface whose providers have type T: a Method for each
 * function, an Attribute for the rest (symbol-keyed members such as
 * `[Symbol.iterator]` are Python's dunder methods and are not listed).
 */
export type InterfaceMembers<T> = {
  [K in keyof T as K extends string ? K : never]-?: NonNullable<T[K]> extends (...args: infer A) => unknown ? Method<Required<A>["length"]> | Method<A["length"]> : Attribute;
};

/** The member names an interface inherits from `bases` (none for no bases). */
type InheritedKeys<B extends readonly InterfaceClass<any>[]> = [B[number]] extends [never] ? never : keyof Provided<B[number]>;

const interfaces = new WeakSet<object>();

/** True if `value` is an interface (zope's IInterface.providedBy). @internal */
export function isInterface(value: unknown): value is InterfaceClass<unknown> {
  return typeof value === "function" && interfaces.has(value);
}

/**
 * Defines an interface, the TypeScript for Python's
 * `class IFingerService(Interface): def getUser(user): """..."""`.
 * Declare the providers' type as a TypeScript interface of the same name
 * (its doc comments are the docstrings the editor shows), then the run-time
 * interface with one member per property:
 *
 *     interface IFingerService {
 *       // Return a deferred returning a string.
 *       getUser(user: string): Deferred<string>;
 *     }
 *     const IFingerService = Interface<IFingerService>("IFingerService", {
 *       getUser: method("user"),
 *     });
 *
 * The type checker holds the two together: a member missing or extra, or a
 * method with the wrong number of parameters, is an error. Without the type
 * argument (`Interface("IFoo", {...})`), providers are typed loosely, as in Python.
 *
 * @param name the interface's name; a dotted name ("twisted.web.resource.IResource")
 *   also gives its module, otherwise the module is "__main__".
 * @param members its Attributes and Methods (those of `bases` are inherited, not repeated).
 * @param bases the interfaces it extends, as Python's `class ISub(IBase)`.
 * @param doc the interface's docstring.
 */
export function Interface<T = Record<string, any>, B extends readonly InterfaceClass<any>[] = []>(
  name: string,
  members: InterfaceMembers<Omit<T, InheritedKeys<B>>>,
  bases?: B,
  doc = "",
): InterfaceClass<T> {
  const dot = name.lastIndexOf(".");
  const shortName = name.slice(dot + 1);
  const module = dot < 0 ? "__main__" : name.slice(0, dot);
  const own = new Map<string, Attribute>();
  for (const [key, member] of Object.entries(members as Record<string, Attribute>)) {
    if (!(member instanceof Attribute)) throw new TypeError(`${shortName}.${key} must be an Attribute or a method(...), not ${repr(member)}`);
    own.set(key, member);
  }
  const baseList: InterfaceClass<unknown>[] = [...(bases ?? [])];
  for (const base of baseList) if (!isInterface(base)) throw new TypeError(`${repr(base)} is not an interface, so ${shortName} cannot extend it`);

  const iface = function (obj: unknown, ...alternate: unknown[]): unknown {
    const conform = obj !== null && obj !== undefined ? (obj as { __conform__?: unknown }).__conform__ : undefined;
    if (typeof conform === "function") {
      const adapter = conform.call(obj, iface);
      if (adapter !== null && adapter !== undefined) return adapter;
    }
    const adapter = (iface as unknown as InterfaceClass<unknown>).__adapt__(obj);
    if (adapter !== null && adapter !== undefined) return adapter;
    if (alternate.length > 0) return alternate[0];
    const error = new TypeError(`('Could not adapt', ${repr(obj)}, ${String(iface)})`);
    throw Object.assign(error, { args: ["Could not adapt", obj, iface] });
  } as unknown as InterfaceClass<T>;

  const iro: InterfaceClass<unknown>[] = [iface as InterfaceClass<unknown>];
  for (const base of baseList) for (const ancestor of base.__iro__) if (!iro.includes(ancestor)) iro.push(ancestor);

  Object.defineProperty(iface, "name", { value: shortName });
  Object.defineProperties(iface, {
    __name__: { value: shortName },
    __module__: { value: module },
    __identifier__: { value: `${module}.${shortName}` },
    __bases__: { value: Object.freeze(baseList) },
    __doc__: { value: doc },
    __iro__: { value: Object.freeze(iro) },
    [OWN_MEMBERS]: { value: own },
  });
  Object.setPrototypeOf(iface, interfaceMethods);
  for (const [key, member] of own) {
    member.__name__ = key;
    member.interface = iface as InterfaceClass<unknown>;
  }
  interfaces.add(iface);
  return iface;
}

const OWN_MEMBERS = Symbol("own members");

/** Hooks that zope.interface.declarations installs: who declares what. @internal */
export const declarationHooks = {
  providedBy: (obj: unknown, iface: InterfaceClass<unknown>): boolean => (void obj, void iface, false),
  implementedBy: (cls: unknown, iface: InterfaceClass<unknown>): boolean => (void cls, void iface, false),
};

/** The methods every interface shares; its prototype is Function.prototype, so an interface is still a function. */
const interfaceMethods = {
  providedBy(this: InterfaceClass<unknown>, obj: unknown): boolean {
    return declarationHooks.providedBy(obj, this);
  },
  implementedBy(this: InterfaceClass<unknown>, cls: unknown): boolean {
    return declarationHooks.implementedBy(cls, this);
  },
  names(this: InterfaceClass<unknown>, all = false): string[] {
    // zope lists its own names first here, but bases' first in namesAndDescriptions.
    const names = [...(this as unknown as Record<symbol, Map<string, Attribute>>)[OWN_MEMBERS]!.keys()];
    if (all) for (const base of this.__bases__) for (const name of base.names(true)) if (!names.includes(name)) names.push(name);
    return names;
  },
  namesAndDescriptions(this: InterfaceClass<unknown>, all = false): [string, Attribute][] {
    const own = (this as unknown as Record<symbol, Map<string, Attribute>>)[OWN_MEMBERS]!;
    if (!all) return [...own];
    const merged = new Map<string, Attribute>();
    for (const base of [...this.__bases__].reverse()) for (const [name, member] of base.namesAndDescriptions(true)) merged.set(name, member);
    for (const [name, member] of own) merged.set(name, member);
    return [...merged];
  },
  get(this: InterfaceClass<unknown>, name: string): Attribute | undefined {
    for (const iface of this.__iro__) {
      const member = (iface as unknown as Record<symbol, Map<string, Attribute>>)[OWN_MEMBERS]!.get(name);
      if (member) return member;
    }
    return undefined;
  },
  extends(this: InterfaceClass<unknown>, other: InterfaceClass<unknown>, strict = true): boolean {
    return (!strict && this === other) || (this !== other && this.__iro__.includes(other));
  },
  isOrExtends(this: InterfaceClass<unknown>, other: InterfaceClass<unknown>): boolean {
    return this.__iro__.includes(other);
  },
  __adapt__(this: InterfaceClass<unknown>, obj: unknown): unknown {
    if (this.providedBy(obj)) return obj;
    for (const hook of adapter_hooks) {
      const adapter = hook(this, obj);
      if (adapter !== null && adapter !== undefined) return adapter;
    }
    return null;
  },
  toString(this: InterfaceClass<unknown>): string {
    return `<InterfaceClass ${this.__identifier__}>`;
  },
};
Object.setPrototypeOf(interfaceMethods, Function.prototype);
