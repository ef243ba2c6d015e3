/**
 * The layers the build enforces (`npm run lint:layers`, part of `npm test`).
 * Each rule names one layer and the layers it may import; every other import
 * from it into the repository's code is an error. The intended graph, bottom
 * to top (an arrow reads "may import"):
 *
 *   zope.interface                   (nothing)             (engine/zope: Twisted builds on it, as in Python)
 *   trace hooks                      (nothing)
 *   twisted/python (core)         -> trace
 *   twisted/internet/interfaces   -> python                 (+ Deferred as a type only)
 *   defer band                    -> interfaces, python, trace
 *   protocol band                 -> defer band, interfaces, python
 *   Twisted API (the rest)        -> everything above       (twisted/**, stdlib/**)
 *   simulation                    -> Twisted API, trace
 *   runtime                       -> simulation, Twisted API, trace
 *   checks                        -> runtime, simulation, Twisted API, trace
 *   debugger                      -> trace
 *   runner messages               -> checks, trace
 *   node (real network)           -> runtime, Twisted API, trace
 *   engine/index.ts (the door)    -> the engine's layers
 *   app, scripts, lessons' tools  -> engine/index.ts only
 *   lesson programs               -> Twisted API only (what learners import)
 *
 * Test code (`*.test.ts`, test/) may import anything; nothing else may import it.
 */

const TESTS = "(^test/|\\.test\\.ts$)";
const TRACE = "^engine/trace/";
/** zope.interface: beneath all of Twisted, as the separate package it is in Python. */
const ZOPE = "^engine/zope/";
/** twisted.python without the modules that need a reactor (filepath) and the package index. */
const PYTHON = "^engine/twisted/python/(?!(filepath|index)\\.ts$)[^/]+$";
/** Python standard modules that import nothing, beneath twisted.python (usage needs sys, textwrap and getopt). */
const STDLIB_LEAVES = "^engine/stdlib/(sys|textwrap|getopt)\\.ts$";
const INTERFACES = "^engine/twisted/internet/interfaces\\.ts$";
const DEFER_MODULE = "^engine/twisted/internet/defer\\.ts$";
/** Deferreds and the leaf modules beneath protocols: errors, addresses, bytes, the installed reactor. */
const DEFER = "^engine/twisted/internet/(defer|defer-[a-z-]+|error|address|wire|event-queue|installed|unhandled)\\.ts$";
const PROTOCOL = "^engine/twisted/internet/(protocol|datagram-protocol|process-protocol)\\.ts$";
/** Everything a learner may import: Twisted's packages, Python's standard modules, zope.interface. */
const TWISTED_API = "^engine/(twisted|stdlib|zope)/";
const SIMULATION = "^engine/simulation/";
const RUNTIME = "^engine/runtime/";
const CHECKS = "^engine/checks/";
const DEBUGGER = "^engine/debugger/";
const RUNNER = "^engine/runner/";
const NODE = "^engine/node/";
const DOOR = "^engine/index\\.ts$";
const ENGINE = "^engine/";
const LESSON_PROGRAMS = "^lessons/[^/]+/[^/]+/(start|solution)/";

/** A rule: code in `from` may import, of the repository's own code under `scope`, only `allowed`. */
function only(name, comment, from, allowed, scope = ENGINE) {
  return {
    name,
    comment,
    severity: "error",
    from: { path: from, pathNot: TESTS },
    to: { path: scope, pathNot: allowed },
  };
}

