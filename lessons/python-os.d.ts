/**
 * For the repository's own type check only: it loads Node's types, whose
 * ambient `os` module hides the engine's (engine/stdlib/os.ts) from the path
 * mapping in tsconfig.json. The editor has no Node types and sees the
 * engine's module itself (lessons/editor-types.test.ts checks that); this
 * adds the one function the lessons use that Node's os lacks.
 */
declare module "os" {
  /** Ends this (child) process at once with `code`, as Python's os._exit does. */
  export function _exit(code: number): void;
}
