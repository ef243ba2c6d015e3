/**
 * twisted.spread.jelly: turns object graphs into s-expressions banana can
 * carry, and back, under a security policy.
 *
 * jelly writes what Twisted 22.4 writes: a str is ["unicode", utf-8 bytes],
 * bytes, ints and floats go as themselves, None is ["None"], a bool is
 * ["boolean", "true"], containers are ["list", ...], ["tuple", ...],
 * ["dictionary", [k, v], ...], ["set", ...], and an object seen twice becomes
 * ["reference", n, ...] and later ["dereference", n].
 *
 * unjelly never builds a class it was not told it may: the taster
 * (SecurityOptions) must allow the type, or a class must be registered with
 * setUnjellyableForClass; anything else raises InsecureJelly. An instance
 * whose class the taster does not allow is jellied as ["unpersistable",
 * "instance of class X deemed insecure"], and arrives as an Unpersistable.
 */
import { TwistedError } from "../python/exceptions";
import { recordModule, repr } from "../../zope/interface/repr";
import { bytesRepr, type BananaValue } from "./banana";
import { NotKnown, asTuple, atom, atomName, fromUtf8, isPlainObject, isTuple, qual, utf8 } from "./jelly-types";

export { tuple, asTuple, isTuple, qual } from "./jelly-types";

/** An s-expression: what jelly makes and banana carries. */
export type Sexp = BananaValue;

/** A jelly was refused: it names a type, module or class the taster does not allow. */
export class InsecureJelly extends TwistedError {}
recordModule(InsecureJelly, "twisted.spread.jelly");

/** Stands in for something that could not be sent; `reason` says why. */
export class Unpersistable {
  constructor(readonly reason: string) {}

  toString(): string {
    return `Unpersistable(${repr(this.reason)})`;
  }
}
recordModule(Unpersistable, "twisted.spread.jelly");

/** What a jellier or unjellier passes to Jellyable/Unjellyable hooks. */
export interface JellyInvoker {
  [key: string]: any;
}

/** A policy for what may be unjellied (and which instances may be jellied with their state). */
export interface Taster {
  isModuleAllowed(moduleName: string): boolean;
  isClassAllowed(cls: Function): boolean;
  isTypeAllowed(typeName: string): boolean;
  /** The allowed class named `qualName`, for unjellying its instances. */
  classNamed?(qualName: string): Function | undefined;
}

/** Allows everything (jelly's default taster, as in Twisted: use SecurityOptions on a network). */
export class DummySecurityOptions implements Taster {
  isModuleAllowed(): boolean {
    return true;
  }
  isClassAllowed(): boolean {
    return true;
  }
  isTypeAllowed(): boolean {
    return true;
  }
}

/** A security policy that by default allows only the basic immutable types; allow more with its methods. */
export class SecurityOptions implements Taster {
  static readonly basicTypes = ["dictionary", "list", "tuple", "reference", "dereference", "unpersistable", "persistent", "long_int", "long", "dict"];
  readonly allowedTypes = new Set(["None", "bool", "boolean", "string", "str", "int", "float", "datetime", "time", "date", "timedelta", "NoneType", "unicode", "decimal", "set", "frozenset"]);
  readonly allowedModules = new Set<string>();
  readonly allowedClasses = new Set<Function>();

  /** Allows dicts, lists, tuples and back-references. */
  allowBasicTypes(): void {
    this.allowTypes(...SecurityOptions.basicTypes);
  }

  /** Allows types by name (or a class, by its qualified name). */
  allowTypes(...types: (string | Function)[]): void {
    for (const type of types) this.allowedTypes.add(typeof type === "string" ? type : qual(type));
  }

  /** Allows instances of these classes to be jellied with their state and unjellied by name. */
  allowInstancesOf(...classes: Function[]): void {
    this.allowBasicTypes();
    this.allowTypes("instance", "class", "classobj", "module");
    for (const cls of classes) {
      this.allowTypes(qual(cls));
      this.allowModules(qual(cls).slice(0, qual(cls).lastIndexOf(".")));
      this.allowedClasses.add(cls);
    }
  }

  /** Allows modules by name. */
  allowModules(...modules: string[]): void {
    for (const module of modules) this.allowedModules.add(module);
  }

