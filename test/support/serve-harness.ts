/**
 * Test support: runs `npm run serve` on a copy of a fixture (with its port
 * changed, so tests never collide with something already listening) and
 * talks to it with real command-line clients. Bounded in time: every
 * process gets a timeout.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** True if `command` is on the PATH. */
export function have(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** A copy of fixture `name` in a temp directory, with "tcp:1079" changed to `port`. */
export function fixtureOnPort(name: string, port: number): string {
  const source = fs.readFileSync(path.join(REPO, "test/fixtures", name), "utf8");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finger-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, source.replace(/tcp:1079/g, `tcp:${port}`));
  return file;
}

/** A running `npm run serve -- file`, with its output collected. */
export interface Served {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Sends SIGINT (Ctrl-C) and waits for the exit code. */
  interrupt(): Promise<number | null>;
}

/** Starts the serve script on `file` and waits until it logs "starting on PORT". */
export async function startServe(file: string, port: number, timeoutMs = 15000): Promise<Served> {
  const child = spawn(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), file], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const served: Served = {
    child,
    stdout: "",
    stderr: "",
    interrupt: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve(child.exitCode);
          return;
        }
        const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", (code) => {
          clearTimeout(killer);
          resolve(code);
        });
        child.kill("SIGINT");
      }),
  };
  child.stdout!.on("data", (chunk) => (served.stdout += chunk));
  child.stderr!.on("data", (chunk) => (served.stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${served.stdout}\n${served.stderr}`)), timeoutMs);
    const check = () => {
      if (served.stdout.includes(`starting on ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", () => reject(new Error(`serve exited early:\n${served.stdout}\n${served.stderr}`)));
  });
  return served;
}

/** What a command-line client printed and how long it took. */
export interface ClientRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly seconds: number;
}

/**
 * Runs `command args`, feeding it `input` pieces with `gapMs` between them,
 * then closing its stdin. Killed after `timeoutMs`.
 */
export function runClient(command: string, args: string[], input: string[] = [], gapMs = 300, timeoutMs = 8000): Promise<ClientRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(killer);
      resolve({ stdout, stderr, code, seconds: (Date.now() - started) / 1000 });
    });
    child.stdin.on("error", () => undefined);
    let i = 0;
    const feed = () => {
      if (i >= input.length) {
        child.stdin.end();
        return;
      }
      child.stdin.write(input[i++]!);
      setTimeout(feed, i < input.length ? gapMs : 0);
    };
    feed();
  });
}
