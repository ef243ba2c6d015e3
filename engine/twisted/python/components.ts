/**
 * twisted.python.components, the little of it that Application needs:
 * interfaces you call to adapt an object (`IService(application)`), and
 * Componentized objects that hold one component per interface.
 *
 * TypeScript's interfaces vanish at run time, so an interface here is a
 * function with a name and a test for the objects that provide it.
 */

/** A Twisted interface: call it to adapt an object to it. */
export interface InterfaceClass<T> {
  /**
   * Adapts `obj`: `obj` itself if it provides the interface, else its
   * component for the interface, else `defaultValue` when one is given.
   * @throws TypeError ("Could not adapt") when none of these exists.
   */
  (obj: unknown, defaultValue?: T): T;
  /** The interface's dotted name, e.g. "twisted.application.service.IService". */
  readonly __name__: string;
  /** True if `obj` itself provides the interface. */
  providedBy(obj: unknown): obj is T;
}

/**
 * Makes an interface called `name` whose providers are recognised by
 * `provides` (TypeScript has no `@implementer`, so providers are found by
 * what they can do).
 */
export function defineInterface<T>(name: string, provides: (obj: unknown) => boolean): InterfaceClass<T> {
  const adapt = (obj: unknown, ...rest: [T?]): T => {
    if (provides(obj)) return obj as T;
    if (obj instanceof Componentized) {
      const component = obj.getComponent(iface);
      if (component !== undefined) return component;
    }
    if (rest.length > 0) return rest[0] as T;
    throw new TypeError(`('Could not adapt', ${describe(obj)}, <InterfaceClass ${name}>)`);
  };
  const iface = Object.assign(adapt, {
    __name__: name,
    providedBy: (obj: unknown): obj is T => provides(obj),
  }) as InterfaceClass<T>;
  Object.defineProperty(iface, "name", { value: name.slice(name.lastIndexOf(".") + 1) });
  return iface;
}

/** An object made of components, one per interface, that interfaces adapt it to. */
export class Componentized {
  private readonly components = new Map<InterfaceClass<unknown>, unknown>();

  /** The component for `iface`, or `defaultValue` (undefined) when there is none. */
  getComponent<T>(iface: InterfaceClass<T>, defaultValue?: T): T | undefined {
    return this.components.has(iface as InterfaceClass<unknown>) ? (this.components.get(iface as InterfaceClass<unknown>) as T) : defaultValue;
  }

  /** Makes `component` the answer to `iface(this)`. */
  setComponent<T>(iface: InterfaceClass<T>, component: T): void {
    this.components.set(iface as InterfaceClass<unknown>, component);
  }

  /** Removes the component for `iface`, if there is one. */
  unsetComponent(iface: InterfaceClass<unknown>): void {
    this.components.delete(iface);
  }
}

function describe(obj: unknown): string {
  if (obj === null || obj === undefined) return "None";
  if (typeof obj === "object") return `<${obj.constructor?.name ?? "object"} object>`;
  return JSON.stringify(obj) ?? String(obj);
}