  isModuleAllowed(moduleName: string): boolean {
    return this.allowedModules.has(moduleName);
  }

  isClassAllowed(cls: Function): boolean {
    return this.allowedClasses.has(cls);
  }

  /** True for an allowed type, and (as in Twisted) for any dotted name: those are checked by module and class. */
  isTypeAllowed(typeName: string): boolean {
    return this.allowedTypes.has(typeName) || typeName.includes(".");
  }

  classNamed(qualName: string): Function | undefined {
    for (const cls of this.allowedClasses) if (qual(cls) === qualName) return cls;
    return undefined;
  }
}
recordModule(SecurityOptions, "twisted.spread.jelly");

/** The policy PB uses by default: basic types, plus classes registered with setUnjellyableForClass. */
export const globalSecurity = new SecurityOptions();
globalSecurity.allowBasicTypes();

type UnjellyFunction = (unjellier: Unjellier, jellyList: Sexp[]) => unknown;
/** Classes (or functions) that rebuild a jellied type, by its type name. */
export const unjellyableRegistry = new Map<string, Function>();
/** Factories that take the unjellied state, by type name. */
export const unjellyableFactoryRegistry = new Map<string, (state: any) => unknown>();

function typeNameOf(classname: string | Function): string {
  return typeof classname === "string" ? classname : qual(classname);
}

/**
 * Registers `unjellyable` (a class with unjellyFor, such as a RemoteCopy, or
 * a function (unjellier, jellyList)) to rebuild objects jellied as
 * `classname`, and lets globalSecurity accept that type.
 * @param classname the type name as it travels ("__main__.User"), or the sender's class.
 */
export function setUnjellyableForClass(classname: string | Function, unjellyable: Function): void {
  const name = typeNameOf(classname);
  unjellyableRegistry.set(name, unjellyable);
  globalSecurity.allowTypes(name);
}

/** Registers a factory called with the unjellied state of objects jellied as `classname`. */
export function setUnjellyableFactoryForClass(classname: string | Function, factory: (state: any) => unknown): void {
  const name = typeNameOf(classname);
  unjellyableFactoryRegistry.set(name, factory);
  globalSecurity.allowTypes(name);
}

/**
 * Registers `baseClass` for every class in `module` (an object of exported
 * classes) that inherits from it, under "prefix.ClassName".
 */
export function setUnjellyableForClassTree(module: Record<string, unknown>, baseClass: Function, prefix = ""): void {
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === "function" && (value === baseClass || value.prototype instanceof baseClass)) {
      setUnjellyableForClass(prefix ? `${prefix}.${name}` : name, value);
    }
  }
}

/** An instance's state: its own enumerable properties, as Python's __dict__. */
export function instanceDict(instance: object): Record<string, unknown> {
  return { ...instance } as Record<string, unknown>;
}

/** Inherit to be jellied as [class name, state]: the state is getStateFor(jellier). */
export class Jellyable {
  /** The state to send; by default the instance's own properties. */
  getStateFor(_jellier: Jellier): unknown {
    return instanceDict(this);
  }

  /** The s-expression for this object. */
  jellyFor(jellier: Jellier): Sexp {
    const sxp = jellier.prepare(this);
    sxp.push(atom(qual(this.constructor)), jellier.jelly(this.getStateFor(jellier)));
    return jellier.preserve(this, sxp);
  }
}
recordModule(Jellyable, "twisted.spread.jelly");

/** Inherit to be rebuilt from [class name, state]. */
export class Unjellyable {
  /** Takes the received state; by default copies it onto this object. */
  setStateFor(_unjellier: Unjellier, state: unknown): void {
    Object.assign(this, state);
  }

  /** Rebuilds this (blank) object from `jellyList`. */
  unjellyFor(unjellier: Unjellier, jellyList: Sexp[]): unknown {
    this.setStateFor(unjellier, unjellier.unjelly(jellyList[1]!));
    return this;
  }
}
recordModule(Unjellyable, "twisted.spread.jelly");

