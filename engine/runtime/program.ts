/**
 * Turns the learner's TypeScript into a running program: strip the types
 * (keeping line numbers), then evaluate it with a `require` that knows
 * Twisted's module paths.
 */
import { getFormattedTokens, transform } from "sucrase";
import { EngineAbort } from "../twisted/internet/unhandled";
import { noteStacklessThrow } from "../twisted/python/failure";
import { learnerFramesOf } from "../trace/location";
import { importedNames, missingImport } from "./imported-names";
import { HOOKS, instrument, type ParseError } from "./instrument";
import { learnerModules, learnerModuleNames } from "./modules";
import { CompiledMap, withoutAddedText, type Position } from "./source-map";

/** Where in the learner's file something went wrong (1-based). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A learner error: a syntax error, an exception at load time, or a bad import. */
export interface ProgramError {
  readonly kind: "syntax" | "exception" | "import";
  readonly message: string;
  readonly location: SourceLocation | null;
}

/** Where the program's console.log output goes. */
export type ConsoleSink = (text: string, stream: "stdout" | "stderr") => void;

/** What instrumented learner code calls: see instrument.ts. */
export interface ProgramHooks {
  /** True to record every statement's line (the debugger's line stepping). */
  readonly recordLines: boolean;
  /** A statement on `line` is about to run; `locals` returns the variables in scope. */
  line(line: number, locals: () => Record<string, unknown>): void;
  /** A loop went round or a function was entered at `line`. May throw to stop a blocked reactor. */
  guard(line: number): void;
  /** A call on `line` is about to be made (reported only when lines are recorded). */
  callAt?(line: number): void;
}

const NO_HOOKS: ProgramHooks = { recordLines: false, line() {}, guard() {} };

/**
 * Imports one of the learner's own modules ("./finger", "finger/tap") for
 * the module `from`: its exports, or undefined when there is no such file.
 * @throws ModuleLoadError when the file exists but fails to load
 */
export type LearnerImporter = (name: string, from: string) => Readonly<Record<string, unknown>> | undefined;

/** A learner module that failed to load: its own error, located in its own file. */
export class ModuleLoadError extends Error {
  constructor(readonly error: ProgramError) {
    super(error.message);
    this.name = "ModuleLoadError";
  }
}

/** Strips TypeScript types; line numbers stay as written. @throws ProgramError-shaped values via compile(). */
export function compile(source: string, file: string): { code: string; map: CompiledMap } | { error: ProgramError } {
  try {
    const { code, sourceMap } = transform(source, { transforms: ["typescript", "imports"], filePath: file, sourceMapOptions: { compiledFilename: file } });
    const decorator = findDecorator(source, file);
    if (decorator) return { error: decorator };
    return { code, map: new CompiledMap(sourceMap?.mappings ?? "") };
  } catch (thrown) {
    const loc = (thrown as { loc?: { line: number; column: number } }).loc;
    const message = String((thrown as Error).message ?? thrown).replace(/\s*\(\d+:\d+\)$/, "");
    const location = loc ? { file, line: loc.line, column: loc.column + 1 } : null;
    // The TypeScript compiler gives up on a parameter's decorator (`m(@inject x)`) just after its `@`.
    const text = location ? (source.split("\n")[location.line - 1] ?? "") : "";
    if (location && text[location.column - 2] === "@") {
      return { error: { kind: "syntax", message: DECORATORS_UNSUPPORTED, location: { ...location, column: location.column - 1 } } };
    }
    return { error: { kind: "syntax", message: `SyntaxError: ${message}`, location } };
  }
}

const DECORATORS_UNSUPPORTED = "SyntaxError: decorators (@name) are not supported here: call the function on the class or method instead (A = deco(A))";

/**
 * The first decorator in `source`, as an error at its `@`. The TypeScript
 * compiler drops a method's or a property's decorator without a word, so the
 * decorator would silently never run; a class's it leaves for the JavaScript
 * parser to reject (see describeParseError). Only a program with an `@`
 * somewhere (a comment, a string) is tokenized a second time to look.
 */
function findDecorator(source: string, file: string): ProgramError | null {
  if (!source.includes("@")) return null;
  // One row per token: "3:3-3:4   @      @ ...", its start first.
  const at = /^(\d+):(\d+)-\S+\s+@\s/m.exec(getFormattedTokens(source, { transforms: ["typescript"] }));
  return at ? { kind: "syntax", message: DECORATORS_UNSUPPORTED, location: { file, line: Number(at[1]), column: Number(at[2]) } } : null;
}

