/**
 * Python's `sqlite3` module (DB-API 2.0) over a real SQLite: sql.js, SQLite
 * compiled to WebAssembly (see loader.ts). Rows are arrays, as Python's are
 * tuples; errors are sqlite3's classes with SQLite's own messages
 * ("no such table: users", "UNIQUE constraint failed: users.name").
 *
 * Transactions follow Python 3.11's default (isolation_level ""): an INSERT,
 * UPDATE, DELETE or REPLACE opens a transaction if none is open, commit() and
 * rollback() end it, and other statements (CREATE TABLE) run as they are.
 * A connection belongs to the thread that made it unless
 * check_same_thread is false, as in Python.
 */
import { installedReactor } from "../../twisted/internet/installed";
import { currentThreadIdent } from "../../twisted/internet/thread-pool";
import { DatabaseFile } from "./database-file";
import { fromSqliteMessage, ProgrammingError } from "./errors";
import { sqliteLibrary } from "./loader";
import { runStatement } from "./statements";
import type { Bindings, StatementResult } from "./statement-types";

export {
  DataError,
  DatabaseError,
  Error,
  IntegrityError,
  InterfaceError,
  InternalError,
  NotSupportedError,
  OperationalError,
  ProgrammingError,
} from "./errors";

/** PEP 249: this module follows DB-API 2.0. */
export const apilevel = "2.0";
/** PEP 249: threads may share the module, connections and cursors (SQLite's serialized mode, as Debian builds it). */
export const threadsafety = 3;
/** PEP 249: parameters are written `?` (or `:name` with an object). */
export const paramstyle = "qmark";

/** A value SQLite stores: Python's int and float are numbers, str a string, bytes a Uint8Array, None null. */
export type Value = number | string | Uint8Array | null;
/** One row: a tuple in Python, an array here. */
export type Row = Value[];
/** The parameters of a statement: a sequence for `?`, an object for `:name`. */
export type Parameters = readonly unknown[] | Readonly<Record<string, unknown>>;

/** The keyword arguments of sqlite3.connect that matter here. */
export interface ConnectOptions {
  /** How long to wait for a lock, in seconds (accepted; one thread runs at a time here, so no lock is ever waited for). */
  readonly timeout?: number;
  /** "" (the default), "DEFERRED", "IMMEDIATE", "EXCLUSIVE", or null for autocommit. */
  readonly isolation_level?: string | null;
  /** False lets other threads use the connection (adbapi's pools of one thread often pass it). */
  readonly check_same_thread?: boolean;
}

/** The version of SQLite underneath (sql.js's build). */
export function sqlite_version(): string {
  const db = new (sqliteLibrary().Database)();
  try {
    return String(db.exec("select sqlite_version()")[0]!.values[0]![0]);
  } finally {
    db.close();
  }
}

/**
 * Opens a database: a file on the host the reactor runs on (relative paths
 * from its working directory), or a new private one for ":memory:".
 * @throws OperationalError "unable to open database file" when the file cannot be made.
 */
export function connect(database: string, options: ConnectOptions = {}): Connection {
  return new Connection(database, options);
}

/** Statements that open a transaction under Python's default isolation level. */
const DML = new Set(["INSERT", "UPDATE", "DELETE", "REPLACE"]);

/** The statement's first keyword, after blanks and comments, in capitals. */
function leadingKeyword(sql: string): string {
  const match = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*([A-Za-z]+)/.exec(sql);
  return match ? match[1]!.toUpperCase() : "";
}

/** A connection to one database. */
export class Connection {
  private readonly file: DatabaseFile;
  private readonly threadIdent = currentThreadIdent();
  private readonly checkSameThread: boolean;
  private closed = false;
  private inTransaction = false;
  /** The isolation level: null means autocommit (no implicit BEGIN). */
  isolation_level: string | null;

  /** Use sqlite3.connect. */
  constructor(database: string, options: ConnectOptions) {
    if (typeof database !== "string") throw new TypeError(`expected str, bytes or os.PathLike object, not ${typeof database}`);
    this.checkSameThread = options.check_same_thread ?? true;
    this.isolation_level = options.isolation_level === undefined ? "" : options.isolation_level;
    const inMemory = database === ":memory:" || database === "";
    const fs = inMemory ? null : installedReactor().fileSystem();
    const path = inMemory ? null : database.startsWith("/") ? database : `${(fs!.cwd ?? "/").replace(/\/$/, "")}/${database}`;
    this.file = new DatabaseFile(sqliteLibrary(), fs, path);
  }

