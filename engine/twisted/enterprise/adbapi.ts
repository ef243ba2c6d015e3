/**
 * twisted.enterprise.adbapi: a pool of DB-API connections whose queries run
 * in a thread pool of its own and answer with Deferreds, so a slow query
 * never holds the reactor.
 *
 * As in Twisted, each pool thread keeps one connection (made the first time
 * that thread runs an interaction), an interaction that returns commits and
 * one that throws rolls back, and the pool starts when the reactor runs and
 * closes its connections at shutdown. The threads are the simulated ones of
 * thread-pool.ts: a result comes back to the reactor thread in a later turn,
 * after the thread's own time has passed.
 */
import { Deferred } from "../internet/defer";
import { installedReactor } from "../internet/installed";
import type { IReactor } from "../internet/interfaces";
import type { ReactorBase } from "../internet/base";
import type { SimulatedThreadPool } from "../internet/thread-pool";
import { currentThreadIdent } from "../internet/thread-pool";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { importModule } from "../python/modules";
import * as sqlite3 from "../../stdlib/sqlite3";
import { Connection, Transaction, type DBAPIConnection, type DBAPIModule, type Row, type WrappedPool } from "./adbapi-wrappers";

export { Connection, ConnectionLost, Transaction } from "./adbapi-wrappers";
export type { DBAPIConnection, DBAPICursor, DBAPIModule, Row, WrappedPool } from "./adbapi-wrappers";

/** The pool's own keyword arguments (Twisted's cp_*), beside the ones passed on to connect(). */
export interface PoolOptions {
  /** The fewest threads (and so connections) the pool keeps (default 3). */
  readonly cp_min?: number;
  /** The most threads (and so connections) the pool keeps (default 5). */
  readonly cp_max?: number;
  /** Names the pool's threads. */
  readonly cp_name?: string;
  /** Logs "adbapi connecting: NAME" and "adbapi closing: NAME". */
  readonly cp_noisy?: boolean;
  /** Called with every new DB-API connection, in its thread. */
  readonly cp_openfun?: (connection: DBAPIConnection) => unknown;
  /** Reconnect when a rollback finds the connection dead (default false). */
  readonly cp_reconnect?: boolean;
  /** A query that always succeeds and changes nothing (default "select 1"). */
  readonly cp_good_sql?: string;
  /** The reactor to run on (default: the installed one). */
  readonly cp_reactor?: IReactor;
}

const POOL_KEYWORDS = ["cp_min", "cp_max", "cp_name", "cp_noisy", "cp_openfun", "cp_reconnect", "cp_good_sql", "cp_reactor"] as const;

function isKeywords(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
}

/** Python's `import NAME`: the engine's sqlite3, or a module of the learner's. */
function namedModule(name: string): DBAPIModule {
  if (name === "sqlite3") return sqlite3;
  return importModule(name) as unknown as DBAPIModule;
}

/**
 * A pool of connections to a DB-API 2.0 database. Every method that touches
 * the database runs its work in one of the pool's threads and returns a
 * Deferred that fires, back in the reactor thread, with the result.
 *
 * `new ConnectionPool("sqlite3", "finger.db")`; keyword arguments go last as
 * one object: `{ cp_max: 1, check_same_thread: false }` (the cp_ ones are
 * the pool's, the others go to connect()).
 */
export class ConnectionPool implements WrappedPool {
  /** Log connections as they open and close. */
  noisy = false;
  /** The fewest connections. */
  min = 3;
  /** The most connections. */
  max = 5;
  /** The thread pool's name. */
  name: string | null = null;
  /** Called with each new DB-API connection. */
  openfun: ((connection: DBAPIConnection) => unknown) | null = null;
  /** Reconnect when a connection fails. */
  reconnect = false;
  /** A query that should always succeed. */
  good_sql = "select 1";
  /** True once the pool has started (the reactor is running) and until it is closed. */
  running = false;
  /** The module name given, as Python's import string. */
  readonly dbapiName: string;
  /** The DB-API module. */
  readonly dbapi: DBAPIModule;
  /** The positional arguments for connect(). */
  readonly connargs: unknown[];
  /** The keyword arguments for connect(), without the cp_ ones. */
  readonly connkw: Record<string, unknown>;
  /** The pool's threads. */
  readonly threadpool: SimulatedThreadPool;
  /** One connection per thread, by thread id. */
  readonly connections = new Map<number, DBAPIConnection>();
  private readonly reactor: ReactorBase;
  private startID: unknown;
  private shutdownID: unknown = null;

