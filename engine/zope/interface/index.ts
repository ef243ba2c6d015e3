/**
 * zope.interface as learner code imports it: `import { Interface, method,
 * Attribute, implementer } from "zope/interface"`.
 *
 * How Python's spelling maps to TypeScript here, and why:
 *
 * - An interface is two declarations under one name. Python's
 *
 *       class IFingerService(Interface):
 *           def getUser(user):
 *               """Return a deferred returning a string."""
 *
 *   becomes a TypeScript interface (the providers' type; its doc comments are
 *   the docstrings, shown by the editor wherever a provider is used) and the
 *   run-time interface that adapts, verifies and is registered:
 *
 *       interface IFingerService {
 *         // Return a deferred returning a string. (as a doc comment)
 *         getUser(user: string): Deferred<string>;
 *       }
 *       const IFingerService = Interface<IFingerService>("IFingerService", {
 *         getUser: method("user"),
 *       });
 *
 *   TypeScript lets a type and a value share a name, so `IFingerService` is
 *   the type in `svc: IFingerService` and the callable in `IFingerService(obj)`,
 *   as the one Python name is both. Types vanish at run time, so the member
 *   names must be written once more; the type checker keeps the two lists equal
 *   (a member missing, extra, or with the wrong number of parameters is an
 *   error). Tried and rejected: a class with abstract methods (its methods
 *   vanish at run time, leaving nothing to verify), and one object of
 *   `method<(user: string) => Deferred<string>>("doc", ["user"])` entries
 *   (one declaration, but signatures in angle brackets read far from Python).
 *
 * - `implementer(IFingerService)(FingerService)` is Python's
 *   `@implementer(IFingerService)` decorator applied by hand: the engine's
 *   transpiler (sucrase) leaves decorators alone and browsers cannot run
 *   them. Write it right after the class, where Python writes the decorator
 *   above it; `class FingerService implements IFingerService` adds the
 *   TypeScript check of the same promise. zope's `classImplements(Cls, I)` works too.
 */
export {
  Attribute,
  Interface,
  Method,
  adapter_hooks,
  method,
  type AdapterHook,
  type InterfaceClass,
  type InterfaceMembers,
  type Provided,
} from "./interface";
export {
  Declaration,
  alsoProvides,
  classImplements,
  directlyProvidedBy,
  directlyProvides,
  implementedBy,
  implementer,
  noLongerProvides,
  providedBy,
} from "./declarations";
export * as verify from "./verify";
export * as exceptions from "./exceptions";
export { BrokenImplementation, BrokenMethodImplementation, DoesNotImplement, Invalid, MultipleInvalid } from "./exceptions";
