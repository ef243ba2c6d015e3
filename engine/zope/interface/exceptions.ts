/**
 * zope.interface.exceptions: what verifyObject and verifyClass raise, with
 * zope 5's messages: "The object <__main__.Foo object at 0x...> has failed
 * to implement interface __main__.IFoo: The __main__.IFoo.x attribute was not provided."
 */
import type { Attribute, InterfaceClass } from "./interface";
import { repr, strRepr } from "./repr";

const NOT_GIVEN = Symbol("not given");

/** A specification is violated. */
export class Invalid extends Error {
  /** @param message the message; without one, the message getter of a subclass speaks. */
  constructor(message?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An Invalid about one target (object or class) and one interface; the message is built from the parts below. */
abstract class TargetInvalid extends Invalid {
  /** The interface that was not implemented. */
  readonly interface: InterfaceClass<unknown> | null;
  /** The object or class checked. */
  readonly target: unknown;

  constructor(iface: InterfaceClass<unknown> | null, target: unknown) {
    super();
    this.interface = iface;
    this.target = target;
  }

  /** The detail after the colon, without the final period. */
  abstract get details(): string;

  override get message(): string {
    const subject = this.target === NOT_GIVEN ? "An object" : `The object ${repr(this.target)}`;
    const iface = this.interface ? this.interface.__identifier__ : "<Unknown>";
    return `${subject} has failed to implement interface ${iface}: ${this.details}.`;
  }

  override set message(_: string) {}
}

/** The target does not declare that it provides (or its class implements) the interface. */
export class DoesNotImplement extends TargetInvalid {
  /** @param target the object or class checked. */
  constructor(iface: InterfaceClass<unknown>, target: unknown = NOT_GIVEN) {
    super(iface, target);
  }

  get details(): string {
    return "Does not declaratively implement the interface";
  }
}

/** The target lacks a member the interface requires. */
export class BrokenImplementation extends TargetInvalid {
  /** @param member the missing member (or its name). @param target the object or class checked. */
  constructor(
    iface: InterfaceClass<unknown>,
    readonly member: Attribute | string,
    target: unknown = NOT_GIVEN,
  ) {
    super(iface, target);
  }

  get details(): string {
    return `The ${typeof this.member === "string" ? strRepr(this.member) : String(this.member)} attribute was not provided`;
  }
}

/** The target has the method, but it breaks the method's contract (not callable, wrong parameters). */
export class BrokenMethodImplementation extends TargetInvalid {
  /**
   * @param method the interface's Method (or its name).
   * @param mess what is wrong, e.g. "implementation requires too many arguments".
   * @param implementation what the target has instead, as it prints ("'Bar.getUser(a, b)'").
   */
  constructor(
    readonly method: Attribute | string,
    readonly mess: string,
    readonly implementation: string | null = null,
    iface: InterfaceClass<unknown> | null = null,
    target: unknown = NOT_GIVEN,
  ) {
    super(iface, target);
  }

  get details(): string {
    const message = this.implementation !== null && this.mess.includes("implementation") ? this.mess.replace("implementation", strRepr(this.implementation)) : this.mess;
    return `The contract of ${typeof this.method === "string" ? strRepr(this.method) : String(this.method)} is violated because ${message}`;
  }
}

/** The target fails the interface in several ways, each an Invalid in `exceptions`. */
export class MultipleInvalid extends TargetInvalid {
  constructor(
    iface: InterfaceClass<unknown>,
    target: unknown,
    readonly exceptions: readonly Invalid[],
  ) {
    super(iface, target);
  }

  get details(): string {
    return "\n    " + this.exceptions.map((e) => (e instanceof TargetInvalid ? e.details.trim() : e.message)).join("\n    ");
  }

  override get message(): string {
    // zope joins this one with a bare colon (no trailing space before the list) and no final period.
    const subject = `The object ${repr(this.target)}`;
    return `${subject} has failed to implement interface ${this.interface!.__identifier__}:${this.details}`;
  }
}