/** [class name, state] for `instance`, keeping back-references working. */
export function getInstanceState(instance: object, jellier: Jellier): Sexp {
  const sxp = jellier.prepare(instance);
  sxp.push(atom(qual(instance.constructor)), jellier.jelly(instanceDict(instance)));
  return jellier.preserve(instance, sxp);
}

/** Sets `instance`'s state from [class name, state]. */
export function setInstanceState(instance: object, unjellier: Unjellier, jellyList: Sexp[]): object {
  Object.assign(instance, unjellier.unjelly(jellyList[1]!));
  return instance;
}

/** One jelly call's state: which objects were seen, for back-references. */
export class Jellier {
  private readonly preserved = new Map<object, Sexp[]>();
  private readonly cooked = new Map<object, Sexp[]>();
  private refId = 1;

  constructor(
    readonly taster: Taster,
    readonly persistentStore: ((obj: unknown, jellier: Jellier) => Sexp | null) | null,
    readonly invoker: JellyInvoker | null,
  ) {}

  /** @internal Gives `object` a reference number, since it is seen a second time. */
  private cook(object: object): void {
    const aList = this.preserved.get(object)!;
    const newList = [...aList];
    const refid = this.refId++;
    aList.splice(0, aList.length, atom("reference"), refid, newList);
    this.cooked.set(object, [atom("dereference"), refid]);
  }

  /** Starts the s-expression of a mutable object, so that references inside it can point back. */
  prepare(object: object): Sexp[] {
    this.preserved.set(object, []);
    return [];
  }

  /** Finishes the s-expression of `object` started by prepare. */
  preserve(object: object, sexp: Sexp[]): Sexp[] {
    if (this.cooked.has(object)) {
      const placeholder = this.preserved.get(object)!;
      placeholder[2] = sexp;
      return placeholder;
    }
    this.preserved.set(object, sexp);
    return sexp;
  }

  private checkMutable(object: object): Sexp[] | undefined {
    const cooked = this.cooked.get(object);
    if (cooked) return cooked;
    if (this.preserved.has(object)) {
      this.cook(object);
      return this.cooked.get(object);
    }
    return undefined;
  }

  /**
   * The s-expression for `obj`.
   * @throws InsecureJelly for a value jelly has no form for (a function, a symbol).
   */
  jelly(obj: unknown): Sexp {
    if (obj instanceof Jellyable || (obj !== null && typeof obj === "object" && typeof (obj as Jellyable).jellyFor === "function")) {
      const preRef = this.checkMutable(obj as object);
      if (preRef) return preRef;
      return (obj as Jellyable).jellyFor(this);
    }
    if (obj instanceof Uint8Array) return obj;
    if (typeof obj === "number" || typeof obj === "bigint") return obj;
    if (typeof obj === "string") return [atom("unicode"), utf8(obj)];
    if (obj === null || obj === undefined) return [atom("None")];
    if (typeof obj === "boolean") return [atom("boolean"), atom(obj ? "true" : "false")];
    if (typeof obj === "function") {
      if (/^class[\s{]/.test(Function.prototype.toString.call(obj))) return [atom("class"), atom(qual(obj))];
      throw new InsecureJelly(`Type not allowed for object: <class 'function'> ${repr(obj)}`);
    }
    if (typeof obj !== "object") throw new InsecureJelly(`Type not allowed for object: ${typeof obj} ${String(obj)}`);
    const preRef = this.checkMutable(obj);
    if (preRef) return preRef;
    const sxp = this.prepare(obj);
    if (Array.isArray(obj)) {
      sxp.push(atom(isTuple(obj) ? "tuple" : "list"), ...obj.map((item) => this.jelly(item)));
    } else if (obj instanceof Set) {
      sxp.push(atom("set"), ...[...obj].map((item) => this.jelly(item)));
    } else if (obj instanceof Map) {
      sxp.push(atom("dictionary"), ...[...obj].map(([key, value]) => [this.jelly(key), this.jelly(value)]));
    } else if (isPlainObject(obj)) {
      sxp.push(atom("dictionary"), ...Object.entries(obj).map(([key, value]) => [this.jelly(key), this.jelly(value)]));
    } else {
      const persistent = this.persistentStore ? this.persistentStore(obj, this) : null;
      if (persistent !== null) sxp.push(atom("persistent"), persistent);
      else if (this.taster.isClassAllowed(obj.constructor)) sxp.push(atom(qual(obj.constructor)), this.jelly(instanceDict(obj)));
      else this.unpersistable(`instance of class ${qual(obj.constructor)} deemed insecure`, sxp);
    }
    return this.preserve(obj, sxp);
  }

  /** Appends ["unpersistable", reason] to `sxp` (or a new list) and returns it. */
  unpersistable(reason: string, sxp: Sexp[] = []): Sexp[] {
    sxp.push(atom("unpersistable"), utf8(reason));
    return sxp;
  }
}

/** One unjelly call's state: references seen so far and the postUnjelly hooks to run. */
export class Unjellier {
  private readonly references = new Map<unknown, unknown>();
  private readonly postCallbacks: (() => void)[] = [];

