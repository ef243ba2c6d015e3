/**
 * The course's finished service on a real machine: the last stage's files
 * (the finger library, finger/tap.ts and the twistd plugin, as the recap's
 * solution has them) in a folder of their own, run by `npm run twistd --
 * -n finger --file=users` on real sockets, asked by Debian's finger on port
 * 79 and by curl on port 8000, then stopped with SIGINT as Ctrl-C does. The
 * process group is killed at the end whatever happens.
 *
 * Ports 79 and 8000 are the service's own: run it under the lessons:check
 * lock (flock /tmp/lessons-check.lock), as the Python twins use them too.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCourse } from "./load";
import { REPO, freePort, have } from "../test/support/serve-harness";

const TSX = path.join(REPO, "node_modules/.bin/tsx");
const TWISTD = path.join(REPO, "engine/node/twistd.ts");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // The group has already ended, as it should have.
    }
  }
});

/** The recap's files, as a learner who finished the course has them, with a users file beside them. */
function finishedProject(): string {
  const recap = loadCourse().chapters.flatMap((chapter) => chapter.steps).find((step) => step.id === "finger-stage-11-recap")!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finger-stage-11-"));
  for (const [file, text] of Object.entries({ ...recap.otherFiles, [recap.file]: recap.solution })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.writeFileSync(path.join(dir, "users"), "moshez: happy and well\nshawn: alive\n");
  return dir;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the finished finger service under npm run twistd", () => {
  it.skipIf(!isRoot || !have("finger") || !have("curl"))(
    "answers Debian's finger on port 79 and curl on port 8000, and stops on SIGINT",
    async (context) => {
      if (!(await portFree(79)) || !(await portFree(8000))) context.skip();
      const dir = finishedProject();
      const pbPort = await freePort();
      const child = spawn(TSX, [TWISTD, "-n", "finger", "--file=users", `--pbport=${pbPort}`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], detached: true });
      children.push(child);
      let output = "";
      child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await until(() => output.includes("starting on 79") && output.includes("Site starting on 8000"), `the ports to open; output:\n${output}`);

      const finger = spawnSync("finger", ["moshez@localhost"], { encoding: "utf8", timeout: 15_000, killSignal: "SIGKILL" });
      expect(finger.status, finger.stderr).toBe(0);
      expect(finger.stdout).toContain("happy and well");
      const page = spawnSync("curl", ["-s", "http://127.0.0.1:8000/moshez"], { encoding: "utf8", timeout: 15_000, killSignal: "SIGKILL" });
      expect(page.stdout).toContain("<h1>moshez</h1><p>happy and well</p>");
      expect(output).toContain(`starting on ${pbPort}`);

      process.kill(-child.pid!, "SIGINT");
      expect(await exited).toBe(0);
      expect(output).toContain("Received SIGINT, shutting down.");
      expect(output).toContain("Main loop terminated.");
      expect(await portFree(79)).toBe(true);
    },
    90_000,
  );
});
