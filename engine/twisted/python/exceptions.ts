/**
 * A base for Twisted's exception classes: `name` follows the subclass, so a
 * traceback says "ConnectionDone", not "Error".
 */
export class TwistedError extends Error {
  constructor(message = "") {
    super(message);
    this.name = new.target.name;
  }
}

/** Python's NotImplementedError: an abstract method was called. */
export class NotImplementedError extends TwistedError {}