  constructor(
    readonly taster: Taster,
    readonly persistentLoad: ((id: Sexp, unjellier: Unjellier) => unknown) | null,
    readonly invoker: JellyInvoker | null,
  ) {}

  /** Unjellies `obj` and then runs every postUnjelly hook. */
  unjellyFull(obj: Sexp): unknown {
    const result = this.unjelly(obj);
    for (const hook of this.postCallbacks) hook();
    return result;
  }

  private maybePostUnjelly<T>(unjellied: T): T {
    const hook = (unjellied as { postUnjelly?: unknown } | null)?.postUnjelly;
    if (typeof hook === "function") this.postCallbacks.push(() => hook.call(unjellied));
    return unjellied;
  }

  /**
   * The object `obj` describes.
   * @throws InsecureJelly for a type, module or class the taster does not allow.
   */
  unjelly(obj: Sexp): unknown {
    if (!Array.isArray(obj)) return obj;
    const type = atomName(obj[0]);
    if (type === null) throw new InsecureJelly(`Unknown jelly type: ${repr(obj[0])}`);
    if (!this.taster.isTypeAllowed(type)) throw new InsecureJelly(bytesRepr(obj[0] as Uint8Array));
    const registered = unjellyableRegistry.get(type);
    if (registered !== undefined) {
      if (typeof registered.prototype?.unjellyFor === "function") {
        return this.maybePostUnjelly(Object.create(registered.prototype).unjellyFor(this, obj));
      }
      return this.maybePostUnjelly((registered as UnjellyFunction)(this, obj as Sexp[]));
    }
    const factory = unjellyableFactoryRegistry.get(type);
    if (factory !== undefined) return this.maybePostUnjelly(factory(this.unjelly(obj[1]!)));
    const rest = obj.slice(1) as Sexp[];
    switch (type) {
      case "None":
        return null;
      case "unicode":
        return fromUtf8(this.bytesAt(rest, 0, "unicode"));
      case "boolean":
        return atomName(rest[0]) === "true";
      case "list":
        return this.unjellyList(rest, []);
      case "tuple":
        return asTuple(this.unjellyList(rest, []));
      case "set":
      case "frozenset":
        return new Set(this.unjellyList(rest, []));
      case "dictionary":
        return this.unjellyDictionary(rest);
      case "reference":
        return this.unjellyReference(rest);
      case "dereference":
        return this.unjellyDereference(rest);
      case "unpersistable":
        return new Unpersistable(`Unpersistable data: ${rest[0] instanceof Uint8Array ? bytesRepr(rest[0]) : repr(rest[0])}`);
      case "persistent":
        return this.persistentLoad ? this.persistentLoad(rest[0]!, this) : new Unpersistable("Persistent callback not found");
      case "class":
        return this.unjellyClass(rest);
    }
    const moduleName = type.slice(0, Math.max(type.lastIndexOf("."), 0));
    if (!this.taster.isModuleAllowed(moduleName)) throw new InsecureJelly(`Module ${moduleName} not allowed (in type ${type}).`);
    const cls = this.taster.classNamed?.(type);
    if (cls === undefined || !this.taster.isClassAllowed(cls)) throw new InsecureJelly(`Class ${type} not allowed.`);
    const instance = Object.create(cls.prototype);
    const state = this.unjelly(obj[1]!);
    if (typeof instance.__setstate__ === "function") instance.__setstate__(state);
    else Object.assign(instance, state);
    return this.maybePostUnjelly(instance);
  }

