/**
 * twisted.python.components: adapters. `registerAdapter(Factory, From, ITo)`
 * says how to make an ITo out of anything that provides From (an interface)
 * or is an instance of From (a class, or a subclass of it); calling
 * `ITo(obj)` then makes one. Componentized objects keep the components they
 * were adapted to, one per interface.
 *
 * Interfaces themselves are zope.interface's (engine/zope/interface); this
 * module installs the adapter hook that makes `IFoo(obj)` consult the registry.
 */
import { adapter_hooks, type InterfaceClass, providedBy } from "../../zope/interface";
import { isInterface } from "../../zope/interface/interface";
import { specificationsOf } from "../../zope/interface/declarations";
import { isClass, repr } from "../../zope/interface/repr";

export type { InterfaceClass } from "../../zope/interface";

/** Makes an adapter of the right kind out of the object being adapted. */
export type AdapterFactory<T = unknown> = ((original: any) => T) | (new (original: any) => T);

type Spec = Function | InterfaceClass<unknown>;

/** The global registry: adapter factories by what they adapt from, then by the interface they make. */
const registry = new Map<Spec, Map<InterfaceClass<unknown>, AdapterFactory>>();

/** Twisted's ALLOW_DUPLICATES: when false (the default), registering a second adapter for the same pair raises ValueError. */
export const settings = { ALLOW_DUPLICATES: false };

/**
 * Registers `adapterFactory` to adapt objects that provide `origInterface`
 * (or, when it is a class, its instances and its subclasses' instances) to
 * each of `interfaceClasses`. The factory is called with the object being
 * adapted: a class (`new Factory(obj)`) or a plain function (`factory(obj)`).
 * @throws ValueError if an adapter is already registered for one of the pairs.
 * @throws AssertionError when no interface is given.
 */
export function registerAdapter(adapterFactory: AdapterFactory, origInterface: Spec, ...interfaceClasses: InterfaceClass<any>[]): void {
  if (interfaceClasses.length === 0) throw Object.assign(new Error("You need to pass an Interface"), { name: "AssertionError" });
  if (!isInterface(origInterface) && typeof origInterface !== "function") {
    throw new TypeError(`registerAdapter adapts from an interface or a class, not ${repr(origInterface)}`);
  }
  const adapters = registry.get(origInterface) ?? new Map<InterfaceClass<unknown>, AdapterFactory>();
  for (const iface of interfaceClasses) {
    if (!isInterface(iface)) throw new TypeError(`registerAdapter adapts to interfaces, not ${repr(iface)}`);
    const existing = adapters.get(iface);
    if (existing !== undefined && !settings.ALLOW_DUPLICATES) {
      throw Object.assign(new RangeError(`an adapter (${repr(existing)}) was already registered.`), { name: "ValueError" });
    }
  }
  for (const iface of interfaceClasses) adapters.set(iface, adapterFactory);
  registry.set(origInterface, adapters);
}

/**
 * The factory registered to adapt `fromInterface` (an interface or a class)
 * to `toInterface`, looking through what it extends or inherits; else `defaultValue`.
 */
export function getAdapterFactory<D>(fromInterface: Spec, toInterface: InterfaceClass<any>, defaultValue: D): AdapterFactory | D {
  const specs: Spec[] = isInterface(fromInterface) ? [...fromInterface.__iro__] : specificationsOfClass(fromInterface);
  return lookup(specs, toInterface) ?? defaultValue;
}

/** The specifications instances of `cls` have: the class and its declarations, then its bases'. */
function specificationsOfClass(cls: Function): Spec[] {
  return specificationsOf(Object.create(cls.prototype as object));
}

/** The first factory for `wanted` (or an interface extending it) registered from one of `specs`, most specific first. */
function lookup(specs: readonly Spec[], wanted: InterfaceClass<unknown>): AdapterFactory | undefined {
  for (const spec of specs) {
    const adapters = registry.get(spec);
    if (!adapters) continue;
    const exact = adapters.get(wanted);
    if (exact !== undefined) return exact;
    for (const [iface, factory] of adapters) if (iface.extends(wanted)) return factory;
  }
  return undefined;
}

/** Calls an adapter factory the way its kind needs: `new` for a class, a plain call otherwise. */
function makeAdapter(factory: AdapterFactory, original: unknown): unknown {
  return isConstructor(factory) ? new (factory as new (original: unknown) => unknown)(original) : (factory as (original: unknown) => unknown)(original);
}

