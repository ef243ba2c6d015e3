/**
 * twisted.python.filepath.FilePath: a path on the host the reactor runs on,
 * with methods to read, write and list it. In the simulation it is the
 * simulated host's filesystem; under Node, the real one. Contents are text.
 */
import { installedReactor } from "../internet/installed";
import type { IFileSystem } from "../internet/interfaces";
import { normalizePath } from "./paths";
import { ValueError } from "./builtins";

/**
 * A child name that would leave its directory: FilePath("/home").child("../etc")
 * raises it, so a user name from the network can never reach outside /home.
 */
export class InsecurePath extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InsecurePath";
  }
}

/** Python's repr of a str (single quotes unless the text holds one). */
function quoted(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** posixpath.normpath of a relative name: "a/../b" is "b", ".." stays "..", "" is ".". */
function normalizeName(name: string): string {
  if (name.startsWith("/")) return normalizePath(name);
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/") || ".";
}

/** Where a relative path starts: the reactor's file system's working directory, or "/". */
function workingDirectory(): string {
  try {
    return installedReactor().fileSystem().cwd ?? "/";
  } catch {
    return "/";
  }
}

/**
 * An open file, read from the start: read(size) returns the next `size` bytes
 * of its UTF-8 text (fewer at the end, "" after it), as text. A chunk never
 * splits a character: it stops before one that would not fit whole, so an
 * ASCII file reads exactly as Python's binary file does.
 */
export class FileReader {
  private readonly bytes: Uint8Array;
  private offset = 0;
  private closed = false;

  constructor(content: string) {
    this.bytes = new TextEncoder().encode(content);
  }

  /**
   * The next `size` bytes (all the rest when size is negative or left out).
   * @throws ValueError once the file is closed.
   */
  read(size = -1): string {
    if (this.closed) throw new ValueError("I/O operation on closed file.");
    let end = size < 0 ? this.bytes.length : Math.min(this.bytes.length, this.offset + size);
    // Back off to a character boundary: a continuation byte is 10xxxxxx.
    const continues = (at: number) => at < this.bytes.length && (this.bytes[at]! & 0xc0) === 0x80;
    while (end > this.offset && continues(end)) end--;
    // A size smaller than the next character still returns that character, so only the end reads as "".
    if (end === this.offset && size !== 0 && end < this.bytes.length) for (end++; continues(end); end++);
    const chunk = new TextDecoder().decode(this.bytes.subarray(this.offset, end));
    this.offset = end;
    return chunk;
  }

  /** Closes the file; reading afterwards raises ValueError. */
  close(): void {
    this.closed = true;
  }
}

/** A path: FilePath("/etc/users").getContent(), .child("x"), .listdir(), ... */
export class FilePath {
  /** The absolute, normalised path. */
  readonly path: string;

  constructor(path: string) {
    // A relative path starts from the working directory, as Python's abspath does.
    this.path = path.startsWith("/") ? normalizePath(path) : normalizePath(path, workingDirectory());
  }

  private get fs(): IFileSystem {
    return installedReactor().fileSystem();
  }

  /** The last part of the path. */
  basename(): string {
    return this.path.slice(this.path.lastIndexOf("/") + 1);
  }

  /** The path of the directory holding this one. */
  dirname(): string {
    const at = this.path.lastIndexOf("/");
    return at <= 0 ? "/" : this.path.slice(0, at);
  }

  /** The directory holding this one. */
  parent(): FilePath {
    return new FilePath(this.dirname());
  }

  /**
   * The entry `name` inside this directory, as Twisted's child() finds it:
   * `name` is normalised first ("a/../b" is "b"; "" and "." are this directory).
   * @throws InsecurePath if the normalised name still has a slash ("../etc"),
   *   or leads out of this directory ("..").
   */
  child(name: string): FilePath {
    const norm = normalizeName(name);
    if (norm.includes("/")) throw new InsecurePath(`${quoted(name)} contains one or more directory separators`);
    const newpath = normalizePath(`${this.path}/${norm}`);
    if (!newpath.startsWith(this.path)) throw new InsecurePath(`${quoted(newpath)} is not a child of ${this.path}`);
    return new FilePath(newpath);
  }

  /** The entry `name` next to this one. */
  sibling(name: string): FilePath {
    return this.parent().child(name);
  }

  exists(): boolean {
    return this.fs.exists(this.path);
  }

  isdir(): boolean {
    return this.fs.isDirectory(this.path);
  }

  isfile(): boolean {
    return this.fs.isFile(this.path);
  }

  /** The file's text. @throws FileNotFoundError, IsADirectoryError, PermissionError (the file's mode forbids reading it) */
  getContent(): string {
    return this.fs.read(this.path);
  }

  /**
   * Opens the file for reading, as FilePath.open() does (FileSender reads it).
   * @throws FileNotFoundError, IsADirectoryError, PermissionError
   */
  open(): FileReader {
    return new FileReader(this.fs.read(this.path));
  }

  /** Replaces the file's text (creating it). */
  setContent(content: string): void {
    this.fs.write(this.path, content);
  }

  /** The names in this directory, sorted. @throws FileNotFoundError, NotADirectoryError */
  listdir(): string[] {
    return this.fs.list(this.path).map((entry) => entry.name);
  }

  /** The entries of this directory as FilePaths. */
  children(): FilePath[] {
    return this.listdir().map((name) => this.child(name));
  }

  /** Creates this directory and its parents. */
  makedirs(): void {
    this.fs.mkdir(this.path);
  }

  /** Removes this file or directory (with everything in it). */
  remove(): void {
    this.fs.remove(this.path, true);
  }

  toString(): string {
    return `FilePath('${this.path}')`;
  }
}
