import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runUsageScenario, USAGE_SCENARIOS } from "../../../test/differential/usage-scenarios";
import * as usage from "./usage";

const PYTHON = "/usr/bin/python3";
const haveTwisted = spawnSync(PYTHON, ["-c", "import twisted.python.usage"], { stdio: "ignore" }).status === 0;

describe("usage.Options", () => {
  it("gives each option its default before parsing, dict-style", () => {
    class Options extends usage.Options {
      static optParameters: usage.ParameterSpec[] = [["file", "f", "/etc/users"]];
      static optFlags: usage.FlagSpec[] = [["ssl", "s"]];
    }
    const config = new Options();
    expect(config["file"]).toBe("/etc/users");
    expect(config.opts["ssl"]).toBe(0);
    config.parseOptions(["-s", "--file", "/tmp/u"]);
    expect(config.items()).toEqual([
      ["ssl", 1],
      ["file", "/tmp/u"],
    ]);
  });

  it("refuses an option named like one of Options' own fields", () => {
    class Options extends usage.Options {
      static optFlags: usage.FlagSpec[] = [["parent", "p"]];
    }
    expect(() => new Options()).toThrow("an option may not be called 'parent'");
  });

  it("reports a wrong number of arguments from parseArgs' own parameters", () => {
    class Options extends usage.Options {
      override parseArgs(first: string, ...rest: string[]): void {
        this["args"] = [first, ...rest];
      }
    }
    expect(() => new Options().parseOptions([])).toThrow(new usage.UsageError("Wrong number of arguments."));
    const config = new Options();
    config.parseOptions(["a", "b", "c"]);
    expect(config["args"]).toEqual(["a", "b", "c"]);
  });

  it.skipIf(!haveTwisted)("prints the same help, values and errors as real Twisted for every scenario", () => {
    const result = spawnSync(PYTHON, ["test/differential/usage_scenarios.py"], { input: JSON.stringify(USAGE_SCENARIOS), encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const expected = JSON.parse(result.stdout) as unknown[];
    USAGE_SCENARIOS.forEach(([name, argv], index) => {
      expect(runUsageScenario(name, argv), `${name} ${JSON.stringify(argv)}`).toEqual(expected[index]);
    });
  });
});