  /** True while a transaction is open (an INSERT ran and neither commit nor rollback has yet). */
  get in_transaction(): boolean {
    this.check();
    return this.inTransaction;
  }

  /** A new cursor on this connection. @throws ProgrammingError if it is closed or belongs to another thread. */
  cursor(): Cursor {
    this.check();
    return new Cursor(this);
  }

  /** A shortcut: a new cursor, executing `sql`; returns the cursor. */
  execute(sql: string, parameters?: Parameters): Cursor {
    return this.cursor().execute(sql, parameters);
  }

  /** A shortcut: a new cursor, executing `sql` once per parameter set; returns the cursor. */
  executemany(sql: string, seq: Iterable<Parameters>): Cursor {
    return this.cursor().executemany(sql, seq);
  }

  /** A shortcut: commits, then runs every statement of `script` as it is; returns a new cursor. */
  executescript(script: string): Cursor {
    return this.cursor().executescript(script);
  }

  /** Makes the open transaction's changes permanent (and writes the file). */
  commit(): void {
    this.check();
    if (!this.inTransaction) return;
    this.run(() => this.file.active.run("COMMIT"));
    this.inTransaction = false;
    this.file.persist();
  }

  /** Undoes the open transaction's changes. */
  rollback(): void {
    this.check();
    if (!this.inTransaction) return;
    this.run(() => this.file.active.run("ROLLBACK"));
    this.inTransaction = false;
  }

  /** Closes the connection without committing: an open transaction's changes are lost. */
  close(): void {
    if (this.closed) return;
    this.checkThread();
    this.closed = true;
    this.file.close();
  }

  /** Engine use (Cursor): raises sqlite3's error for a closed connection or another thread. */
  check(): void {
    if (this.closed) throw new ProgrammingError("Cannot operate on a closed database.");
    this.checkThread();
  }

  /**
   * Engine use (Cursor): runs one statement, opening the implicit
   * transaction first and writing the file after a change made outside any
   * transaction.
   */
  executeStatement(sql: string, bound: Bindings | undefined): StatementResult {
    this.check();
    const keyword = leadingKeyword(sql);
    const db = this.inTransaction ? this.file.active : this.file.current();
    if (!this.inTransaction && this.isolation_level !== null && DML.has(keyword)) {
      this.run(() => db.run(this.isolation_level ? `BEGIN ${this.isolation_level}` : "BEGIN"));
      this.inTransaction = true;
    }
    const result = this.run(() => runStatement(db, sql, bound));
    if (keyword === "BEGIN" || keyword === "SAVEPOINT") this.inTransaction = true;
    else if (keyword === "COMMIT" || keyword === "END" || (keyword === "ROLLBACK" && !/\bTO\b/i.test(sql))) this.inTransaction = false;
    if (!this.inTransaction && keyword !== "SELECT") this.file.persist();
    return result;
  }

  /** Engine use (executescript): commits, then runs the script in SQLite's own way. */
  executeScript(script: string): void {
    this.commit();
    this.run(() => this.file.current().exec(script));
    this.inTransaction = false;
    this.file.persist();
  }

  /** Runs sql.js work, turning SQLite's errors into sqlite3's. */
  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (thrown) {
      if (thrown instanceof globalThis.Error && !(thrown instanceof ProgrammingError) && thrown.constructor === globalThis.Error) {
        throw fromSqliteMessage(thrown.message);
      }
      throw thrown;
    }
  }

  private checkThread(): void {
    const here = currentThreadIdent();
    if (this.checkSameThread && here !== this.threadIdent) {
      throw new ProgrammingError(
        "SQLite objects created in a thread can only be used in that same thread. " +
          `The object was created in thread id ${this.threadIdent} and this is thread id ${here}.`,
      );
    }
  }
}

