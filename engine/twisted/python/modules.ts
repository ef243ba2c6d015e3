/**
 * twisted.python.modules, the part plugins need: finding the modules of a
 * package (every `twisted/plugins/` directory on the path) and importing a
 * module by name. Where modules come from is not Twisted's business here:
 * whoever runs the learner's program (the simulation's runtime, or
 * `npm run twistd` on a real disk) installs a ModuleFinder, as Python's
 * import system sits beneath Twisted.
 */

/** Finds and imports the learner's modules. */
export interface ModuleFinder {
  /**
   * Imports the module called `name` ("finger/tap"; "finger.tap" also works).
   * @throws Error whose message says what went wrong and where ("File "finger/tap.ts", line 3 ...")
   */
  importModule(name: string): Readonly<Record<string, unknown>>;
  /** The names of the modules directly in the package `name` ("twisted/plugins"), in file name order. */
  iterModules(name: string): string[];
}

const NO_MODULES: ModuleFinder = {
  importModule(name) {
    throw new Error(`ModuleNotFoundError: No module named '${name.replace(/\//g, ".")}'`);
  },
  iterModules: () => [],
};

let finder: ModuleFinder = NO_MODULES;

/** Makes `found` the way modules are found, until the next install (null: none are). */
export function installModuleFinder(found: ModuleFinder | null): void {
  finder = found ?? NO_MODULES;
}

/** Imports a module by name. @throws Error as the installed finder reports it */
export function importModule(name: string): Readonly<Record<string, unknown>> {
  return finder.importModule(name.replace(/\./g, "/"));
}

/** The modules directly inside the package `name`. */
export function iterModules(name: string): string[] {
  return finder.iterModules(name.replace(/\./g, "/"));
}
