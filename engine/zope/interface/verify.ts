/**
 * zope.interface.verify: checks that an object (verifyObject) or a class
 * (verifyClass) really does what an interface says: it declares the
 * interface, has every attribute and method, and each method takes the
 * interface's parameters. Every problem is collected; one is raised alone,
 * several as MultipleInvalid.
 *
 * JavaScript keeps no parameter types, and TypeScript's optional `b?` is a
 * plain `b` at run time: give a parameter a default (`b = null`) to make it
 * optional here, as Python's `b=None` does.
 */
import { BrokenImplementation, BrokenMethodImplementation, DoesNotImplement, Invalid, MultipleInvalid } from "./exceptions";
import { type InterfaceClass, Method } from "./interface";
import type { SignatureInfo } from "./interface";
import { formatSignature, isClass, repr, signatureOf } from "./repr";

/**
 * Checks that `candidate` provides `iface`, as zope's verifyObject does.
 * @param tentative skip the check that candidate declares the interface.
 * @returns true when every check passes.
 * @throws DoesNotImplement, BrokenImplementation, BrokenMethodImplementation, or MultipleInvalid for several.
 */
export function verifyObject(iface: InterfaceClass<any>, candidate: unknown, tentative = false): true {
  return verify(iface, candidate, tentative, "object");
}

/**
 * Checks that instances of the class `candidate` would provide `iface`:
 * its methods are checked, attributes it may set in its constructor are not.
 * @throws the same errors as verifyObject.
 */
export function verifyClass(iface: InterfaceClass<any>, candidate: Function, tentative = false): true {
  return verify(iface, candidate, tentative, "class");
}

function verify(iface: InterfaceClass<unknown>, candidate: unknown, tentative: boolean, kind: "object" | "class"): true {
  const problems: Invalid[] = [];
  const declares = kind === "class" ? iface.implementedBy(candidate) : iface.providedBy(candidate);
  if (!tentative && !declares) problems.push(new DoesNotImplement(iface, candidate));
  for (const [name, member] of iface.namesAndDescriptions(true)) {
    const problem = checkMember(iface, name, member, candidate, kind);
    if (problem) problems.push(problem);
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new MultipleInvalid(iface, candidate, problems);
  return true;
}

function checkMember(iface: InterfaceClass<unknown>, name: string, member: unknown, candidate: unknown, kind: "object" | "class"): Invalid | null {
  const found = lookup(candidate, name, kind);
  if (!found) {
    // A class may set its attributes in its constructor: only its methods can be checked.
    if (!(member instanceof Method) && kind === "class") return null;
    return new BrokenImplementation(iface, member as Method, candidate);
  }
  if (!(member instanceof Method)) return null;
  const { value, owner } = found;
  if (value === ACCESSOR) return null;
  if (typeof value !== "function") return new BrokenMethodImplementation(member, "implementation is not a method", repr(value), iface, candidate);
  const implemented = isClass(value) ? null : signatureOf(value);
  // Callable, but with no readable parameters (a built-in, a bound function, a class): zope lets it pass too.
  if (!implemented) return null;
  const problem = incompatibility(member.getSignatureInfo(), implemented);
  if (!problem) return null;
  const qualified = owner ? `${owner}.${name}` : value.name || "<lambda>";
  // Python shows a class's method as the plain function it is there, with its `self`.
  const shown = kind === "class" && owner ? { ...implemented, positional: ["self", ...implemented.positional] } : implemented;
  return new BrokenMethodImplementation(member, problem, qualified + formatSignature(shown), iface, candidate);
}

/** The member `name` of the candidate (for a class, of its instances' prototype, then the class), and the class that defines it. */
function lookup(candidate: unknown, name: string, kind: "object" | "class"): { value: unknown; owner: string | null } | null {
  if (candidate === null || candidate === undefined) return null;
  const holder = kind === "class" && typeof candidate === "function" ? (candidate.prototype as object) : Object(candidate);
  if (holder && name in holder) {
    // A class's getter needs an instance to run: like zope with a property, take it on trust.
    if (kind === "class" && isAccessor(holder, name)) return { value: ACCESSOR, owner: null };
    return { value: (holder as Record<string, unknown>)[name], owner: ownerOf(holder, name) };
  }
  if (kind === "class" && name in Object(candidate)) return { value: (candidate as Record<string, unknown>)[name], owner: null };
  return null;
}

/** Stands for a getter met on a class: present, and not checked further. */
const ACCESSOR = Symbol("accessor");

function isAccessor(holder: object, name: string): boolean {
  for (let at: object | null = holder; at; at = Object.getPrototypeOf(at)) {
    const descriptor = Object.getOwnPropertyDescriptor(at, name);
    if (descriptor) return descriptor.get !== undefined || descriptor.set !== undefined;
  }
  return false;
}

/** The name of the class whose prototype defines `name`, or null for an object's own property. */
function ownerOf(holder: object, name: string): string | null {
  for (let at: object | null = holder; at; at = Object.getPrototypeOf(at)) {
    if (!Object.prototype.hasOwnProperty.call(at, name)) continue;
    const cls = Object.prototype.hasOwnProperty.call(at, "constructor") ? (at as { constructor: unknown }).constructor : null;
    return typeof cls === "function" && cls.prototype === at ? cls.name : null;
  }
  return null;
}

/** zope's _incompat: what an implementation's parameters break, or null. */
function incompatibility(required: SignatureInfo, implemented: SignatureInfo): string | null {
  if (implemented.required.length > required.required.length) return "implementation requires too many arguments";
  if (implemented.positional.length < required.positional.length && !implemented.varargs) return "implementation doesn't allow enough arguments";
  if (required.kwargs && !implemented.kwargs) return "implementation doesn't support keyword arguments";
  if (required.varargs && !implemented.varargs) return "implementation doesn't support variable arguments";
  return null;
}
