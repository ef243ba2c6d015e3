/**
 * SQLite itself: sql.js, SQLite compiled to WebAssembly, the same build in the
 * browser's runner worker and under Node. Loading it is asynchronous (the
 * WebAssembly module is compiled and instantiated), so whoever starts a
 * program loads it first: the runner worker with the module the page handed
 * it, Node entry points and the check runner with sql.js's own file.
 * sqlite3.connect then uses it synchronously, as Python's sqlite3 does.
 *
 * Most programs never open a database, so it is loaded only for those that
 * may (see mayUseSqlite): a runner worker that loaded it for every program
 * spent 20 to 70 ms on it before it could start any.
 */
import initSqlJs, { type SqlJsConfig, type SqlJsStatic } from "sql.js";

let loading: Promise<SqlJsStatic> | null = null;
let loaded: SqlJsStatic | null = null;

/**
 * Loads SQLite once; later calls return the same promise (their config is ignored).
 * @param config sql.js's options: in the browser, `instantiateWasm` with the compiled module.
 * @throws (the promise rejects) when the WebAssembly module cannot be loaded.
 */
export function loadSqlite(config?: SqlJsConfig): Promise<SqlJsStatic> {
  loading ??= initSqlJs(config).then((sql) => (loaded = sql));
  loading.catch(() => (loading = null));
  return loading;
}

/** What names SQLite in a program: Python's module, or adbapi, whose ConnectionPool is given the module's name. */
const SQLITE_USE = /sqlite3|adbapi/;

/**
 * Whether a program made of `texts` (its source and the files it may run or
 * import) may open a database: whether any of them names sqlite3 or adbapi.
 * A mention in a comment loads SQLite for nothing, which only costs time.
 */
export function mayUseSqlite(texts: Iterable<string>): boolean {
  for (const text of texts) if (SQLITE_USE.test(text)) return true;
  return false;
}

/** True once loadSqlite has finished. */
export function sqliteLoaded(): boolean {
  return loaded !== null;
}

/**
 * SQLite, loaded.
 * @throws Error when loadSqlite has not finished (an engine bug: the program started too early).
 */
export function sqliteLibrary(): SqlJsStatic {
  if (!loaded) throw new Error("SQLite (sql.js) is not loaded: loadSqlite() must finish before the program starts");
  return loaded;
}
