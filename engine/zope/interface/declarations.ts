/**
 * zope.interface.declarations: which interfaces a class's instances provide
 * (implementer, classImplements, implementedBy) and which one object
 * provides on its own (directlyProvides, alsoProvides, providedBy).
 */
import { declarationHooks, type InterfaceClass, isInterface, type Provided } from "./interface";
import { repr } from "./repr";

/** Interfaces each class declared itself (not its bases'), in declaration order. */
const declaredByClass = new WeakMap<Function, InterfaceClass<unknown>[]>();
/** Interfaces each object declared directly. */
const declaredByObject = new WeakMap<object, InterfaceClass<unknown>[]>();

/** A list of interfaces an object provides or a class implements, as zope's declaration specs iterate. */
export class Declaration implements Iterable<InterfaceClass<unknown>> {
  /** @param declared the interfaces declared, nearest first. @param label how the declaration prints. */
  constructor(
    private readonly declared: readonly InterfaceClass<unknown>[],
    private readonly label: string,
  ) {}

  /** The declared interfaces (without the interfaces they extend). */
  interfaces(): InterfaceClass<unknown>[] {
    return [...this.declared];
  }

  /** The declared interfaces and every interface they extend. */
  flattened(): InterfaceClass<unknown>[] {
    const all: InterfaceClass<unknown>[] = [];
    for (const iface of this.declared) for (const ancestor of iface.__iro__) if (!all.includes(ancestor)) all.push(ancestor);
    return all;
  }

  /** True if a declared interface is `iface` or extends it. */
  isOrExtends(iface: InterfaceClass<unknown>): boolean {
    return this.declared.some((declared) => declared.isOrExtends(iface));
  }

  [Symbol.iterator](): Iterator<InterfaceClass<unknown>> {
    return this.interfaces()[Symbol.iterator]();
  }

  toString(): string {
    return this.label;
  }
}

function requireInterfaces(what: string, ifaces: readonly unknown[]): void {
  for (const iface of ifaces) if (!isInterface(iface)) throw new TypeError(`${what} takes interfaces, not ${repr(iface)}`);
}

function requireClass(what: string, cls: unknown): asserts cls is Function {
  if (typeof cls !== "function") throw new TypeError(`${what} takes a class, not ${repr(cls)}`);
}

/** The classes from `cls` up its inheritance chain to Object (not included). */
function classChain(cls: Function): Function[] {
  const chain: Function[] = [];
  for (let at: unknown = cls; typeof at === "function" && at !== Function.prototype && at !== Object; at = Object.getPrototypeOf(at)) {
    chain.push(at);
  }
  return chain;
}

function addUnique(list: InterfaceClass<unknown>[], ifaces: readonly InterfaceClass<unknown>[]): void {
  for (const iface of ifaces) if (!list.includes(iface)) list.push(iface);
}

/** Declares that instances of `cls` provide `ifaces` (added to what it declared before). @throws TypeError for a non-class or non-interface. */
export function classImplements(cls: Function, ...ifaces: InterfaceClass<any>[]): void {
  requireClass("classImplements", cls);
  requireInterfaces("classImplements", ifaces);
  const list = declaredByClass.get(cls) ?? [];
  addUnique(list, ifaces);
  declaredByClass.set(cls, list);
}

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * Python's `@implementer(IFoo)` class decorator, called by hand since the
 * engine's TypeScript has no decorators: `implementer(IFoo)(Foo)` declares
 * that Foo's instances provide IFoo, and returns Foo. The type checker
 * refuses a class whose instances lack a member of the interface.
 * @throws TypeError for a non-class or non-interface.
 */
export function implementer<I extends readonly InterfaceClass<any>[]>(...ifaces: I) {
  requireInterfaces("implementer", ifaces);
  return <C extends abstract new (...args: any[]) => Intersection<Provided<I[number]>>>(cls: C): C => {
    classImplements(cls, ...ifaces);
    return cls;
  };
}

