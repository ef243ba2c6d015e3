/**
 * Finding the learner's code in a JavaScript stack. Learner files are
 * evaluated with a `//# sourceURL=name.ts` (or .py) comment, so their frames
 * name a bare .ts/.py file; engine frames live under /engine/ or in bundled
 * .js chunks and are skipped, so what the learner sees points at their code.
 */
import type { SourceLocation } from "./events";

/** One parsed stack frame of learner code. */
export interface LearnerFrame extends SourceLocation {
  /** The function's name, "<module>" at top level. */
  readonly fn: string;
}

// V8: "    at Foo.bar (finger.ts:3:11)" or "    at finger.ts:3:11"
const V8_FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;
// SpiderMonkey / JavaScriptCore: "bar@finger.ts:3:11"
const GECKO_FRAME = /^(.*?)@(.*?):(\d+):(\d+)$/;

/** True when `file` is learner code: a .ts or .py file that is not part of the engine. */
export function isLearnerFile(file: string): boolean {
  if (!/\.(?:ts|py)$/.test(file)) return false;
  return !/(?:^|[\\/])(?:engine|node_modules)[\\/]/.test(file) && !file.startsWith("node:");
}

/**
 * Parses one line of a stack. Returns null for lines that are not frames or
 * not learner code.
 */
export function parseLearnerFrame(line: string): LearnerFrame | null {
  // Cheap rejections first: most frames are engine or bundled .js code.
  if (!(line.includes(".ts:") || line.includes(".py:")) || line.includes("/engine/") || line.includes("node_modules")) {
    return null;
  }
  const match = V8_FRAME.exec(line) ?? GECKO_FRAME.exec(line);
  if (!match) return null;
  let file = match[2]!;
  // "eval at runProgram (...), <anonymous>" style frames carry no usable file.
  if (file.includes(" ")) file = file.slice(file.lastIndexOf(" ") + 1);
  if (!isLearnerFile(file)) return null;
  return {
    file: file.replace(/^.*[\\/]/, ""),
    line: Number(match[3]),
    column: Number(match[4]),
    fn: functionName(match[1] ?? ""),
  };
}

/**
 * Python's name for a frame's function: "Foo.bar" becomes "bar"; the
 * program's top level (which the runtime evaluates inside a function V8 calls
 * "eval") becomes "<module>".
 */
function functionName(raw: string): string {
  const name = raw
    .replace(/ \[as [^\]]*\]$/, "")
    .replace(/^(?:async|new) /, "")
    .replace(/^.*\./, "");
  return !name || name === "eval" || name === "<anonymous>" ? "<module>" : name;
}

/** Every learner frame in a stack, innermost first (the order the stack lists them). */
export function learnerFramesOf(stack: string | undefined): LearnerFrame[] {
  if (!stack) return [];
  const frames: LearnerFrame[] = [];
  for (const line of stack.split("\n")) {
    const frame = parseLearnerFrame(line);
    if (frame) frames.push(frame);
  }
  return frames;
}

/** A frame in Python's traceback shape: `  File "finger.ts", line 3, in lineReceived`. */
export function formatFrame(frame: LearnerFrame): string {
  return `  File "${frame.file}", line ${frame.line}, in ${frame.fn}`;
}

/**
 * The learner frames of the current call stack, outermost first (Python's
 * order), formatted as traceback lines. Costs a stack capture: callers only
 * use it when debugging is on.
 */
export function currentLearnerStack(): string[] {
  return learnerFramesOf(new Error().stack).reverse().map(formatFrame);
}

const interned = new Map<string, SourceLocation>();

/**
 * Where the current call came from in the learner's code: the innermost
 * learner frame of the current stack, or null. Location objects are shared
 * between events that point at the same place.
 */
export function currentLearnerLocation(): SourceLocation | null {
  const stack = new Error().stack;
  if (!stack) return null;
  for (const line of stack.split("\n")) {
    const frame = parseLearnerFrame(line);
    if (!frame) continue;
    const key = `${frame.file}:${frame.line}:${frame.column}`;
    let location = interned.get(key);
    if (!location) {
      location = { file: frame.file, line: frame.line, column: frame.column };
      if (interned.size < 10_000) interned.set(key, location);
    }
    return location;
  }
  return null;
}
