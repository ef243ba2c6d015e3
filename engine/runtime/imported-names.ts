/**
 * A program's named imports checked against the modules it imports, as
 * Python's `from twisted.internet import reactr` fails at once: the names the
 * compiled program takes from each module, and the first one a module lacks,
 * said as Python says it, with the module's nearest name.
 */
import type { Position } from "./source-map";

/** A name the program takes from a module (`reactor` in `import { reactor } from ...`), and its first use in the compiled code. */
export interface ImportedName {
  readonly name: string;
  readonly at: Position;
}

/**
 * The names the compiled program uses from each module it imports by name.
 * The TypeScript compiler turns `import { reactor } from "twisted/internet"`
 * into `var _internet = require('twisted/internet')` and each use of
 * `reactor` into `_internet.reactor`; names used only as types are gone.
 */
export function importedNames(code: string): Map<string, ImportedName[]> {
  const modules = new Map<string, string>();
  for (const match of code.matchAll(/\bvar (_[\w$]+) = require\('([^']+)'\);/g)) modules.set(match[1]!, match[2]!);
  const names = new Map<string, ImportedName[]>();
  if (modules.size === 0) return names;
  const lineStarts = [0];
  for (let at = code.indexOf("\n"); at !== -1; at = code.indexOf("\n", at + 1)) lineStarts.push(at + 1);
  for (const match of code.matchAll(/(?<![\w$.])(_[\w$]+)\.([A-Za-z_$][\w$]*)/g)) {
    const module = modules.get(match[1]!);
    if (module === undefined) continue;
    const uses = names.get(module) ?? [];
    if (uses.some((use) => use.name === match[2])) continue;
    // The compiled `_internet.reactr` maps back to the `reactr` the learner wrote from its start.
    const index = match.index;
    let line = lineStarts.length;
    while (lineStarts[line - 1]! > index) line--;
    uses.push({ name: match[2]!, at: { line, column: index - lineStarts[line - 1]! + 1 } });
    names.set(module, uses);
  }
  return names;
}

/**
 * The first of `uses` that `exports` does not have, as Python's ImportError
 * says it, at that name's first use in the compiled code; null when all are there.
 */
export function missingImport(uses: readonly ImportedName[] | undefined, module: string, exports: object): { message: string; at: Position } | null {
  const use = uses?.find(({ name }) => !(name in exports));
  if (!use) return null;
  const near = Object.keys(exports)
    .map((name) => ({ name, distance: editDistance(name.toLowerCase(), use.name.toLowerCase()) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.floor(use.name.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0];
  return { message: `ImportError: cannot import name '${use.name}' from '${module}'${near ? ` (did you mean '${near.name}'?)` : ""}`, at: use.at };
}

/** How many single-letter edits turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}
