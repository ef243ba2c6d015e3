/**
 * Python's built-in exceptions that Twisted's APIs raise and JavaScript lacks,
 * so a Failure's type reads the same as in Twisted ("ValueError", not "RangeError").
 */

/** Python's AssertionError: an `assert` in Twisted failed (a misuse of the API). */
export class AssertionError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "AssertionError";
  }
}

/** Python's ValueError: an argument had the right type but a bad value. Also a RangeError. */
export class ValueError extends RangeError {
  constructor(message = "") {
    super(message);
    this.name = "ValueError";
  }
}

/** Python's RuntimeError: an error that fits no other category (a service named twice, say). */
export class RuntimeError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "RuntimeError";
  }
}
