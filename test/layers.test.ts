/**
 * The layer check (.dependency-cruiser.cjs, run by `npm run lint:layers`)
 * itself: on a small tree of files laid out like the repository, every
 * right-way import passes and every wrong-way import fails with the rule
 * for its arrow. A rule that could not fail would show up here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cruise, type ICruiseResult, type IForbiddenRuleType } from "dependency-cruiser";

const require = createRequire(import.meta.url);
const config = require("../.dependency-cruiser.cjs") as { forbidden: IForbiddenRuleType[] };

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path: source) into a fresh directory. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "layers-"));
  made.push(root);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  }
  return root;
}

/** The violations the project's rules find in `root`, as "rule: from -> to". */
async function violations(root: string): Promise<string[]> {
  const { output } = await cruise(["."], {
    baseDir: root,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    tsPreCompilationDeps: true,
    outputType: "json",
    doNotFollow: { path: "node_modules" },
  });
  const result = (typeof output === "string" ? JSON.parse(output) : output) as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

/** A module exporting one value and one class. */
const LEAF = "export const value = 1;\nexport class Deferred {}\n";

/** Files every tree has, so that each import resolves. */
const TARGETS: Record<string, string> = {
  "engine/index.ts": 'export { value } from "./runtime/world";\n',
  "engine/trace/tracer.ts": LEAF,
  "engine/twisted/python/failure.ts": LEAF,
  "engine/twisted/python/log.ts": LEAF,
  "engine/twisted/internet/defer.ts": LEAF,
  "engine/twisted/internet/defer-core.ts": LEAF,
  "engine/twisted/internet/protocol.ts": LEAF,
  "engine/twisted/internet/reactor.ts": LEAF,
  "engine/twisted/internet/interfaces.ts": LEAF,
  "engine/simulation/simulated-host.ts": LEAF,
  "engine/runtime/world.ts": LEAF,
  "engine/checks/run-checks.ts": LEAF,
  "engine/node/node-reactor.ts": LEAF,
  "test/support/simulation.ts": LEAF,
};

describe("the layer check", () => {
  it("passes every import that goes the intended way, new packages included", async () => {
    const root = tree({
      ...TARGETS,
      "engine/twisted/python/log.ts": 'import { value } from "../../trace/tracer";\nexport const log = value;\n',
      "engine/twisted/internet/interfaces.ts":
        'import type { Failure } from "../python/failure";\nimport type { Deferred } from "./defer";\nexport type I = Failure | Deferred;\n',
      "engine/twisted/internet/defer-core.ts": 'import { value } from "../python/failure";\nimport type { I } from "./interfaces";\nexport const d: I | number = value;\n',
      "engine/twisted/internet/protocol.ts": 'import { value } from "./defer-core";\nexport const p = value;\n',
      "engine/twisted/internet/reactor.ts": 'import { p } from "./protocol";\nexport const r = p;\n',
      "engine/twisted/web/resource.ts": 'import { p } from "../internet/protocol";\nexport const w = p;\n',
      "engine/twisted/words/irc.ts": 'import { r } from "../internet/reactor";\nexport const i = r;\n',
      "engine/zope/interface/index.ts": 'import { value } from "./interface";\nexport const z = value;\n',
      "engine/zope/interface/interface.ts": LEAF,
      "engine/twisted/python/components.ts": 'import { z } from "../../zope/interface";\nexport const c = z;\n',
      "engine/simulation/simulated-host.ts": 'import { r } from "../twisted/internet/reactor";\nexport const h = r;\n',
      "engine/runtime/world.ts": 'import { h } from "../simulation/simulated-host";\nexport const value = h;\n',
      "engine/checks/run-checks.ts": 'import { value } from "../runtime/world";\nexport const c = value;\n',
      "engine/node/node-reactor.ts": 'import { value } from "../runtime/world";\nexport const n = value;\n',
      "app/page.tsx": 'import { value } from "../engine";\nexport const a = value;\n',
      "lessons/01-a/02-b/solution/finger.ts": 'import { r } from "../../../../engine/twisted/internet/reactor";\nexport const f = r;\n',
      "engine/runtime/world.test.ts": 'import { value } from "../../test/support/simulation";\nexport const t = value;\n',
    });
    expect(await violations(root)).toEqual([]);
  });

  it("fails each wrong-way import with the rule for its arrow", async () => {
    const root = tree({
      ...TARGETS,
      "engine/trace/tracer.ts": 'import { value } from "../twisted/internet/defer";\nexport { value };\n',
      "engine/twisted/python/log.ts": 'import { value } from "../internet/defer";\nexport const log = value;\n',
      "engine/zope/interface/index.ts": 'import { value } from "../../twisted/python/failure";\nexport const z = value;\n',
      "engine/twisted/internet/interfaces.ts": 'import { Deferred } from "./defer";\nimport type { value } from "./protocol";\nexport const d = new Deferred();\nexport type V = typeof value;\n',
      "engine/twisted/internet/defer-core.ts": 'import { value } from "./protocol";\nexport const d = value;\n',
      "engine/twisted/internet/protocol.ts": 'import { value } from "./reactor";\nexport const p = value;\n',
      "engine/twisted/words/irc.ts": 'import { value } from "../../simulation/simulated-host";\nexport const i = value;\n',
      "engine/simulation/simulated-host.ts": 'import { value } from "../runtime/world";\nexport const h = value;\n',
      "engine/runtime/world.ts": 'import { value as c } from "../checks/run-checks";\nimport { value as t } from "../../test/support/simulation";\nexport const value = c + t;\n',
      "engine/node/node-reactor.ts": 'import { value } from "../simulation/simulated-host";\nexport const n = value;\n',
      "app/page.tsx": 'import { value } from "../engine/runtime/world";\nexport const a = value;\n',
      "lessons/01-a/02-b/solution/finger.ts": 'import { value } from "../../../../engine/runtime/world";\nexport const f = value;\n',
    });
    expect(await violations(root)).toEqual(
      [
        "app-through-the-door: app/page.tsx -> engine/runtime/world.ts",
        "defer-below-protocol: engine/twisted/internet/defer-core.ts -> engine/twisted/internet/protocol.ts",
        "interfaces-at-the-bottom: engine/twisted/internet/interfaces.ts -> engine/twisted/internet/protocol.ts",
        "interfaces-name-deferred-as-a-type-only: engine/twisted/internet/interfaces.ts -> engine/twisted/internet/defer.ts",
        "lesson-programs-import-learner-modules: lessons/01-a/02-b/solution/finger.ts -> engine/runtime/world.ts",
        "no-test-code-in-the-product: engine/runtime/world.ts -> test/support/simulation.ts",
        "node-reactor-beside-the-simulation: engine/node/node-reactor.ts -> engine/simulation/simulated-host.ts",
        "protocol-below-the-rest: engine/twisted/internet/protocol.ts -> engine/twisted/internet/reactor.ts",
        "python-imports-only-python: engine/twisted/python/log.ts -> engine/twisted/internet/defer.ts",
        "runtime-runs-worlds: engine/runtime/world.ts -> engine/checks/run-checks.ts",
        "simulation-builds-on-twisted: engine/simulation/simulated-host.ts -> engine/runtime/world.ts",
        "trace-imports-nothing: engine/trace/tracer.ts -> engine/twisted/internet/defer.ts",
        "twisted-api-is-twisted-only: engine/twisted/words/irc.ts -> engine/simulation/simulated-host.ts",
        "zope-interface-beneath-twisted: engine/zope/interface/index.ts -> engine/twisted/python/failure.ts",
      ].sort(),
    );
  });
});