/**
 * Compiles and runs `source`. Returns null when the top level ran to the end,
 * or the error that stopped it.
 */
export function runProgram(source: string, file: string, sink: ConsoleSink, hooks: ProgramHooks = NO_HOOKS): ProgramError | null {
  return runModule(source, file, sink, hooks).error;
}

/** What running a module left behind: its error, if any, and what it exported. */
export interface ModuleRun {
  readonly error: ProgramError | null;
  /** The module's exports (`export const application = ...`), even when it stopped half way. */
  readonly exports: Readonly<Record<string, unknown>>;
  /**
   * Set when the top level stopped at reactor.run(): the rest of the program,
   * to run once the reactor has stopped (as Python's run() returns then).
   * Returns the error that the rest raised, if any.
   */
  readonly resumeAfterRun: (() => ProgramError | null) | null;
  /**
   * Describes something the module's code threw later, outside any call the
   * runtime made (a rejected Promise nothing caught), at its TypeScript line.
   */
  readonly describeThrown: (thrown: unknown) => ProgramError;
}

/**
 * Compiles and runs `source` as runProgram does, and also returns what it
 * exported: twistd looks up the `application` a .tac file exports.
 * `processModules` replace modules by name for one process (a child process's
 * `twisted/internet`, whose reactor and stdio are its own).
 */
export function runModule(
  source: string,
  file: string,
  sink: ConsoleSink,
  hooks: ProgramHooks = NO_HOOKS,
  importLearner?: LearnerImporter,
  module: { exports: Record<string, unknown> } = { exports: {} },
  processModules?: Readonly<Record<string, unknown>>,
): ModuleRun {
  const { error, resume, describeThrown } = evaluateModule(source, file, sink, hooks, module, importLearner, processModules);
  return { error, exports: module.exports, resumeAfterRun: resume, describeThrown };
}

/**
 * The last few compilations and instrumentations, by their input: a process
 * pool runs the same program once per worker, and compiling it again for each
 * would cost the page its turn on a slow machine. Both are pure functions of
 * their input, so a cached result is the result.
 */
const COMPILED_KEPT = 8;
const compiledCache = new Map<string, ReturnType<typeof compile>>();
const instrumentedCache = new Map<string, ReturnType<typeof instrument>>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const found = cache.get(key);
  if (found !== undefined) return found;
  const made = make();
  cache.set(key, made);
  if (cache.size > COMPILED_KEPT) cache.delete(cache.keys().next().value!);
  return made;
}

function compileOnce(source: string, file: string): ReturnType<typeof compile> {
  return remember(compiledCache, `${file}\0${source}`, () => compile(source, file));
}

function instrumentOnce(code: string, lines: boolean): ReturnType<typeof instrument> {
  return remember(instrumentedCache, `${lines}\0${code}`, () => instrument(code, { lines }));
}

interface Evaluation {
  readonly error: ProgramError | null;
  readonly resume: (() => ProgramError | null) | null;
  readonly describeThrown: (thrown: unknown) => ProgramError;
}

