/** The real filesystem behind FilePath and pwd under the real-network reactor. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DirEntry, IFileSystem } from "../twisted/internet/interfaces";
import {
  DirectoryNotEmptyError,
  FileNotFoundError,
  IsADirectoryError,
  NotADirectoryError,
  PermissionError,
} from "../twisted/python/builtins";

/** node:fs, with errors turned into the Python errors the simulation raises. */
export class NodeFileSystem implements IFileSystem {
  /** The process's working directory: FilePath("users") is a file in it, as in Python. */
  get cwd(): string {
    return process.cwd();
  }

  /** True if something is at `file`. */
  exists(file: string): boolean {
    return fs.existsSync(file);
  }

  /** True if `file` is a directory. */
  isDirectory(file: string): boolean {
    return fs.existsSync(file) && fs.statSync(file).isDirectory();
  }

  /** True if `file` is a regular file. */
  isFile(file: string): boolean {
    return fs.existsSync(file) && fs.statSync(file).isFile();
  }

  /** The file's text. @throws FileNotFoundError, IsADirectoryError */
  read(file: string): string {
    return translate(file, () => fs.readFileSync(file, "utf8"));
  }

  /** Replaces (or creates) the file, creating parent directories. */
  write(file: string, content: string): void {
    translate(file, () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    });
  }

  /** The file's bytes. @throws FileNotFoundError, IsADirectoryError */
  readBytes(file: string): Uint8Array {
    return translate(file, () => new Uint8Array(fs.readFileSync(file)));
  }

  /** Replaces (or creates) the file with these bytes, creating parent directories. */
  writeBytes(file: string, content: Uint8Array): void {
    translate(file, () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    });
  }

  /** Adds to the end of the file. */
  append(file: string, content: string): void {
    translate(file, () => fs.appendFileSync(file, content));
  }

  /** Creates the directory and its parents. */
  mkdir(dir: string): void {
    translate(dir, () => fs.mkdirSync(dir, { recursive: true }));
  }

  /** The directory's entries, sorted by name. @throws FileNotFoundError, NotADirectoryError */
  list(dir: string): DirEntry[] {
    return translate(dir, () =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .map((entry) => {
          const full = path.join(dir, entry.name);
          const isDir = entry.isDirectory();
          return { name: entry.name, path: full, kind: isDir ? ("dir" as const) : ("file" as const), size: isDir ? 0 : fs.statSync(full).size };
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    );
  }

  /** Removes a file or directory. @throws FileNotFoundError, DirectoryNotEmptyError */
  remove(file: string, recursive = false): void {
    translate(file, () => fs.rmSync(file, { recursive }));
  }
}

function translate<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new FileNotFoundError(file);
    if (code === "EISDIR") throw new IsADirectoryError(file);
    if (code === "ENOTDIR") throw new NotADirectoryError(file);
    if (code === "ENOTEMPTY" || code === "ERR_FS_EISDIR") throw new DirectoryNotEmptyError(file);
    if (code === "EACCES") throw new PermissionError(file);
    throw thrown;
  }
}