  /**
   * @param dbapiName the DB-API module's import name: "sqlite3".
   * @param args the arguments for the module's connect(), then optionally one object of keyword arguments.
   * @throws Error "ModuleNotFoundError: No module named 'NAME'" for a module that does not exist.
   */
  constructor(dbapiName: string, ...args: unknown[]) {
    this.dbapiName = dbapiName;
    this.dbapi = namedModule(dbapiName);
    if (this.dbapi.apilevel !== "2.0") log.msg("DB API module not DB API 2.0 compliant.");
    if ((this.dbapi.threadsafety ?? 0) < 1) log.msg("DB API module not sufficiently thread-safe.");
    const keywords = args.length && isKeywords(args[args.length - 1]) ? { ...(args.pop() as Record<string, unknown>) } : {};
    const options = keywords as PoolOptions;
    this.reactor = (options.cp_reactor ?? installedReactor()) as unknown as ReactorBase;
    if (options.cp_min !== undefined) this.min = options.cp_min;
    if (options.cp_max !== undefined) this.max = options.cp_max;
    if (options.cp_name !== undefined) this.name = options.cp_name;
    if (options.cp_noisy !== undefined) this.noisy = options.cp_noisy;
    if (options.cp_openfun !== undefined) this.openfun = options.cp_openfun;
    if (options.cp_reconnect !== undefined) this.reconnect = options.cp_reconnect;
    if (options.cp_good_sql !== undefined) this.good_sql = options.cp_good_sql;
    for (const keyword of POOL_KEYWORDS) delete keywords[keyword];
    this.connargs = args;
    this.connkw = keywords;
    this.min = Math.min(this.min, this.max);
    this.max = Math.max(this.min, this.max);
    this.threadpool = this.reactor.newThreadPool(this.name ?? "twisted.enterprise.adbapi.ConnectionPool", this.max);
    this.threadpool.min = this.min;
    this.startID = this.reactor.callWhenRunning(() => this.startFromReactor());
  }

  private startFromReactor(): void {
    this.startID = null;
    this.start();
  }

  /** Starts the pool (done for you when the reactor runs): from now on, interactions run. */
  start(): void {
    if (this.running) return;
    this.shutdownID = this.reactor.addSystemEventTrigger("during", "shutdown", () => this.finalClose());
    this.running = true;
  }

  /**
   * Runs `func(connection, ...args)` in a pool thread with an adbapi
   * Connection; commits if it returns, rolls back if it throws.
   * @returns a Deferred firing with what `func` returned, or failing with what it threw.
   */
  runWithConnection<R, A extends unknown[]>(func: (connection: Connection, ...args: A) => R, ...args: A): Deferred<R> {
    return this.deferToPool(func.name, () => {
      const connection = new Connection(this);
      try {
        const result = func(connection, ...args);
        connection.commit();
        return result;
      } catch (thrown) {
        this.rollbackAfter(() => connection.rollback());
        throw thrown;
      }
    });
  }

