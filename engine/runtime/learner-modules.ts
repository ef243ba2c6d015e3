/**
 * The learner's own modules: a .tac file that imports its finger library
 * (`import * as finger from "./finger"`), a plugin under twisted/plugins/
 * that names "finger/tap". Files are read from a directory (the simulated
 * host's, or a real one under `npm run twistd`), which plays the part of
 * the entry on Python's path: bare names are found from it, "./" names from
 * the importing file. Each module runs once; a module that fails to load
 * reports its own file and line.
 */
import type { ModuleFinder } from "../twisted/python/modules";
import { normalizePath } from "../twisted/python/paths";
import type { VirtualFileSystem } from "../simulation/virtual-fs";
import { ModuleLoadError, runModule, type ConsoleSink, type ProgramError, type ProgramHooks } from "./program";

/** Where the learner's files are read from, by path relative to the root directory ("finger/tap.ts"). */
export interface SourceFiles {
  /** The file's text, or null when there is no such file. */
  read(path: string): string | null;
  /** The names of the files in a directory ("finger_tutorial.ts"), or [] when there is none. */
  list(directory: string): string[];
}

/** The learner's files under `root` on a simulated host's file system. */
export function filesUnder(fs: VirtualFileSystem, root: string): SourceFiles {
  return {
    read: (file) => {
      const path = normalizePath(file, root);
      return fs.isFile(path) ? fs.read(path) : null;
    },
    list: (directory) => {
      const path = normalizePath(directory, root);
      return fs.isDirectory(path) ? fs.list(path).map((entry) => entry.name) : [];
    },
  };
}

/** The learner's modules of one run: a require for learner code, and a ModuleFinder for Twisted's plugins. */
export class LearnerModules implements ModuleFinder {
  private readonly loaded = new Map<string, { exports: Record<string, unknown> }>();
  private readonly failed = new Map<string, ProgramError>();

  constructor(
    private readonly files: SourceFiles,
    private readonly sink: ConsoleSink,
    private readonly hooks?: ProgramHooks,
  ) {}

  /** What `import ... from name` in the file `from` gives, or undefined when no learner file has that name. */
  readonly importFrom = (name: string, from: string): Readonly<Record<string, unknown>> | undefined => {
    const path = this.resolve(name, from);
    return path === null ? undefined : this.load(path);
  };

  /** ModuleFinder.importModule: a module by its name from the root ("finger/tap"). */
  importModule(name: string): Readonly<Record<string, unknown>> {
    const path = this.resolve(name, "");
    if (path === null) throw new Error(`ModuleNotFoundError: No module named '${name.replace(/\//g, ".")}'`);
    try {
      return this.load(path);
    } catch (thrown) {
      if (thrown instanceof ModuleLoadError) throw new Error(describeLoadError(thrown.error));
      throw thrown;
    }
  }

  /** ModuleFinder.iterModules: the .ts modules directly in a package directory, by file name. */
  iterModules(name: string): string[] {
    return this.files
      .list(name)
      .filter((file) => /\.ts$/.test(file) && !/\.(test|tac)\.ts$/.test(file) && file !== "index.ts")
      .sort()
      .map((file) => `${name}/${file.replace(/\.ts$/, "")}`);
  }

  /** The file a module name means, or null: "./x" from the importer's folder, a bare name from the root. */
  private resolve(name: string, from: string): string | null {
    const relative = name.startsWith("./") || name.startsWith("../");
    if (!relative && !/^[A-Za-z_][\w/.-]*$/.test(name)) return null;
    const base = relative ? from.split("/").slice(0, -1).join("/") : "";
    const joined = normalize(base ? `${base}/${name}` : name);
    if (joined === null) return null;
    for (const candidate of [joined, `${joined}.ts`, `${joined}/index.ts`]) {
      if (candidate.endsWith(".ts") && this.files.read(candidate) !== null) return candidate;
    }
    return null;
  }

  private load(path: string): Readonly<Record<string, unknown>> {
    const failure = this.failed.get(path);
    if (failure) throw new ModuleLoadError(failure);
    const cached = this.loaded.get(path);
    if (cached) return cached.exports;
    const module = { exports: {} as Record<string, unknown> };
    // In the cache before it runs, so a cycle sees the half-made module, as in Python and CommonJS.
    this.loaded.set(path, module);
    const { error } = runModule(this.files.read(path)!, path, this.sink, this.hooks, this.importFrom, module);
    if (error) {
      this.loaded.delete(path);
      this.failed.set(path, error);
      throw new ModuleLoadError(error);
    }
    return module.exports;
  }
}

/** A module's load error as the end of a Python traceback: where, then what. */
export function describeLoadError(error: ProgramError): string {
  const where = error.location ? `  File "${error.location.file}", line ${error.location.line}\n` : "";
  return `Traceback (most recent call last):\n${where}${error.message}`;
}

/** "a/./b/../c" as "a/c"; null when it climbs above the root. */
function normalize(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}
