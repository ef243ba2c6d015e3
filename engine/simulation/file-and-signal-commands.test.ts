import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";

function run(world: World, argv: string[]) {
  let code: number | null = null;
  const handle = world.exec(argv, { onExit: (exit) => (code = exit) });
  world.runUntilIdle();
  return { code, stdout: handle.stdout, stderr: handle.stderr };
}

describe("tail and kill on the simulated host", () => {
  it("tail prints the last lines of a file, ten unless told", () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const world = new World({ files: { "/tmp/log": lines } });
    expect(run(world, ["tail", "/tmp/log"]).stdout).toBe(lines.split("\n").slice(2).join("\n"));
    expect(run(world, ["tail", "-n", "2", "/tmp/log"]).stdout).toBe("line 11\nline 12\n");
    expect(run(world, ["tail", "-1", "/tmp/log"]).stdout).toBe("line 12\n");
    expect(run(world, ["tail", "/tmp/nothing"])).toMatchObject({ code: 1, stderr: "tail: cannot open '/tmp/nothing' for reading: No such file or directory\n" });
  });

  it("kill ends a process with SIGTERM, or the signal named, and says when there is no such process", () => {
    const world = new World();
    let ended: [number | null, number | null] | null = null;
    const sleeper = world.exec(["sleep", "60"], { onExit: (code, signal) => (ended = [code, signal]) });
    world.runUntilIdle();
    expect(run(world, ["kill", "-INT", String(sleeper.pid)]).code).toBe(0);
    world.runUntilIdle();
    expect(ended).toEqual([null, 2]);
    expect(run(world, ["kill", String(sleeper.pid)])).toMatchObject({ code: 1, stderr: `kill: (${sleeper.pid}) - No such process\n` });
    expect(run(world, ["kill", "-FOO", "1"])).toMatchObject({ code: 1, stderr: "kill: unknown signal: SIGFOO\n" });
  });
});
