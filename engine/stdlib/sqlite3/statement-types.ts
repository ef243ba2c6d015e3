/**
 * The plain data a statement takes and gives, apart from sql.js's own types:
 * the editor's declarations of the sqlite3 module name these, and the
 * learner's editor has no sql.js.
 */

/** A value as SQLite stores it: a number, text, bytes or null. */
export type StoredValue = number | string | Uint8Array | null;

/** What one statement gave. */
export interface StatementResult {
  readonly rows: StoredValue[][];
  /** The result's column names ([] for a statement without columns). */
  readonly columns: string[];
  /** Rows changed (SQLite's sqlite3_changes). */
  readonly changes: number;
  /** SQLite's last_insert_rowid(). */
  readonly lastrowid: number;
}

/** The parameters as sql.js binds them: an array for `?`, an object keyed `:name`. */
export type Bindings = StoredValue[] | Record<string, StoredValue>;
