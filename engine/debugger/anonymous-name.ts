/**
 * Short names for anonymous functions, read from the learner's source: the
 * trace only knows "<anonymous>", but the line that passed the function to
 * addCallback or callLater shows what it is, as Python names a lambda by its
 * line. `(reason) => {…}`, `() => d.errback(…)`, `(status) => "line: " + status`.
 */

/** Longest expression body shown whole; longer ones are cut with "…". */
const BODY_SHOWN = 22;
/** Lines read from the call's line on, for a call whose function starts on a later line. */
const LINES_READ = 3;

/** The trace's names for a function with none. */
export function isAnonymous(fn: string): boolean {
  return fn === "<anonymous>" || fn === "anonymous" || fn === "";
}

/**
 * A function's name for the debugger: its own name, or for an anonymous one
 * its head from the source (`(user) => {…}`), or "anonymous function".
 * @param line the learner's line that added or scheduled it, when known.
 * @param side which function of `addCallbacks(cb, eb)` on that line: the errback is the second.
 */
export function shortFunctionName(fn: string, sourceLines: readonly string[] | undefined, line: number | null, side: "callback" | "errback" = "callback"): string {
  if (!isAnonymous(fn)) return fn;
  const text = line === null ? undefined : sourceLines?.[line - 1];
  if (text === undefined) return "anonymous function";
  // A call whose function starts on a later line: `d.addCallback(` then the arrow below it.
  const head = anonymousHead(text, side) ?? (CALL.test(text) ? anonymousHead(sourceLines!.slice(line! - 1, line! - 1 + LINES_READ).join("\n"), side) : null);
  return head ?? "anonymous function";
}

/** Where the functions passed to a call start: after addCallbacks( / addErrback( / callLater( ..., else anywhere. */
const CALL = /\b(addCallbacks|addCallback|addErrback|addBoth|callLater|callWhenRunning|deferLater|LoopingCall|callFromThread|callInThread|deferToThread|maybeDeferred)\s*\(/;
/** A function expression's start: `function (a) {`, `async (a: T) =>`, `(a, b): R =>`, `a =>`. */
const FUNCTION = /(?:\basync\s+)?(?:\bfunction\b\s*\*?\s*\(([^)]*)\)|\(((?:[^()]|\([^()]*\))*)\)\s*(?::\s*[^=;{}]+?)?\s*=>|\b([A-Za-z_$][\w$]*)\s*=>)/g;

/**
 * The head of the anonymous function passed on `text` (the call's line and a
 * few after it), or null when none is found.
 */
export function anonymousHead(text: string, side: "callback" | "errback" = "callback"): string | null {
  const call = CALL.exec(text);
  const from = call ? call.index + call[0].length : 0;
  FUNCTION.lastIndex = from;
  let match = FUNCTION.exec(text);
  if (match && side === "errback" && call?.[1] === "addCallbacks") match = FUNCTION.exec(text);
  if (!match) return null;
  const isFunction = match[1] !== undefined;
  const params = isFunction ? match[1]! : (match[2] ?? match[3] ?? "");
  const head = `(${paramNames(params)})`;
  if (isFunction) return `function ${head} {…}`;
  return `${head} => ${body(text.slice(match.index + match[0].length))}`;
}

/** `reason: any, n = 1, ...rest: T[]` as `reason, n, ...rest`. */
function paramNames(params: string): string {
  return params
    .split(",")
    .map((param) => /^\s*(\.\.\.)?\s*([A-Za-z_$][\w$]*|\{[^}]*\}|\[[^\]]*\])/.exec(param))
    .filter((found) => found !== null)
    .map((found) => `${found[1] ?? ""}${found[2]}`)
    .join(", ");
}

/** An arrow's body, short: `{…}` for a block, `f(…)` for a call, else the expression cut to BODY_SHOWN. */
function body(rest: string): string {
  const text = rest.trimStart();
  if (text.startsWith("{")) return "{…}";
  // The expression runs until the bracket that closes the call it was passed to, a comma or a semicolon at depth 0.
  let depth = 0;
  let end = text.length;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === 0) {
        end = i;
        break;
      }
      depth--;
    } else if ((ch === "," || ch === ";" || ch === "\n") && depth === 0) {
      end = i;
      break;
    }
  }
  const expression = text.slice(0, end).trim();
  const called = /^((?:new\s+)?[A-Za-z_$][\w$.]*)\s*\(/.exec(expression);
  if (called && closingBracket(expression, called[0].length - 1) === expression.length - 1) return `${called[1]}(…)`;
  return expression.length <= BODY_SHOWN ? expression : `${expression.slice(0, BODY_SHOWN - 1).trimEnd()}…`;
}

/** The index of the bracket that closes the one at `open`, or -1. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i;
  }
  return -1;
}
