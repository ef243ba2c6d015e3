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
