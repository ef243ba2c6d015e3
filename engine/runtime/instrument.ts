/**
 * Instruments the learner's compiled JavaScript, keeping every line where it
 * was: loop bodies and function bodies (an arrow's expression body too) get a
 * guard that notices a callback hogging the reactor; catch and finally blocks
 * get one too, so the guard's stop cannot be caught or overridden; and (when line stepping is on) each statement first
 * reports its line and the variables in scope, and each call the line it is on, for the debugger. A
 * `reactor.run()` on the top level becomes a point where the program waits
 * for the reactor to stop, as Python's run() does not return until then.
 */
import { parse } from "acorn";
import type { AddedText } from "./source-map";

/** The name of the hooks object the instrumented code calls. */
export const HOOKS = "__finger_hooks";

export interface InstrumentOptions {
  /** Record each statement's line and visible variables. */
  readonly lines: boolean;
}

/** Code the JavaScript parser rejected: what it said, and where (1-based, in the code given). */
export interface ParseError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

interface Insertion {
  readonly at: number;
  readonly text: string;
  readonly order: number;
}

interface Scope {
  readonly names: string[];
  /** True for a function's own scope (as opposed to a block inside it). */
  readonly isFunction: boolean;
  /** Whether `this` may be read here (methods and plain functions, not constructors before super). */
  readonly hasThis: boolean;
}

/** An acorn node, read loosely: the walker checks `type` before touching fields. */
interface AnyNode {
  type: string;
  start: number;
  end: number;
  loc: { start: { line: number; column: number } };
  [key: string]: any;
}

/** Instrumented code, and whether its top level waits at reactor.run(). */
export interface Instrumented {
  readonly code: string;
  /**
   * True when a top-level `reactor.run()` became `(reactor.run(), (yield))`:
   * the code must then run as a generator's body, resumed once the reactor stops.
   */
  readonly waitsAtRun: boolean;
  /** The text added to each line, to map a position in `code` back to the code given (see source-map.ts). */
  readonly added: AddedText;
  /** Set when the code could not be parsed: it is then returned as it was. */
  readonly parseError: ParseError | null;
}

/**
 * Returns instrumented code. Code that cannot be parsed is returned as it was:
 * it then runs without guards rather than not at all.
 */
