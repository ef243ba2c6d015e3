/**
 * sqlite3's exceptions (PEP 249's hierarchy), and which one SQLite's own
 * message maps to, as Python's _sqlite/util.c maps SQLite's result codes.
 */
import { TwistedError } from "../../twisted/python/exceptions";

/** The base of every sqlite3 error. */
export class Error extends TwistedError {}
/** A misuse of the module itself (an operation on a closed cursor's connection). */
export class InterfaceError extends Error {}
/** An error of the database. */
export class DatabaseError extends Error {}
/** A value out of range or too big. */
export class DataError extends DatabaseError {}
/** The database could not do it: no such table, a syntax error, a locked or unopenable file. */
export class OperationalError extends DatabaseError {}
/** A constraint failed: UNIQUE, NOT NULL, FOREIGN KEY, CHECK. */
export class IntegrityError extends DatabaseError {}
/** SQLite's internal error. */
export class InternalError extends DatabaseError {}
/** A program error: a closed database, the wrong number of bindings, two statements at once, another thread. */
export class ProgrammingError extends DatabaseError {}
/** An API the database does not support. */
export class NotSupportedError extends DatabaseError {}

/**
 * The sqlite3 exception for an error sql.js threw with SQLite's message
 * (sql.js gives the message, not the result code, so the message decides).
 */
export function fromSqliteMessage(message: string): DatabaseError {
  if (/^(UNIQUE|NOT NULL|FOREIGN KEY|CHECK|PRIMARY KEY) constraint failed/.test(message) || message.startsWith("datatype mismatch")) {
    return new IntegrityError(message);
  }
  if (message === "file is not a database" || message === "database disk image is malformed") return new DatabaseError(message);
  if (message === "string or blob too big") return new DataError(message);
  return new OperationalError(message);
}
