/**
 * `python3 FILE` on the simulated host: a learner program run as a child
 * process, with its own argv, pid, pipes (bytes as written) and reactor.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { World } from "./world";
import { TraceIndex } from "../debugger/trace-index";
import { describeEvent } from "../debugger/describe-event";

const IDLE_PARENT = `import { reactor } from "twisted/internet";\nreactor.run();\n`;

/** A world whose program just runs its reactor, with `files` on the learner's host. */
function worldWith(files: Record<string, string>): World {
  const world = new World({ files });
  expect(world.start(IDLE_PARENT, "parent.ts")).toEqual({ status: "running" });
  return world;
}

const ECHO_CHILD = `
import { protocol, reactor, stdio } from "twisted/internet";
import { log } from "twisted/python";
import * as sys from "sys";
import * as os from "os";

class Echo extends protocol.Protocol {
  receivesBytes = true;
  dataReceived(data: Uint8Array) {
    if (data[0] === 0x21) {
      reactor.callLater(1, () => this.transport!.write("too late"));
      os._exit(3);
      return;
    }
    this.transport!.write(data);
  }
  connectionLost() {
    reactor.stop();
  }
}
log.msg("a child's log line");
console.error(\`argv \${sys.argv.join(" ")} pid \${os.getpid()}\`);
new stdio.StandardIO(new Echo());
reactor.run();
console.error("after run");
`;

describe("python3 FILE: a learner program as a child process", () => {
  it("runs the file with its own argv and pid, and ends with exit 0 when its top level ends", () => {
    const world = worldWith({ "/hello.ts": `import * as sys from "sys";\nimport * as os from "os";\nconsole.log(sys.argv.join(" "), os.getpid());\n` });
    const run = world.exec(["/usr/bin/python3", "/hello.ts", "a", "b"]);
    world.advance(1);
    expect(run.stdout).toBe(`/hello.ts a b ${run.pid}\n`);
    expect(run.exitCode).toBe(0);
  });

  it("reports a missing file as Python does, with exit status 2", () => {
    const world = worldWith({});
    const run = world.exec(["python3", "nowhere.ts"]);
    world.advance(1);
    expect(run.stderr).toBe("python3: can't open file '/nowhere.ts': [Errno 2] No such file or directory\n");
    expect(run.exitCode).toBe(2);
  });

  it("writes an exception at the top level as a traceback on stderr, with exit status 1", () => {
    const world = worldWith({ "/broken.ts": `const x = 1;\nthrow new Error("no luck");\n` });
    const run = world.exec(["python3", "/broken.ts"]);
    world.advance(1);
    expect(run.stderr).toBe('Traceback (most recent call last):\n  File "/broken.ts", line 2\nError: no luck\n');
    expect(run.exitCode).toBe(1);
  });

  it("connects StandardIO to the child's pipes, byte for byte, and ends at end of file with what follows run()", () => {
    const world = worldWith({ "/echo.ts": ECHO_CHILD });
    const received: number[] = [];
    const run = world.exec(["python3", "/echo.ts", "child"], { onStdoutBytes: (data) => received.push(...data) });
    world.advance(1);
    // 0x82 and 0xff are no UTF-8: a pipe that carried text would change them.
    const bytes = new Uint8Array([0x00, 0x82, 0xff, 0x41, 0xc3]);
    run.write(bytes);
    world.advance(1);
    expect(received).toEqual([...bytes]);
    expect(run.ended).toBe(false);
    run.closeStdin();
    world.advance(1);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(`argv /echo.ts child pid ${run.pid}\nafter run\n`);
    // The child's log is its own: a Python child that never started logging prints none of it.
    expect(world.output.map((line) => line.text)).not.toContain("a child's log line");
  });

  it("ends the child at once on os._exit: its timers never fire and its output stops", () => {
    const world = worldWith({ "/echo.ts": ECHO_CHILD });
    const run = world.exec(["python3", "/echo.ts"], { onStdoutBytes: () => undefined });
    world.advance(1);
    run.write("!");
    world.advance(5);
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain("after run");
  });

  it("gives the child a reactor of its own: its stop() ends the child, not the parent's reactor", () => {
    const child = `import { reactor } from "twisted/internet";\nreactor.callLater(2, () => reactor.stop());\nreactor.run();\nconsole.log("stopped at", reactor.seconds());\n`;
    const world = worldWith({ "/stopper.ts": child });
    const run = world.exec(["python3", "/stopper.ts"]);
    world.advance(5);
    expect(run.stdout).toBe("stopped at 2\n");
    expect(run.exitCode).toBe(0);
    expect(world.output.map((line) => line.text)).not.toContain("Main loop terminated.");
  });

  it("runs the world's own program again when a child names its file (a pool's workers)", () => {
    const source = `import { reactor } from "twisted/internet";\nimport * as sys from "sys";\nif (sys.argv[1] === "child") console.log("worker here");\nelse reactor.run();\n`;
    const world = new World();
    expect(world.start(source, "pool.ts")).toEqual({ status: "running" });
    const run = world.exec(["python3", "pool.ts", "child"]);
    world.advance(1);
    expect(run.stdout).toBe("worker here\n");
  });

  it("refuses StandardIO in the main program, whose stdio is the terminal, with a located error", () => {
    const world = new World();
    const outcome = world.start(`import { protocol, stdio } from "twisted/internet";\nnew stdio.StandardIO(new protocol.Protocol());\n`, "main.ts");
    expect(outcome.status).toBe("error");
    expect(world.output.at(-1)?.text).toMatch(/^main\.ts, line 2: Error: StandardIO needs the standard input and output of a child process/);
  });
});

describe("child processes in the reactor's snapshots (the debugger's reactor view)", () => {
  it("lists each worker with its pid, command line and open pipes, then how it ended", () => {
    const pool = readFileSync(path.resolve(import.meta.dirname, "../../lessons/25-process-pools/02-a-pool-of-workers/solution/workers.ts"), "utf8");
    const world = new World({ record: {} });
    expect(world.start(pool, "workers.ts")).toEqual({ status: "running" });
    world.advance(5);
    const snapshots = world.trace.flatMap((event, index) => (event.type === "reactor.snapshot" ? [{ event, index }] : []));
    const busiest = snapshots.find(({ event }) => event.processes?.filter((p) => p.state === "running").length === 3);
    expect(busiest?.event.processes?.map((p) => [p.command, p.pipes])).toEqual([
      ["/usr/bin/python3 workers.ts child", { stdin: true, stdout: true, stderr: true }],
      ["/usr/bin/python3 workers.ts child", { stdin: true, stdout: true, stderr: true }],
      ["/usr/bin/python3 workers.ts child", { stdin: true, stdout: true, stderr: true }],
    ]);
    const last = snapshots.at(-1)!.event;
    expect(last.processes?.map((p) => [p.state, p.exitCode, p.pipes.stdin])).toEqual([
      ["exited", 0, false],
      ["exited", 0, false],
      ["exited", 0, false],
    ]);
    const trace = new TraceIndex(world.trace);
    const descriptions = snapshots.map(({ index }) => describeEvent(trace, index)).join(" ");
    const first = busiest!.event.processes![0]!.pid;
    expect(descriptions).toMatch(new RegExp(`process ${first} started \\(/usr/bin/python3 workers\\.ts child\\)`, "i"));
    expect(descriptions).toMatch(new RegExp(`the stdin of process ${first} closed`, "i"));
    expect(descriptions).toMatch(new RegExp(`process ${first} exited with code 0`, "i"));
  });
});