function evaluateModule(
  source: string,
  file: string,
  sink: ConsoleSink,
  hooks: ProgramHooks,
  module: { exports: Record<string, unknown> },
  importLearner?: LearnerImporter,
  processModules?: Readonly<Record<string, unknown>>,
): Evaluation {
  const unplaced = (thrown: unknown) => describeException(thrown, file);
  const compiled = compileOnce(source, file);
  if ("error" in compiled) return { error: compiled.error, resume: null, describeThrown: unplaced };
  const defaultExport = findDefaultExport(compiled.code, source, file);
  if (defaultExport) return { error: defaultExport, resume: null, describeThrown: unplaced };
  const { code, waitsAtRun, added, parseError } = instrumentOnce(compiled.code, hooks.recordLines);
  if (parseError) return { error: describeParseError(parseError, source, file, compiled.map), resume: null, describeThrown: unplaced };
  let importError: ProgramError | null = null;
  const imported = importedNames(compiled.code);
  const require = (name: string): unknown => {
    // A child process has modules of its own (its reactor, its pipes, its pid) in place of the shared ones.
    const found = processModules?.[name] ?? learnerModules[name];
    if (found !== undefined) {
      const missing = missingImport(imported.get(name), name, found as object);
      if (missing) {
        importError = { kind: "import", message: missing.message, location: { file, ...compiled.map.toSource(missing.at) } };
        throw new Error(importError.message);
      }
      return found;
    }
    let own: Readonly<Record<string, unknown>> | undefined;
    try {
      own = importLearner?.(name, file);
    } catch (thrown) {
      if (thrown instanceof ModuleLoadError) importError = thrown.error;
      throw thrown;
    }
    if (own !== undefined) return own;
    importError = {
      kind: "import",
      message: `ModuleNotFoundError: No module named '${name}'. Available: ${learnerModuleNames.join(", ")}`,
      location: findImportLine(source, name, file),
    };
    throw new Error(importError.message);
  };
  // The wrapper shares line 1 with the program so reported lines match the editor's.
  // A program that waits at reactor.run() is a generator: it yields there and resumes when the reactor stops.
  const prefix = `(function${waitsAtRun ? "*" : ""} (exports, require, module, console, ${HOOKS}) {`;
  // Where the last `throw` statement threw, and what: a thrown string or null carries no stack of its own.
  let lastThrow: { value: unknown; at: Position } | null = null;
  const places: Places = {
    lines: lineCount(source),
    toSource: (running) => compiled.map.toSource(withoutAddedText(running, added, prefix.length)),
    thrownAt: (value) => (lastThrow && Object.is(lastThrow.value, value) ? compiled.map.toSource(lastThrow.at) : null),
  };
  const callAt = hooks.callAt?.bind(hooks);
  const programHooks = {
    recordLines: hooks.recordLines,
    line: (line: number, locals: () => Record<string, unknown>) => hooks.line(line, locals),
    guard: (line: number) => hooks.guard(line),
    at: <T>(line: number, value: T): T => {
      callAt?.(line);
      return value;
    },
    threw: (line: number, column: number, value: unknown): unknown => {
      lastThrow = { value, at: { line, column } };
      // A Failure made from it later (in a Deferred's callback, a timer) names this line too.
      if (!(value instanceof Error)) noteStacklessThrow(value, { file, ...compiled.map.toSource({ line, column }), fn: throwingFunction() });
      return value;
    },
  };
  // Runs the top level up to its next reactor.run() (or its end); true when it stopped at a run().
  let proceed: () => boolean;
  const describe = (thrown: unknown): ProgramError => {
    if (thrown instanceof EngineAbort) throw thrown;
    return importError ?? describeException(thrown, file, places);
  };
  const describeThrown = (thrown: unknown) => describeException(thrown, file, places);
  try {
    const wrapped = `${prefix}${code}\n})\n//# sourceURL=${file}`;
    const evaluate = (0, eval)(wrapped) as (...args: unknown[]) => unknown;
    const result = evaluate(module.exports, require, module, makeConsole(sink), programHooks);
    if (waitsAtRun) {
      const generator = result as Generator<undefined, void, undefined>;
      proceed = () => !generator.next().done;
    } else {
      proceed = () => false;
    }
  } catch (thrown) {
    return { error: describe(thrown), resume: null, describeThrown };
  }
  const resume = (): ProgramError | null => {
    try {
      // A second run() cannot stop again: a reactor does not restart (it raises ReactorNotRestartable).
      proceed();
      return null;
    } catch (thrown) {
      return describe(thrown);
    }
  };
  try {
    return proceed() ? { error: null, resume, describeThrown } : { error: null, resume: null, describeThrown };
  } catch (thrown) {
    return { error: describe(thrown), resume: null, describeThrown };
  }
}

/** How to find, in the learner's file, where something was thrown. */
export interface Places {
  /** How many lines the file has: a frame past them (a stack the program rewrote) names no line. */
  readonly lines: number;
  /** The TypeScript position of a position in the code that ran. */
  readonly toSource: (running: Position) => Position;
  /** Where a `throw` statement threw `value`, if the last one threw it (for values without a stack). */
  readonly thrownAt: (value: unknown) => Position | null;
}

const PLAIN_PLACES: Places = { lines: Number.MAX_SAFE_INTEGER, toSource: (running) => running, thrownAt: () => null };

/**
 * The learner-facing description of an exception: its type, message and the
 * TypeScript line and column it came from. A thrown string or null is placed
 * at the `throw` statement that threw it.
 */
export function describeException(thrown: unknown, file: string, places: Places = PLAIN_PLACES): ProgramError {
  const error = thrown instanceof Error ? thrown : null;
  const message = error ? `${textOf(() => error.name)}: ${textOf(() => error.message)}` : `Error: ${textOf(() => thrown)}`;
  const at = error ? locate(error, file, places) : places.thrownAt(thrown);
  return { kind: "exception", message, location: at && at.line <= places.lines ? { file, line: at.line, column: at.column } : null };
}

/** `read()` as text: the program's getters and toString may throw, and describing its error must not. */
function textOf(read: () => unknown): string {
  try {
    return String(read());
  } catch {
    return "<unprintable>";
  }
}

