/**
 * Where a connection's database lives. sql.js keeps a database in memory, so
 * a file database is read from the host's file when the connection opens,
 * read again when another connection has changed the file since (checked
 * before each statement that starts outside a transaction, as SQLite itself
 * sees other connections' commits), and written back after every commit.
 * The file is the simulated host's in the browser and the real one under Node.
 */
import type { Database, SqlJsStatic } from "sql.js";
import type { IFileSystem } from "../../twisted/internet/interfaces";
import { OperationalError } from "./errors";

/** The database of one connection, with the file (if any) behind it. */
export class DatabaseFile {
  /** The file's bytes as this connection last read or wrote them. */
  private synced: Uint8Array | null = null;
  private database: Database;

  /**
   * Opens `path` (":memory:" or "" for a private database in memory),
   * creating an empty file as SQLite does.
   * @throws OperationalError "unable to open database file" when the path is a directory or its directory is missing.
   */
  constructor(
    private readonly sql: SqlJsStatic,
    private readonly fs: IFileSystem | null,
    readonly path: string | null,
  ) {
    if (path !== null && fs) {
      if (fs.isDirectory(path) || !fs.isDirectory(parentOf(path))) throw new OperationalError("unable to open database file");
      if (!fs.exists(path)) writeBytes(fs, path, new Uint8Array(0));
    }
    this.database = this.open();
  }

  /** The database, read again first if another connection changed the file. */
  current(): Database {
    if (this.path !== null && this.fs && !sameBytes(readBytes(this.fs, this.path), this.synced)) {
      this.database.close();
      this.database = this.open();
    }
    return this.database;
  }

  /** The database as it is now, without looking at the file (inside a transaction). */
  get active(): Database {
    return this.database;
  }

  /** Writes the database to its file (after a commit). */
  persist(): void {
    if (this.path === null || !this.fs) return;
    const bytes = this.database.export();
    writeBytes(this.fs, this.path, bytes);
    this.synced = bytes;
  }

  /** Closes the in-memory copy; the file keeps what was last committed. */
  close(): void {
    this.database.close();
  }

  private open(): Database {
    if (this.path === null || !this.fs) return new this.sql.Database();
    const bytes = readBytes(this.fs, this.path);
    this.synced = bytes;
    return new this.sql.Database(bytes.length ? bytes : undefined);
  }
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut <= 0 ? "/" : path.slice(0, cut);
}

function sameBytes(a: Uint8Array, b: Uint8Array | null): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function readBytes(fs: IFileSystem, path: string): Uint8Array {
  if (!fs.readBytes) throw new Error("this host's file system cannot hold a database file (no readBytes)");
  return fs.readBytes(path);
}

function writeBytes(fs: IFileSystem, path: string, bytes: Uint8Array): void {
  if (!fs.writeBytes) throw new Error("this host's file system cannot hold a database file (no writeBytes)");
  fs.writeBytes(path, bytes);
}
