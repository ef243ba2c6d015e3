/**
 * The database lesson's finger server under `npm run serve`: real sockets,
 * sql.js over a real file in the program's working directory, and that file
 * a real SQLite database that Python's own sqlite3 reads.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, REPO } from "../../test/support/serve-harness";

const SOLUTION = path.join(REPO, "lessons/23-databases-with-adbapi/03-finger-from-a-table/solution/finger.ts");
const python = spawnSync("/usr/bin/python3", ["-c", "import sqlite3"], { stdio: "ignore" }).status === 0;

/** Connects, sends `line`, and resolves with everything received until the server closes. */
function finger(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(line));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (received += chunk));
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
    socket.setTimeout(8000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(line)}: ${received}`)));
  });
}

describe("finger users from a table, on real sockets (npm run serve)", () => {
  it("answers from the SQLite file it wrote in its working directory", async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adbapi-serve-"));
    const file = path.join(dir, "finger.ts");
    fs.writeFileSync(file, fs.readFileSync(SOLUTION, "utf8").replace("tcp:1079", `tcp:${port}`));
    const child = spawn(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), file], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain(`starting on ${port}`);
      expect(await finger(port, "moshez\r\n")).toBe("Happy and well\r\n");
      expect(await finger(port, "nobody\r\n")).toBe("No such user\r\n");
      expect(await finger(port, "moshez' or '1'='1\r\n")).toBe("No such user\r\n");
      const database = path.join(dir, "finger.db");
      expect(fs.readFileSync(database).subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
      if (python) {
        const read = spawnSync("/usr/bin/python3", ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select name, plan from users order by name').fetchall())", database], {
          encoding: "utf8",
          timeout: 10_000,
        });
        expect(read.stdout.trim()).toBe("[('moshez', 'Happy and well'), ('shawn', 'Alive')]");
      }
    } finally {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(output).not.toContain("Traceback");
  }, 40_000);
});