export function instrument(code: string, options: InstrumentOptions): Instrumented {
  let program: AnyNode;
  try {
    program = parse(code, { ecmaVersion: "latest", sourceType: "script", locations: true, allowReturnOutsideFunction: true }) as unknown as AnyNode;
  } catch (thrown) {
    const loc = (thrown as { loc?: { line: number; column: number } }).loc;
    const message = String((thrown as Error).message ?? thrown).replace(/\s*\(\d+:\d+\)$/, "");
    return { code, waitsAtRun: false, added: new Map(), parseError: loc ? { message, line: loc.line, column: loc.column + 1 } : null };
  }
  // Depth of function bodies around the node being walked: 0 on the top level.
  let functionDepth = 0;
  let waitsAtRun = false;
  const insertions: Insertion[] = [];
  let order = 0;
  const insert = (at: number, text: string) => insertions.push({ at, text, order: order++ });

  const visible = (scopes: Scope[]): string => {
    const seen = new Set<string>();
    const parts: string[] = [];
    for (let i = scopes.length - 1; i >= 0; i--) {
      for (const name of scopes[i]!.names) {
        if (seen.has(name) || name === HOOKS) continue;
        seen.add(name);
        parts.push(name);
      }
    }
    const fn = [...scopes].reverse().find((scope) => scope.isFunction);
    const self = fn?.hasThis ? ["this: this"] : [];
    return [...self, ...parts.sort()].join(", ");
  };

  const lineHook = (node: AnyNode, scopes: Scope[]) => `${HOOKS}.line(${node.loc.start.line}, () => ({${visible(scopes)}}));`;

  function statements(list: AnyNode[], scopes: Scope[]): void {
    const scope = scopes[scopes.length - 1]!;
    for (const statement of list) {
      if (statement.type === "FunctionDeclaration" && statement.id) scope.names.push(statement.id.name);
    }
    for (const statement of list) {
      const skip = statement.type === "FunctionDeclaration" || statement.type === "EmptyStatement" || "directive" in statement;
      if (options.lines && !skip) insert(statement.start, lineHook(statement, scopes));
      walk(statement, scopes);
      if (statement.type === "VariableDeclaration") {
        for (const declarator of statement.declarations) {
          // Imports compile to `var _x = require(...)`: modules, not variables worth showing.
          if (declarator.init?.type === "CallExpression" && declarator.init.callee?.name === "require") continue;
          scope.names.push(...patternNames(declarator.id));
        }
      } else if (statement.type === "ClassDeclaration" && statement.id) {
        scope.names.push(statement.id.name);
      }
    }
  }

  function guardBody(body: AnyNode, line: number, scopes: Scope[]): void {
    if (body.type === "BlockStatement") {
      insert(body.start + 1, `${HOOKS}.guard(${line});`);
      scopes.push({ names: [], isFunction: false, hasThis: false });
      statements(body.body, scopes);
      scopes.pop();
    } else {
      insert(body.start, `{${HOOKS}.guard(${line});${options.lines ? lineHook(body, scopes) : ""}`);
      walk(body, scopes);
      insert(body.end, "}");
    }
  }

  function fn(node: AnyNode, scopes: Scope[], hasThis: boolean): void {
    const names = node.params.flatMap((param: AnyNode) => patternNames(param));
    if (node.type === "FunctionExpression" && node.id) names.push(node.id.name);
    const inner = [...scopes, { names, isFunction: node.type !== "ArrowFunctionExpression", hasThis }];
    if (node.type === "ArrowFunctionExpression") {
      // Arrows see the enclosing function's `this`: keep its flag.
      const enclosing = [...scopes].reverse().find((scope) => scope.isFunction);
      inner[inner.length - 1] = { names, isFunction: true, hasThis: enclosing?.hasThis ?? false };
    }
    functionDepth++;
    try {
      fnBody(node, inner);
    } finally {
      functionDepth--;
    }
  }

  function fnBody(node: AnyNode, inner: Scope[]): void {
    for (const param of node.params) walk(param, inner);
    const body = node.body as AnyNode;
    if (body.type === "BlockStatement") {
      insert(body.start + 1, `${HOOKS}.guard(${node.loc.start.line});`);
      statements(body.body, inner);
    } else {
      // An expression body is a function body too: `Array.from({ length: 1e12 }, () => 0)` must meet the guard.
      const line = options.lines ? `${HOOKS}.line(${body.loc.start.line}, () => ({${visible(inner)}})), ` : "";
      insert(body.start, `(${HOOKS}.guard(${node.loc.start.line}), ${line}`);
      walk(body, inner);
      insert(body.end, ")");
    }
  }

  function walk(node: AnyNode | null | undefined, scopes: Scope[]): void {
    if (!node || typeof node.type !== "string") return;
    switch (node.type) {
      case "Program":
        statements(node.body, scopes);
        return;
      case "BlockStatement":
      case "StaticBlock":
        // A class's static block is a body of its own: `yield` cannot reach out of it.
        if (node.type === "StaticBlock") functionDepth++;
        scopes.push({ names: [], isFunction: false, hasThis: false });
        statements(node.body, scopes);
        scopes.pop();
        if (node.type === "StaticBlock") functionDepth--;
        return;
      case "SwitchCase":
        walk(node.test, scopes);
        statements(node.consequent, scopes);
        return;
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        fn(node, scopes, true);
        return;
      case "MethodDefinition":
        walk(node.key, scopes);
        fn(node.value, scopes, node.kind !== "constructor");
        return;
      case "PropertyDefinition":
        // Field initialisers are not statements: leave them as they are.
        return;
      case "CallExpression":
        if (functionDepth === 0 && isReactorRun(node)) {
          waitsAtRun = true;
          insert(node.start, "(");
          walk(node.callee, scopes);
          insert(node.end, ", (yield))");
          return;
        }
        if (options.lines) return callSite(node, scopes);
        break;
      case "NewExpression":
        if (options.lines) return callSite(node, scopes);
        break;
      case "WhileStatement":
      case "DoWhileStatement":
        walk(node.test, scopes);
        guardBody(node.body, node.loc.start.line, scopes);
        return;
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement": {
        const loopScope: Scope = { names: [], isFunction: false, hasThis: false };
        scopes.push(loopScope);
        if (node.init) walk(node.init, scopes);
        if (node.left) walk(node.left, scopes);
        for (const declaration of [node.init, node.left]) {
          if (declaration?.type === "VariableDeclaration") {
            for (const declarator of declaration.declarations) loopScope.names.push(...patternNames(declarator.id));
          }
        }
        walk(node.test, scopes);
        walk(node.update, scopes);
        walk(node.right, scopes);
        guardBody(node.body, node.loc.start.line, scopes);
        scopes.pop();
        return;
      }
      case "CatchClause": {
        // The guard throws again if it has tripped: a catch cannot swallow the stop of a blocked reactor.
        insert(node.body.start + 1, `${HOOKS}.guard(${node.loc.start.line});`);
        scopes.push({ names: node.param ? patternNames(node.param) : [], isFunction: false, hasThis: false });
        walk(node.body, scopes);
        scopes.pop();
        return;
      }
      case "ThrowStatement":
        // A thrown string or null has no stack: the hooks note where it was thrown.
        insert(node.argument.start, `${HOOKS}.threw(${node.loc.start.line}, ${node.loc.start.column + 1}, `);
        walk(node.argument, scopes);
        insert(node.argument.end, ")");
        return;
      case "TryStatement":
        // Nor can a finally block replace the stop with a return or a break of its own.
        if (node.finalizer) insert(node.finalizer.start + 1, `${HOOKS}.guard(${node.finalizer.loc.start.line});`);
        break;
    }
    walkChildren(node, scopes);
  }

  /**
   * A call with arguments reports the line it is on as its first argument is
   * evaluated: after everything its callee needed (a helper that ran and
   * returned), just before the call. So `helper()\n  .addCallback(f)` names
   * the `.addCallback` line without a stack walk. The hook wraps an argument,
   * not the callee, so "x.f is not a function" still reads as written; a
   * call without arguments keeps the line last reported.
   */
  function callSite(node: AnyNode, scopes: Scope[]): void {
    walk(node.callee, scopes);
    const first = node.arguments[0] as AnyNode | undefined;
    if (first) {
      const value = first.type === "SpreadElement" ? (first.argument as AnyNode) : first;
      const callee = node.callee as AnyNode;
      const at = callee.type === "MemberExpression" ? (callee.property as AnyNode) : callee;
      insert(value.start, `${HOOKS}.at(${at.loc.start.line}, `);
      for (const argument of node.arguments) walk(argument, scopes);
      insert(value.end, ")");
      return;
    }
    for (const argument of node.arguments) walk(argument, scopes);
  }

  function walkChildren(node: AnyNode, scopes: Scope[]): void {
    for (const key of Object.keys(node)) {
      if (key === "loc" || key === "start" || key === "end" || key === "type") continue;
      const value = node[key];
      if (Array.isArray(value)) for (const item of value) walk(item, scopes);
      else if (value && typeof value === "object" && typeof value.type === "string") walk(value, scopes);
    }
  }

  walk(program, [{ names: [], isFunction: true, hasThis: false }]);
  insertions.sort((a, b) => b.at - a.at || b.order - a.order);
  let out = code;
  for (const { at, text } of insertions) out = out.slice(0, at) + text + out.slice(at);
  return { code: out, waitsAtRun, added: addedByLine(code, insertions), parseError: null };
}