/** The interfaces instances of `cls` provide: its own declarations, then its base classes'. */
export function implementedBy(cls: unknown): Declaration {
  requireClass("implementedBy", cls);
  const declared: InterfaceClass<unknown>[] = [];
  for (const at of classChain(cls)) addUnique(declared, declaredByClass.get(at) ?? []);
  return new Declaration(declared, `classImplements(${cls.name})`);
}

/** The interfaces `obj` provides: those it declared directly, then its class's. */
export function providedBy(obj: unknown): Declaration {
  const declared: InterfaceClass<unknown>[] = [];
  if (isObject(obj)) {
    addUnique(declared, declaredByObject.get(obj) ?? []);
    const cls = (obj as { constructor?: unknown }).constructor;
    if (typeof obj === "object" && typeof cls === "function") addUnique(declared, implementedBy(cls).interfaces());
  }
  return new Declaration(declared, `<Provides for ${repr(obj)}>`);
}

/** The interfaces `obj` declared directly (not through its class). */
export function directlyProvidedBy(obj: unknown): Declaration {
  return new Declaration(isObject(obj) ? [...(declaredByObject.get(obj) ?? [])] : [], `directlyProvidedBy(${repr(obj)})`);
}

/** Declares that `obj` itself provides exactly `ifaces`, replacing what it declared directly before. @throws TypeError for a non-interface or a primitive. */
export function directlyProvides(obj: object, ...ifaces: InterfaceClass<any>[]): void {
  requireInterfaces("directlyProvides", ifaces);
  if (!isObject(obj)) throw new TypeError(`directlyProvides takes an object, not ${repr(obj)}`);
  const list: InterfaceClass<unknown>[] = [];
  addUnique(list, ifaces);
  declaredByObject.set(obj, list);
}

/** Declares that `obj` itself also provides `ifaces`, keeping what it declared directly before. @throws TypeError for a non-interface or a primitive. */
export function alsoProvides(obj: object, ...ifaces: InterfaceClass<any>[]): void {
  requireInterfaces("alsoProvides", ifaces);
  directlyProvides(obj, ...directlyProvidedBy(obj).interfaces(), ...ifaces);
}

/** Withdraws a direct declaration of `iface` from `obj`. @throws ValueError if obj's class declares it (zope cannot remove that). */
export function noLongerProvides(obj: object, iface: InterfaceClass<any>): void {
  directlyProvides(obj, ...directlyProvidedBy(obj).interfaces().filter((declared) => declared !== iface));
  if (iface.providedBy(obj)) throw Object.assign(new RangeError("Can only remove directly provided interfaces."), { name: "ValueError" });
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/**
 * What adaptation looks up adapters for, most specific first: the
 * interfaces `obj` declared directly, then for each class from its own up,
 * the class and the interfaces it declared, each with the interfaces those extend.
 * A primitive counts as an instance of its wrapper class (String, Number, Boolean).
 * @internal
 */
export function specificationsOf(obj: unknown): (Function | InterfaceClass<unknown>)[] {
  const specs: (Function | InterfaceClass<unknown>)[] = [];
  const add = (ifaces: readonly InterfaceClass<unknown>[]) => {
    for (const iface of ifaces) for (const ancestor of iface.__iro__) if (!specs.includes(ancestor)) specs.push(ancestor);
  };
  if (obj === null || obj === undefined) return specs;
  // A string or number is an instance of String or Number, as Python's "abc" is of str.
  if (!isObject(obj)) obj = Object(obj);
  add(declaredByObject.get(obj as object) ?? []);
  const cls = (obj as { constructor?: unknown }).constructor;
  if (typeof obj === "object" && typeof cls === "function") {
    for (const at of classChain(cls)) {
      specs.push(at);
      add(declaredByClass.get(at) ?? []);
    }
  }
  return specs;
}

declarationHooks.providedBy = (obj, iface) => providedBy(obj).isOrExtends(iface);
declarationHooks.implementedBy = (cls, iface) => typeof cls === "function" && implementedBy(cls).isOrExtends(iface);
