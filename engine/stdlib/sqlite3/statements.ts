/** Running one statement on a sql.js database, as a sqlite3 cursor's execute() does. */
import type { Database, Statement } from "sql.js";
import { ProgrammingError } from "./errors";
import type { Bindings, StatementResult } from "./statement-types";

/**
 * Prepares the first statement of `sql`, binds, steps through every row, and frees it.
 * @throws ProgrammingError when a second statement follows (as Python refuses it); sql.js's Error with SQLite's message otherwise.
 */
export function runStatement(db: Database, sql: string, bound: Bindings | undefined): StatementResult {
  const statement = firstStatement(db, sql);
  if (!statement) return { rows: [], columns: [], changes: 0, lastrowid: lastInsertRowid(db) };
  try {
    if (bound !== undefined) statement.bind(bound);
    const rows: StatementResult["rows"] = [];
    while (statement.step()) rows.push(statement.get() as StatementResult["rows"][number]);
    return { rows, columns: statement.getColumnNames(), changes: db.getRowsModified(), lastrowid: lastInsertRowid(db) };
  } finally {
    statement.free();
  }
}

/** True if `sql` holds only blanks, comments and semicolons. */
function onlyCommentsLeft(sql: string): boolean {
  return /^(?:\s+|;|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*$/.test(sql);
}

function firstStatement(db: Database, sql: string): Statement | null {
  const statements = db.iterateStatements(sql);
  const first = statements.next();
  if (first.done) return null;
  if (!onlyCommentsLeft(statements.getRemainingSQL() ?? "")) {
    first.value.free();
    throw new ProgrammingError("You can only execute one statement at a time.");
  }
  return first.value;
}

function lastInsertRowid(db: Database): number {
  return Number(db.exec("select last_insert_rowid()")[0]!.values[0]![0]);
}
