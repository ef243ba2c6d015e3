/**
 * adbapi's wrappers around a DB-API connection and cursor, as
 * twisted.enterprise.adbapi defines them beside ConnectionPool: what
 * runWithConnection and runInteraction hand the learner's function, in a
 * pool thread.
 */
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { TwistedError } from "../python/exceptions";
import type * as sqlite3 from "../../stdlib/sqlite3";

/** One row of a query's result: an array, as Python's sqlite3 gives a tuple. */
export type Row = sqlite3.Row;

/** A DB-API connection, as far as the pool uses one. */
export interface DBAPIConnection {
  cursor(): DBAPICursor;
  commit(): void;
  rollback(): void;
  close(): void;
}

/** A DB-API cursor, as a Transaction relays it. */
export interface DBAPICursor {
  execute(sql: string, parameters?: any): unknown;
  executemany?(sql: string, seq: Iterable<any>): unknown;
  fetchone(): any;
  fetchall(): any[];
  fetchmany?(size?: number): any[];
  close(): void;
  readonly rowcount: number;
  readonly lastrowid: number | null;
  readonly description: unknown;
}

/** A DB-API 2.0 module: what ConnectionPool's first argument names. */
export interface DBAPIModule {
  connect(...args: any[]): DBAPIConnection;
  readonly apilevel?: string;
  readonly threadsafety?: number;
}

/** This means that a db connection has been lost. Client code may try again. */
export class ConnectionLost extends TwistedError {}

/** What the wrappers need of their pool (ConnectionPool provides it). */
export interface WrappedPool {
  readonly reconnect: boolean;
  readonly noisy: boolean;
  readonly good_sql: string;
  /** The calling thread's connection, made on first use. */
  connect(): DBAPIConnection;
  /** Closes and forgets the calling thread's connection. */
  disconnect(connection: DBAPIConnection): void;
}

/**
 * A wrapper for a DB-API connection that knows its pool: what
 * runWithConnection's function gets. close() does nothing (the pool owns
 * the connection); rollback() reconnects when the pool says so.
 */
export class Connection {
  private connection: DBAPIConnection | null = null;

  constructor(private readonly pool: WrappedPool) {
    this.reconnect();
  }

  /** Does nothing: a pooled connection stays open for its thread's next interaction. */
  close(): void {}

  /** A cursor on the connection. */
  cursor(): DBAPICursor {
    return this.connection!.cursor();
  }

  /** Commits the connection's transaction. */
  commit(): void {
    this.connection!.commit();
  }

  /**
   * Rolls back; with cp_reconnect, checks the connection with good_sql and
   * reconnects if it is dead.
   * @throws ConnectionLost when the connection was dead and has been dropped.
   */
  rollback(): void {
    if (!this.pool.reconnect) {
      this.connection!.rollback();
      return;
    }
    try {
      this.connection!.rollback();
      const cursor = this.connection!.cursor();
      cursor.execute(this.pool.good_sql);
      cursor.close();
      this.connection!.commit();
      return;
    } catch (thrown) {
      log.err(new Failure(thrown), "Rollback failed");
    }
    this.pool.disconnect(this.connection!);
    if (this.pool.noisy) log.msg("Connection lost.");
    throw new ConnectionLost();
  }

  /** Drops this thread's connection and makes a new one. */
  reconnect(): void {
    if (this.connection !== null) this.pool.disconnect(this.connection);
    this.connection = this.pool.connect();
  }
}

/**
 * A wrapper for a DB-API cursor: what runInteraction's function gets. It
 * relays execute, fetchone, fetchall and the cursor's attributes.
 */
export class Transaction {
  private cursor: DBAPICursor | null = null;

  constructor(
    private readonly pool: WrappedPool,
    private readonly connection: Connection,
  ) {
    this.reopen();
  }

  /** Executes one statement (`?` placeholders with an array of parameters). @returns what the cursor returns. */
  execute(sql: string, parameters?: sqlite3.Parameters): unknown {
    return this.open().execute(sql, parameters);
  }

  /** Executes one statement once per set of parameters. */
  executemany(sql: string, seq: Iterable<sqlite3.Parameters>): unknown {
    const cursor = this.open();
    if (!cursor.executemany) throw new TypeError("'Transaction' object's cursor has no attribute 'executemany'");
    return cursor.executemany(sql, seq);
  }

  /** The next row of the last query, or null. */
  fetchone(): sqlite3.Row | null {
    return this.open().fetchone();
  }

  /** The remaining rows of the last query. */
  fetchall(): sqlite3.Row[] {
    return this.open().fetchall();
  }

  /** Up to `size` more rows of the last query. */
  fetchmany(size?: number): sqlite3.Row[] {
    const cursor = this.open();
    if (!cursor.fetchmany) throw new TypeError("'Transaction' object's cursor has no attribute 'fetchmany'");
    return cursor.fetchmany(size);
  }

  /** Rows changed by the last INSERT, UPDATE or DELETE (-1 after anything else). */
  get rowcount(): number {
    return this.open().rowcount;
  }

  /** The rowid of the last inserted row. */
  get lastrowid(): number | null {
    return this.open().lastrowid;
  }

  /** The columns of the last query. */
  get description(): unknown {
    return this.open().description;
  }

  /** Closes the cursor. */
  close(): void {
    const cursor = this.cursor;
    this.cursor = null;
    cursor?.close();
  }

  /** Closes the cursor, if open, and opens a new one. */
  reopen(): void {
    if (this.cursor !== null) this.close();
    try {
      this.cursor = this.connection.cursor();
      return;
    } catch (thrown) {
      if (!this.pool.reconnect) throw thrown;
      log.err(new Failure(thrown), "Cursor creation failed");
    }
    if (this.pool.noisy) log.msg("Connection lost, reconnecting");
    this.reconnect();
    this.cursor = this.connection.cursor();
  }

  /** Reconnects the connection underneath. */
  reconnect(): void {
    this.connection.reconnect();
    this.cursor = null;
  }

  private open(): DBAPICursor {
    if (!this.cursor) throw new TypeError("'NoneType' object has no attribute 'execute'");
    return this.cursor;
  }
}