const forbidden = [
  only("zope-interface-beneath-twisted", "zope.interface is a package of its own beneath Twisted: it imports nothing of the engine.", ZOPE, [ZOPE]),
  only("trace-imports-nothing", "The trace hooks sit under Twisted's code: they import no other engine layer.", TRACE, [TRACE]),
  only("python-imports-only-python", "twisted/python is the bottom of Twisted's API: only itself and the trace hooks.", PYTHON, [PYTHON, STDLIB_LEAVES, TRACE, ZOPE]),
  only(
    "interfaces-at-the-bottom",
    "twisted.internet.interfaces imports nothing of Twisted's implementations (as in Twisted); only twisted/python.",
    INTERFACES,
    [INTERFACES, PYTHON, DEFER_MODULE, ZOPE],
  ),
  {
    name: "interfaces-name-deferred-as-a-type-only",
    comment: "interfaces.ts may name Deferred in signatures (Twisted's TYPE_CHECKING import), never load defer at run time.",
    severity: "error",
    from: { path: INTERFACES },
    to: { path: DEFER_MODULE, dependencyTypesNot: ["type-only"] },
  },
  only("defer-below-protocol", "Deferreds and the leaf modules import interfaces and python, never protocols or reactors.", DEFER, [
    DEFER,
    INTERFACES,
    PYTHON,
    TRACE,
    ZOPE,
  ]),
  only("protocol-below-the-rest", "Protocols and factories build on Deferreds and interfaces, never on reactors or packages above.", PROTOCOL, [
    PROTOCOL,
    DEFER,
    INTERFACES,
    PYTHON,
    TRACE,
    ZOPE,
  ]),
  only(
    "twisted-api-is-twisted-only",
    "Twisted's API does not import the simulated machine, the runtime or anything above: those are handed in (the reactor receives its host).",
    TWISTED_API,
    [TWISTED_API, TRACE],
  ),
  only("simulation-builds-on-twisted", "The simulated machine implements Twisted's interfaces; it knows nothing of runtime, checks or the UI.", SIMULATION, [
    SIMULATION,
    TWISTED_API,
    TRACE,
  ]),
  only("runtime-runs-worlds", "The runtime runs programs in simulated worlds; checks, the debugger and the door are above it.", RUNTIME, [
    RUNTIME,
    SIMULATION,
    TWISTED_API,
    TRACE,
  ]),
  only("checks-drive-worlds", "Checks drive worlds through the runtime.", CHECKS, [CHECKS, RUNTIME, SIMULATION, TWISTED_API, TRACE]),
  only("debugger-reads-traces", "The debugger is pure logic over a recorded trace.", DEBUGGER, [DEBUGGER, TRACE]),
  only("runner-messages-above-checks", "The runner's message schemas describe checks and trace data.", RUNNER, [RUNNER, CHECKS, TRACE]),
  only("node-reactor-beside-the-simulation", "The real-network reactor runs programs through the runtime, never the simulated machine.", NODE, [
    NODE,
    RUNTIME,
    TWISTED_API,
    TRACE,
  ]),
  only("the-door-exports-the-engine", "engine/index.ts re-exports the engine's layers (not node, bench or tests).", DOOR, [
    TWISTED_API,
    TRACE,
    SIMULATION,
    RUNTIME,
    CHECKS,
    DEBUGGER,
    RUNNER,
  ]),
  only("app-through-the-door", "The UI sees the engine only through engine/index.ts.", "^app/", [DOOR]),
  only("scripts-through-the-door", "Build scripts use the engine through engine/index.ts.", "^scripts/", [DOOR]),
  only("lesson-programs-import-learner-modules", "A lesson's programs import only what learners can import.", LESSON_PROGRAMS, [TWISTED_API]),
  {
    name: "lesson-tools-through-the-door",
    comment: "The course's loaders and tools use the engine through engine/index.ts.",
    severity: "error",
    from: { path: "^lessons/", pathNot: [LESSON_PROGRAMS, "^lessons/[^/]+/[^/]+/twin/"] },
    to: { path: ENGINE, pathNot: [DOOR] },
  },
  {
    name: "no-test-code-in-the-product",
    comment: "Test helpers, fixtures and scenarios (test/, *.test.ts) never ship: nothing outside tests imports them.",
    severity: "error",
    from: { pathNot: [TESTS, "^engine/bench/"] },
    to: { path: TESTS },
  },
  {
    name: "engine-is-a-leaf",
    comment: "The engine imports nothing from the app, the course or the scripts.",
    severity: "error",
    from: { path: ENGINE },
    to: { path: "^(app|lessons|scripts)/" },
  },
  {
    name: "engine-has-no-ui",
    comment: "No React, Next, xterm or Monaco in the engine.",
    severity: "error",
    from: { path: ENGINE },
    to: { path: "node_modules/(react|react-dom|next|@xterm|monaco-editor)/" },
  },
  {
    name: "engine-runs-in-a-browser",
    comment: "Only the real-network reactor, the benchmarks and tests use Node's own modules.",
    severity: "error",
    from: { path: ENGINE, pathNot: ["^engine/(node|bench)/", TESTS] },
    to: { dependencyTypes: ["core"] },
  },
  {
    name: "imports-resolve",
    comment:
      "Every import names a file that exists. A step's start/ holds only the learner's file: the modules it imports sit in " +
      "solution/, and lessons/editor-types.test.ts type-checks each start with them beside it.",
    severity: "error",
    from: { pathNot: "^lessons/[^/]+/[^/]+/start/" },
    to: { couldNotResolve: true },
  },
];

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next|out|public)/" },
    // Type-only imports count: an interface that names an implementation's type still depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