/** Where each insertion lands, by line and column of the code given, in the order they appear on the line. */
function addedByLine(code: string, insertions: readonly Insertion[]): AddedText {
  const lineStarts = [0];
  for (let at = code.indexOf("\n"); at !== -1; at = code.indexOf("\n", at + 1)) lineStarts.push(at + 1);
  const added = new Map<number, { column: number; length: number }[]>();
  let line = 0;
  for (const { at, text } of [...insertions].sort((a, b) => a.at - b.at || a.order - b.order)) {
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= at) line++;
    const list = added.get(line + 1) ?? [];
    list.push({ column: at - lineStarts[line]!, length: text.length });
    added.set(line + 1, list);
  }
  return added;
}

/**
 * `reactor.run()` with no arguments, as the learner writes it (`reactor.run()`)
 * or as an import compiles it (`_internet.reactor.run()`).
 */
function isReactorRun(node: AnyNode): boolean {
  const callee = node.callee as AnyNode;
  if (node.arguments.length !== 0 || callee.type !== "MemberExpression" || callee.computed) return false;
  if (callee.property.type !== "Identifier" || callee.property.name !== "run") return false;
  const target = callee.object as AnyNode;
  if (target.type === "Identifier") return target.name === "reactor";
  return target.type === "MemberExpression" && !target.computed && target.property.type === "Identifier" && target.property.name === "reactor";
}

/** The names a binding pattern declares: `{ a, b: [c] }` declares a and c. */
function patternNames(pattern: AnyNode | null): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((property: AnyNode) => patternNames(property.type === "RestElement" ? property.argument : property.value));
    case "ArrayPattern":
      return pattern.elements.flatMap((element: AnyNode | null) => patternNames(element));
    case "RestElement":
      return patternNames(pattern.argument);
    case "AssignmentPattern":
      return patternNames(pattern.left);
    default:
      return [];
  }
}
