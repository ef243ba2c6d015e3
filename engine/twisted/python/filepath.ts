/**
 * twisted.python.filepath.FilePath: a path on the host the reactor runs on,
 * with methods to read, write and list it. In the simulation it is the
 * simulated host's filesystem; under Node, the real one. Contents are text.
 */
import { installedReactor } from "../internet/installed";
import type { IFileSystem } from "../internet/interfaces";
import { normalizePath } from "./paths";

/** A path: FilePath("/etc/users").getContent(), .child("x"), .listdir(), ... */
export class FilePath {
  /** The absolute, normalised path. */
  readonly path: string;

  constructor(path: string) {
    this.path = normalizePath(path);
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
   * The entry `name` inside this directory.
   * @throws Error (InsecurePath) if `name` contains a slash or is "..".
   */
  child(name: string): FilePath {
    if (name.includes("/") || name === ".." || name === ".") throw new Error(`InsecurePath: ${name}`);
    return new FilePath(`${this.path}/${name}`);
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

  /** The file's text. @throws FileNotFoundError, IsADirectoryError */
  getContent(): string {
    return this.fs.read(this.path);
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