/** A value as sql.js binds it, or a ProgrammingError naming the parameter, as Python's. */
function bindable(value: unknown, index: number | string): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" || typeof value === "string" || value instanceof Uint8Array) return value;
  if (typeof value === "bigint") return Number(value);
  const type = Array.isArray(value) ? "list" : typeof value === "object" ? "dict" : typeof value;
  throw new ProgrammingError(`Error binding parameter ${typeof index === "number" ? index : `:${index}`}: type '${type}' is not supported`);
}

function bindings(parameters: Parameters | undefined): Bindings | undefined {
  if (parameters === undefined) return undefined;
  if (Array.isArray(parameters)) return parameters.map((value, i) => bindable(value, i + 1));
  const named: Record<string, Value> = {};
  for (const [key, value] of Object.entries(parameters)) named[`:${key}`] = bindable(value, key);
  return named;
}

/** A cursor: executes statements and hands back their rows. */
export class Cursor {
  /** What fetchmany() fetches by default. */
  arraysize = 1;
  /** Rows changed by the last INSERT, UPDATE, DELETE or REPLACE (summed over executemany); -1 otherwise. */
  rowcount = -1;
  /** The rowid of the last row inserted through this connection (SQLite's last_insert_rowid), or null before any statement. */
  lastrowid: number | null = null;
  /** One 7-item entry per column of the last query (only the name is filled in), or null for a statement without columns. */
  description: [string, null, null, null, null, null, null][] | null = null;
  private rows: Row[] = [];
  private next = 0;
  private closed = false;

  /** Use connection.cursor(). */
  constructor(readonly connection: Connection) {}

  /**
   * Executes one statement with its parameters; the rows wait for fetchone/fetchall.
   * @throws OperationalError, IntegrityError (SQLite's message); ProgrammingError for two statements at once,
   *   an unsupported parameter, a closed cursor or connection, or another thread.
   * @returns this cursor.
   */
  execute(sql: string, parameters?: Parameters): this {
    this.check();
    const bound = bindings(parameters);
    const keyword = leadingKeyword(sql);
    const result = this.connection.executeStatement(sql, bound);
    this.rows = result.rows;
    this.next = 0;
    this.description = result.columns.length ? result.columns.map((name) => [name, null, null, null, null, null, null]) : null;
    this.rowcount = DML.has(keyword) ? result.changes : -1;
    this.lastrowid = result.lastrowid;
    return this;
  }

  /** Executes `sql` once per parameter set; rowcount is the total, lastrowid is left alone. @returns this cursor. */
  executemany(sql: string, seq: Iterable<Parameters>): this {
    // Python sets lastrowid after execute() only: executemany() leaves it as it was.
    const lastrowid = this.lastrowid;
    let total = 0;
    for (const parameters of seq) {
      this.execute(sql, parameters);
      if (this.rowcount > 0) total += this.rowcount;
    }
    this.rowcount = DML.has(leadingKeyword(sql)) ? total : -1;
    this.lastrowid = lastrowid;
    this.rows = [];
    return this;
  }

  /** Commits, then runs every statement of `script`. @returns this cursor. */
  executescript(script: string): this {
    this.check();
    this.connection.executeScript(script);
    this.rows = [];
    return this;
  }

  /** The next row, or null (Python's None) when there are no more. */
  fetchone(): Row | null {
    this.check();
    return this.next < this.rows.length ? this.rows[this.next++]! : null;
  }

  /** Up to `size` more rows (arraysize by default). */
  fetchmany(size = this.arraysize): Row[] {
    this.check();
    const rows = this.rows.slice(this.next, this.next + size);
    this.next += rows.length;
    return rows;
  }

  /** Every remaining row. */
  fetchall(): Row[] {
    this.check();
    const rows = this.rows.slice(this.next);
    this.next = this.rows.length;
    return rows;
  }

  /** Closes the cursor: using it again raises ProgrammingError. */
  close(): void {
    this.closed = true;
    this.rows = [];
  }

  /** The remaining rows, one at a time (`for (const row of cursor)`). */
  *[Symbol.iterator](): Iterator<Row> {
    for (let row = this.fetchone(); row !== null; row = this.fetchone()) yield row;
  }

  private check(): void {
    if (this.closed) throw new ProgrammingError("Cannot operate on a closed cursor.");
    this.connection.check();
  }
}