/** A class, or an old-style constructor function with methods on its prototype; a plain function or arrow is called instead. */
function isConstructor(fn: Function): boolean {
  return isClass(fn) || (fn.prototype !== undefined && Object.getOwnPropertyNames(fn.prototype).length > 1);
}

/** The hook `IFoo(obj)` asks: the registered factory's adapter of obj, or null. */
function registryHook(iface: InterfaceClass<unknown>, obj: unknown): unknown {
  const factory = lookup(specificationsOf(obj), iface);
  return factory === undefined ? null : makeAdapter(factory, obj);
}
if (!adapter_hooks.includes(registryHook)) adapter_hooks.push(registryHook);

/**
 * The default base class of an adapter: keeps the object it adapts in
 * `original`, and passes adaptation of itself on to that object's `__conform__`.
 */
export class Adapter<T = any> {
  /** When true, a Componentized does not keep this adapter as its component. */
  temporaryAdapter = false;
  /** When true, a Componentized keeps this adapter for every interface it provides. */
  multiComponent = true;

  /** @param original the object being adapted. */
  constructor(readonly original: T) {}

  /** Adapts this adapter through the original's `__conform__`, if it has one. */
  __conform__(iface: InterfaceClass<unknown>): unknown {
    const conform = (this.original as { __conform__?: unknown } | null)?.__conform__;
    return typeof conform === "function" ? conform.call(this.original, iface) : null;
  }
}

/**
 * An object made of components, one per interface: `IFoo(obj)` returns
 * obj's IFoo component, made the first time by the adapter registered for
 * obj's class and kept from then on.
 */
export class Componentized {
  private readonly adapterCache = new Map<InterfaceClass<unknown>, unknown>();

  /**
   * The component for `iface`: the one kept, else a new adapter (kept unless
   * it is a temporaryAdapter), else `defaultValue`.
   */
  getComponent<T>(iface: InterfaceClass<T>, defaultValue?: T): T | undefined {
    const key = iface as InterfaceClass<unknown>;
    if (this.adapterCache.has(key)) return this.adapterCache.get(key) as T;
    const adapter = iface.__adapt__(this);
    if (adapter === null || adapter === undefined) return defaultValue;
    if (!(adapter as { temporaryAdapter?: unknown }).temporaryAdapter) {
      this.adapterCache.set(key, adapter);
      if ((adapter as { multiComponent?: unknown }).multiComponent) this.addComponent(adapter);
    }
    return adapter;
  }

  /** Makes `component` the answer to `iface(this)`. */
  setComponent<T>(iface: InterfaceClass<T>, component: T): void {
    this.adapterCache.set(iface as InterfaceClass<unknown>, component);
  }

  /** Makes `adapterClass(this)` the answer to `iface(this)`. */
  setAdapter<T>(iface: InterfaceClass<T>, adapterClass: AdapterFactory<T>): void {
    this.setComponent(iface, makeAdapter(adapterClass, this) as T);
  }

  /**
   * Keeps `component` for each interface it provides whose registered
   * adapter for this object's class is the component's class (every one if `ignoreClass`).
   */
  addComponent(component: unknown, ignoreClass = false): void {
    for (const iface of providedBy(component)) {
      const factory = getAdapterFactory(this.constructor, iface, undefined);
      if (ignoreClass || factory === (component as object).constructor) this.adapterCache.set(iface, component);
    }
  }

  /** Makes `adapterClass(this)`, adds it with addComponent, and returns it. */
  addAdapter(adapterClass: AdapterFactory, ignoreClass = false): unknown {
    const adapter = makeAdapter(adapterClass, this);
    this.addComponent(adapter, ignoreClass);
    return adapter;
  }

  /** Removes the component for `iface`. @throws KeyError if there is none. */
  unsetComponent(iface: InterfaceClass<unknown>): void {
    if (!this.adapterCache.delete(iface)) throw Object.assign(new Error(`'${iface.__identifier__}'`), { name: "KeyError" });
  }

  /** Removes `component` for every interface it was kept for; returns those interfaces. */
  removeComponent(component: unknown): InterfaceClass<unknown>[] {
    const removed: InterfaceClass<unknown>[] = [];
    for (const [iface, kept] of [...this.adapterCache]) {
      if (kept !== component) continue;
      this.adapterCache.delete(iface);
      removed.push(iface);
    }
    return removed;
  }

  /** How `IFoo(this)` finds this object's component: getComponent(IFoo). */
  __conform__(iface: InterfaceClass<unknown>): unknown {
    return this.getComponent(iface);
  }
}

