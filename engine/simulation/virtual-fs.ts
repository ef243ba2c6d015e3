/**
 * A simulated host's filesystem: text files and directories in memory, seeded
 * by lessons (/etc/users, /etc/passwd, /home/USER/.plan, ...) and edited by the
 * learner through the shell. Errors are Python's OSError subclasses by name,
 * so a learner sees "FileNotFoundError: [Errno 2] No such file or directory".
 */
import {
  DirectoryNotEmptyError,
  FileNotFoundError,
  IsADirectoryError,
  NotADirectoryError,
  PermissionError,
} from "../twisted/python/builtins";
import { normalizePath } from "../twisted/python/paths";
import type { DirEntry } from "../twisted/internet/interfaces";

type Entry = { readonly kind: "file"; content: string; mode?: number } | { readonly kind: "dir"; mode?: number };

/** The mode a new file or directory gets: readable by everyone, as a umask of 022 leaves it. */
const DEFAULT_MODE = 0o644;


export class VirtualFileSystem {
  private readonly entries = new Map<string, Entry>([["/", { kind: "dir" }]]);
  /** Bumped on every change, so a view can tell that it must re-read. */
  version = 0;

  /** Writes every `path: content` pair, creating directories as needed. */
  seed(files: Readonly<Record<string, string>>): void {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  /** True if something (file or directory) is at `path`. */
  exists(path: string): boolean {
    return this.entries.has(normalizePath(path));
  }

  /** True if `path` is a directory. */
  isDirectory(path: string): boolean {
    return this.entries.get(normalizePath(path))?.kind === "dir";
  }

  /** True if `path` is a regular file. */
  isFile(path: string): boolean {
    return this.entries.get(normalizePath(path))?.kind === "file";
  }

  /**
   * The text of the file at `path`.
   * @throws FileNotFoundError if nothing is there; IsADirectoryError for a directory.
   */
  read(path: string): string {
    const full = normalizePath(path);
    const entry = this.entries.get(full);
    if (!entry) throw new FileNotFoundError(path);
    if (entry.kind === "dir") throw new IsADirectoryError(path);
    // Programs run as an ordinary user that owns no one's files: only the "others" read bit counts.
    if (((entry.mode ?? DEFAULT_MODE) & 0o004) === 0) throw new PermissionError(path);
    return entry.content;
  }

  /**
   * Sets the permission bits of `path` (0o600: only its owner may read it,
   * so the learner's program may not).
   * @throws FileNotFoundError if nothing is there.
   */
  chmod(path: string, mode: number): void {
    const entry = this.entries.get(normalizePath(path));
    if (!entry) throw new FileNotFoundError(path);
    entry.mode = mode;
    this.version++;
  }

  /** The permission bits of `path` (0o644 unless chmod changed them). @throws FileNotFoundError if nothing is there. */
  mode(path: string): number {
    const entry = this.entries.get(normalizePath(path));
    if (!entry) throw new FileNotFoundError(path);
    return entry.mode ?? DEFAULT_MODE;
  }

  /**
   * Replaces (or creates) the file at `path`; missing parent directories are created.
   * @throws IsADirectoryError if `path` is a directory; NotADirectoryError if a parent is a file.
   */
  write(path: string, content: string): void {
    const full = normalizePath(path);
    if (this.entries.get(full)?.kind === "dir") throw new IsADirectoryError(path);
    this.mkdir(parentOf(full));
    const existing = this.entries.get(full);
    this.entries.set(full, { kind: "file", content, mode: existing?.mode });
    this.version++;
  }

  /**
   * The bytes of the file at `path` (a database file). The file system keeps
   * text, so a binary file is kept one character per byte (Latin-1): a file
   * snapshot carries it as it carries any other file.
   * @throws as read() does.
   */
  readBytes(path: string): Uint8Array {
    const text = this.read(path);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    return bytes;
  }

  /** Replaces (or creates) the file at `path` with these bytes (see readBytes). @throws as write() does. */
  writeBytes(path: string, content: Uint8Array): void {
    let text = "";
    for (let i = 0; i < content.length; i += 8192) text += String.fromCharCode(...content.subarray(i, i + 8192));
    this.write(path, text);
  }

  /** Adds `content` to the end of the file at `path` (creating it). */
  append(path: string, content: string): void {
    const full = normalizePath(path);
    const existing = this.entries.get(full);
    this.write(full, (existing?.kind === "file" ? existing.content : "") + content);
  }

  /**
   * Creates the directory `path` and any missing parents; an existing directory is fine.
   * @throws NotADirectoryError if `path` or a parent is a file.
   */
  mkdir(path: string): void {
    const full = normalizePath(path);
    const entry = this.entries.get(full);
    if (entry?.kind === "dir") return;
    if (entry) throw new NotADirectoryError(path);
    this.mkdir(parentOf(full));
    this.entries.set(full, { kind: "dir" });
    this.version++;
  }

  /**
   * The entries of directory `path`, sorted by name.
   * @throws FileNotFoundError if missing; NotADirectoryError for a file.
   */
  list(path: string): DirEntry[] {
    const full = normalizePath(path);
    const entry = this.entries.get(full);
    if (!entry) throw new FileNotFoundError(path);
    if (entry.kind !== "dir") throw new NotADirectoryError(path);
    const prefix = full === "/" ? "/" : `${full}/`;
    const found: DirEntry[] = [];
    for (const [childPath, child] of this.entries) {
      if (childPath === full || !childPath.startsWith(prefix) || childPath.slice(prefix.length).includes("/")) continue;
      const size = child.kind === "file" ? new TextEncoder().encode(child.content).length : 0;
      found.push({ name: childPath.slice(prefix.length), path: childPath, kind: child.kind, size });
    }
    return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Removes a file, or a directory (with everything under it when `recursive`).
   * @throws FileNotFoundError if missing; DirectoryNotEmptyError for a non-empty directory without `recursive`.
   */
  remove(path: string, recursive = false): void {
    const full = normalizePath(path);
    const entry = this.entries.get(full);
    if (!entry || full === "/") throw new FileNotFoundError(path);
    if (entry.kind === "dir") {
      const children = this.list(full);
      if (children.length && !recursive) throw new DirectoryNotEmptyError(path);
      for (const child of children) this.remove(child.path, true);
    }
    this.entries.delete(full);
    this.version++;
  }

  /** Every file as `path: content`, in path order (for saving and for tests). */
  snapshot(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const path of [...this.entries.keys()].sort()) {
      const entry = this.entries.get(path)!;
      if (entry.kind === "file") files[path] = entry.content;
    }
    return files;
  }
}


function parentOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at <= 0 ? "/" : path.slice(0, at);
}