/**
 * The first frame of `error` that lies in the learner's file and names one of
 * its lines, as a TypeScript position. The stack is the program's to rewrite
 * (`e.stack = "at finger.ts:999:1"`), so what it says is checked, not trusted.
 */
export function locate(error: Error, file: string, places: Places = PLAIN_PLACES): SourceLocation | null {
  let stack: unknown;
  try {
    stack = error.stack;
  } catch {
    return null;
  }
  if (typeof stack !== "string") return null;
  const pattern = new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+)`, "g");
  for (const match of stack.slice(0, 20_000).matchAll(pattern)) {
    const line = Number(match[1]);
    const column = Number(match[2]);
    if (line >= 1 && line <= places.lines && column >= 1) return { file, ...places.toSource({ line, column }) };
  }
  return null;
}

/** A syntax error the JavaScript parser found after the types were stripped, placed in the TypeScript. */
function describeParseError(error: ParseError, source: string, file: string, map: CompiledMap): ProgramError {
  let at = map.toSource({ line: error.line, column: error.column });
  const text = source.split("\n")[at.line - 1] ?? "";
  let message = `SyntaxError: ${error.message}`;
  // The parser stops just after an `await` outside an async function: point at the await itself.
  const awaitBefore = /\bawait\s*$/.exec(text.slice(0, at.column - 1));
  if (text[at.column - 1] === "@") {
    message = DECORATORS_UNSUPPORTED;
  } else if (awaitBefore || /^await\b/.test(text.slice(at.column - 1))) {
    if (awaitBefore) at = { line: at.line, column: awaitBefore.index + 1 };
    message =
      "SyntaxError: await works only inside an async function, and the program's top level is not one: " +
      "put the waiting code in an async function, or add a callback to the Deferred (d.addCallback(...))";
  }
  return { kind: "syntax", message, location: { file, line: at.line, column: at.column } };
}

/**
 * `export default` in the program, as an error: a program's exports are found
 * by name (twistd looks up `application`), so a default export would be
 * silently ignored. Null when there is none.
 */
function findDefaultExport(compiled: string, source: string, file: string): ProgramError | null {
  // sucrase compiles every form of it to an assignment to exports.default.
  if (!/\bexports\.\s*default\s*=/.test(compiled)) return null;
  const lines = source.split("\n");
  const index = lines.findIndex((line) => /^\s*export\s+default\b/.test(line));
  const column = index < 0 ? 1 : lines[index]!.search(/\S/) + 1;
  return {
    kind: "syntax",
    message:
      "SyntaxError: export default is not used here: nothing imports this program, and twistd finds what a .tac file exports by its name. " +
      "Give it a name (export const application = ...), or drop the export",
    location: index < 0 ? null : { file, line: index + 1, column },
  };
}

/** The name of the learner's function a `throw` statement is in, as a traceback names it ("<module>" at top level). */
function throwingFunction(): string {
  // Only for values without a stack, which are rare: a stack capture here is cheap enough.
  return learnerFramesOf(new Error().stack)[0]?.fn ?? "<module>";
}

/** How many lines `source` has, as an editor counts them. */
export function lineCount(source: string): number {
  let count = 1;
  for (let at = source.indexOf("\n"); at !== -1; at = source.indexOf("\n", at + 1)) count++;
  return count;
}

function findImportLine(source: string, name: string, file: string): SourceLocation | null {
  const lines = source.split("\n");
  const index = lines.findIndex((line) => line.includes(`"${name}"`) || line.includes(`'${name}'`));
  return index < 0 ? null : { file, line: index + 1, column: 1 };
}

function makeConsole(sink: ConsoleSink) {
  const format = (args: unknown[]) => args.map((arg) => (typeof arg === "string" ? arg : inspect(arg))).join(" ");
  return {
    log: (...args: unknown[]) => sink(format(args), "stdout"),
    info: (...args: unknown[]) => sink(format(args), "stdout"),
    warn: (...args: unknown[]) => sink(format(args), "stderr"),
    error: (...args: unknown[]) => sink(format(args), "stderr"),
  };
}

/** A short, safe rendering of a value for console output. */
export function inspect(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value !== "object" || value === null) return String(value);
  if (!Array.isArray(value) && (value as object).toString !== Object.prototype.toString) {
    return String(value);
  }
  try {
    const seen = new WeakSet<object>();
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "object" && v !== null) {
        if (seen.has(v)) return "[Circular]";
        seen.add(v);
      }
      return v;
    }).slice(0, 2000);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
