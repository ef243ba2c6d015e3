/**
 * Python's built-in exceptions that Twisted's APIs raise and JavaScript lacks,
 * so a Failure's type reads the same as in Twisted ("ValueError", not "RangeError").
 */
import { TwistedError } from "./exceptions";

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

/** Python's AttributeError: an object has no attribute of that name. */
export class AttributeError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "AttributeError";
  }
}

/** Python's IndexError: a sequence index out of range (a list popped empty, say). */
export class IndexError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "IndexError";
  }
}

/** Python's UnicodeDecodeError: bytes that are not valid in the encoding (Latin-1 text read as UTF-8, say). Also a ValueError. */
export class UnicodeDecodeError extends ValueError {
  constructor(message = "") {
    super(message);
    this.name = "UnicodeDecodeError";
  }
}

/** Python's RuntimeError: an error that fits no other category (a service named twice, say). */
export class RuntimeError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "RuntimeError";
  }
}

/** Python's OSError: `errno` and `filename` say what failed. */
export class OSError extends TwistedError {
  constructor(
    readonly errno: number,
    readonly strerror: string,
    readonly filename: string,
  ) {
    super(`[Errno ${errno}] ${strerror}: '${filename}'`);
  }
}
/** Python's FileNotFoundError (errno 2, ENOENT). */
export class FileNotFoundError extends OSError {
  constructor(filename: string) {
    super(2, "No such file or directory", filename);
  }
}
/** Python's PermissionError (errno 13, EACCES): the file's mode does not let this process read it. */
export class PermissionError extends OSError {
  constructor(filename: string) {
    super(13, "Permission denied", filename);
  }
}
/** Python's IsADirectoryError (errno 21, EISDIR). */
export class IsADirectoryError extends OSError {
  constructor(filename: string) {
    super(21, "Is a directory", filename);
  }
}
/** Python's NotADirectoryError (errno 20, ENOTDIR). */
export class NotADirectoryError extends OSError {
  constructor(filename: string) {
    super(20, "Not a directory", filename);
  }
}
/** Python's OSError with errno 39 (ENOTEMPTY), as os.rmdir raises. */
export class DirectoryNotEmptyError extends OSError {
  constructor(filename: string) {
    super(39, "Directory not empty", filename);
  }
}