  private bytesAt(rest: Sexp[], index: number, type: string): Uint8Array {
    const value = rest[index];
    if (!(value instanceof Uint8Array)) throw new InsecureJelly(`Malformed ${type}: ${repr(value)}`);
    return value;
  }

  /** Unjellies `value` into a slot; a placeholder for a later reference fills the slot when known. */
  private unjellyInto(value: Sexp, set: (result: unknown) => void): unknown {
    const result = this.unjelly(value);
    if (result instanceof NotKnown) result.addDependant(set);
    set(result);
    return result;
  }

  private unjellyList(items: Sexp[], list: unknown[]): unknown[] {
    items.forEach((item, index) => this.unjellyInto(item, (value) => (list[index] = value)));
    return list;
  }

  private unjellyDictionary(pairs: Sexp[]): Record<string, unknown> | Map<unknown, unknown> {
    const entries: [unknown, unknown][] = [];
    let target: Record<string, unknown> | Map<unknown, unknown> | undefined;
    for (const pair of pairs) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new InsecureJelly(`Malformed dictionary entry: ${repr(pair)}`);
      const entry: [unknown, unknown] = [undefined, undefined];
      this.unjellyInto(pair[0]!, (key) => (entry[0] = key));
      entries.push(entry);
      this.unjellyInto(pair[1]!, (value) => {
        entry[1] = value;
        if (target instanceof Map) target.set(entry[0], value);
        else if (target) Object.defineProperty(target, entry[0] as string, { value, enumerable: true, writable: true, configurable: true });
      });
    }
    const allStr = entries.every(([key]) => typeof key === "string");
    const dict: Record<string, unknown> | Map<unknown, unknown> = allStr ? {} : new Map();
    for (const [key, value] of entries) {
      if (dict instanceof Map) dict.set(key, value);
      else Object.defineProperty(dict, key as string, { value, enumerable: true, writable: true, configurable: true });
    }
    target = dict;
    return dict;
  }

  private unjellyReference(rest: Sexp[]): unknown {
    const [refid, expression] = rest;
    const value = this.unjelly(expression!);
    const known = this.references.get(refid);
    if (known instanceof NotKnown) known.resolveDependants(value);
    else if (known !== undefined) throw new InsecureJelly(`Multiple references with same ID: ${String(refid)}`);
    this.references.set(refid, value);
    return value;
  }

  private unjellyDereference(rest: Sexp[]): unknown {
    const refid = rest[0];
    const known = this.references.get(refid);
    if (known !== undefined) return known;
    const placeholder = new NotKnown();
    this.references.set(refid, placeholder);
    return placeholder;
  }

  private unjellyClass(rest: Sexp[]): Function {
    const name = atomName(rest[0]) ?? "";
    const moduleName = name.slice(0, Math.max(name.lastIndexOf("."), 0));
    if (!this.taster.isModuleAllowed(moduleName)) throw new InsecureJelly(`module ${moduleName} not allowed`);
    const cls = this.taster.classNamed?.(name);
    if (cls === undefined || !this.taster.isClassAllowed(cls)) throw new InsecureJelly(`class not allowed: ${name}`);
    return cls;
  }
}

/**
 * Serializes `object` to an s-expression.
 * @param taster a SecurityOptions: instances of classes it does not allow become unpersistable.
 * @throws InsecureJelly for a value jelly has no form for.
 */
export function jelly(object: unknown, taster: Taster = new DummySecurityOptions(), persistentStore: Jellier["persistentStore"] = null, invoker: JellyInvoker | null = null): Sexp {
  return new Jellier(taster, persistentStore, invoker).jelly(object);
}

/**
 * Rebuilds an object from an s-expression jelly made.
 * @param taster a SecurityOptions: a type, module or class it does not allow raises InsecureJelly.
 * @throws InsecureJelly as above.
 */
export function unjelly(sexp: Sexp, taster: Taster = new DummySecurityOptions(), persistentLoad: Unjellier["persistentLoad"] = null, invoker: JellyInvoker | null = null): unknown {
  return new Unjellier(taster, persistentLoad, invoker).unjellyFull(sexp);
}