  /**
   * Runs `interaction(transaction, ...args)` in a pool thread: the
   * Transaction is a cursor on that thread's connection. If the interaction
   * returns, the transaction commits; if it throws, it rolls back.
   * @returns a Deferred firing with what `interaction` returned, or failing with what it threw.
   */
  runInteraction<R, A extends unknown[]>(interaction: (transaction: Transaction, ...args: A) => R, ...args: A): Deferred<R> {
    return this.deferToPool(interaction.name, () => {
      const connection = new Connection(this);
      const transaction = new Transaction(this, connection);
      try {
        const result = interaction(transaction, ...args);
        transaction.close();
        connection.commit();
        return result;
      } catch (thrown) {
        this.rollbackAfter(() => connection.rollback());
        throw thrown;
      }
    });
  }

  /**
   * Executes one query (`?` placeholders, parameters as an array) and fetches every row.
   * @returns a Deferred firing with the rows (arrays, as Python's tuples), or failing with the database's error.
   */
  runQuery(sql: string, parameters?: sqlite3.Parameters): Deferred<sqlite3.Row[]> {
    return this.runInteraction(function _runQuery(transaction: Transaction) {
      transaction.execute(sql, parameters);
      return transaction.fetchall();
    });
  }

  /**
   * Executes one statement (an INSERT, UPDATE, DELETE, CREATE ...) without fetching rows.
   * @returns a Deferred firing with null (Python's None), or failing with the database's error.
   */
  runOperation(sql: string, parameters?: sqlite3.Parameters): Deferred<null> {
    return this.runInteraction(function _runOperation(transaction: Transaction) {
      transaction.execute(sql, parameters);
      return null;
    });
  }

  /** Closes every connection and stops the pool; interactions asked for later never run. */
  close(): void {
    if (this.shutdownID) {
      this.reactor.removeSystemEventTrigger(this.shutdownID as never);
      this.shutdownID = null;
    }
    if (this.startID) {
      this.reactor.removeSystemEventTrigger(this.startID as never);
      this.startID = null;
    }
    this.finalClose();
  }

  /** At shutdown (or from close()): stops the threads and closes the connections, from the reactor thread. */
  finalClose(): void {
    this.shutdownID = null;
    this.threadpool.stop();
    this.running = false;
    for (const connection of this.connections.values()) this.closeConnection(connection);
    this.connections.clear();
  }

  /**
   * The calling thread's connection, made on first use (engine and Connection use; runs in a pool thread).
   * @throws what the module's connect() throws.
   */
  connect(): DBAPIConnection {
    const thread = currentThreadIdent();
    let connection = this.connections.get(thread);
    if (!connection) {
      if (this.noisy) log.msg(`adbapi connecting: ${this.dbapiName}`);
      connection = this.dbapi.connect(...this.connargs, ...(Object.keys(this.connkw).length ? [this.connkw] : []));
      this.openfun?.(connection);
      this.connections.set(thread, connection);
    }
    return connection;
  }

  /** Closes and forgets the calling thread's connection. @throws Error "wrong connection for thread" for another's. */
  disconnect(connection: DBAPIConnection): void {
    const thread = currentThreadIdent();
    if (connection !== this.connections.get(thread)) throw new Error("wrong connection for thread");
    this.closeConnection(connection);
    this.connections.delete(thread);
  }

  private closeConnection(connection: DBAPIConnection): void {
    if (this.noisy) log.msg(`adbapi closing: ${this.dbapiName}`);
    try {
      connection.close();
    } catch (thrown) {
      log.err(new Failure(thrown), "Connection close failed");
    }
  }

  private rollbackAfter(rollback: () => void): void {
    try {
      rollback();
    } catch (thrown) {
      log.err(new Failure(thrown), "Rollback failed");
    }
  }

  /** deferToThreadPool(reactor, this.threadpool, work): the result comes back in the reactor thread. */
  private deferToPool<R>(name: string, work: () => R): Deferred<R> {
    const d = new Deferred<R>();
    const named = Object.defineProperty(() => work(), "name", { value: name || "anonymous" });
    this.reactor.callInPoolWithCallback(
      this.threadpool,
      (ok, result) => {
        if (ok) d.callback(result as R);
        else d.errback(result instanceof Failure ? result : new Failure(result));
      },
      named,
    );
    return d;
  }
}
