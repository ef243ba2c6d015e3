/**
 * Test support for comparing HTTP servers on the wire: a raw TCP client that
 * sends exact bytes (in pieces if asked) and collects every byte back until
 * the server closes or stays quiet, and a normaliser for the Date header.
 * Also starts a Python program (the real-Twisted twin) on a port and stops it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** What came back: the bytes as latin-1 text, and whether the server closed. */
export interface RawExchange {
  readonly response: string;
  readonly closed: boolean;
}

/**
 * Connects to 127.0.0.1:`port`, writes each of `pieces` (`gapMs` apart) and
 * collects the answer until the server closes, or `quietMs` pass with
 * nothing new after the last piece (then the client closes). Never waits
 * longer than `limitMs` in all. The client never half-closes (as curl).
 */
export function exchange(port: number, pieces: readonly string[], options: { quietMs?: number; gapMs?: number; limitMs?: number } = {}): Promise<RawExchange> {
  const { quietMs = 700, gapMs = 50, limitMs = 8000 } = options;
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    let quiet: NodeJS.Timeout | undefined;
    let sentAll = false;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(quiet);
      clearTimeout(limit);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks).toString("latin1"), closed });
    };
    const limit = setTimeout(() => finish(false), limitMs);
    const rearm = () => {
      clearTimeout(quiet);
      if (sentAll) quiet = setTimeout(() => finish(false), quietMs);
    };
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      rearm();
    });
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    socket.on("connect", () => {
      let i = 0;
      const next = () => {
        if (done) return;
        if (i < pieces.length) socket.write(Buffer.from(pieces[i++]!, "latin1"));
        if (i < pieces.length) setTimeout(next, gapMs);
        else {
          sentAll = true;
          rearm();
        }
      };
      next();
    });
  });
}

/** Replaces every Date header's value, the one thing that differs between two runs. */
export function normaliseDate(response: string): string {
  return response.replace(/\r\nDate: [^\r\n]*\r\n/g, "\r\nDate: <date>\r\n");
}

/** A started Python program. */
export interface PythonServer {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs `script` (its "tcp:1079" changed to `port`, and each key of `replacements` to its value) with `python` in its own
 * process group, and waits (at most `timeoutMs`) until the port accepts
 * connections. stop() kills the group and waits for the exit.
 */
export async function startPython(python: string, script: string, port: number, timeoutMs = 15000, replacements: Readonly<Record<string, string>> = {}): Promise<PythonServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-"));
  const file = path.join(dir, path.basename(script));
  fs.writeFileSync(file, replaceAll(fs.readFileSync(script, "utf8").replace(/tcp:1079/g, `tcp:${port}`), replacements));
  const child = spawn(python, [file], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: PythonServer = {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
  };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited early:\n${output}`);
    const ok = await new Promise<boolean>((resolve) => {
      const probe = net.connect({ host: "127.0.0.1", port }, () => {
        probe.destroy();
        resolve(true);
      });
      probe.on("error", () => resolve(false));
    });
    if (ok) return server;
    if (Date.now() - started > timeoutMs) {
      await server.stop();
      throw new Error(`${script} did not listen on ${port} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A running `npm run serve -- FILE` in its own process group. */
export interface ServedGroup {
  readonly child: ChildProcess;
  output(): string;
  /** Ctrl-C to the server, then (after 3 s) SIGKILL to its whole group; waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Runs engine/node/serve.ts on `file` (its "tcp:1079" changed to `port`, and each key of `replacements` to its value) in a
 * new process group, and waits (at most `timeoutMs`) for "starting on PORT".
 */
export async function startServeGroup(
  repo: string,
  file: string,
  port: number,
  timeoutMs = 20000,
  replacements: Readonly<Record<string, string>> = {},
  /** The server's working directory (relative file names, such as cert.pem, start there). */
  cwd = repo,
): Promise<ServedGroup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "serve-"));
  const copy = path.join(dir, path.basename(file));
  fs.writeFileSync(copy, replaceAll(fs.readFileSync(file, "utf8").replace(/tcp:1079/g, `tcp:${port}`), replacements));
  const child = spawn(path.join(repo, "node_modules/.bin/tsx"), [path.join(repo, "engine/node/serve.ts"), copy], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const served: ServedGroup = {
    child,
    output: () => output,
    stop: async () => {
      const alive = () => child.exitCode === null && child.signalCode === null;
      if (alive()) child.kill("SIGINT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // The group is gone.
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    },
  };
  const started = Date.now();
  while (!output.includes(`starting on ${port}`)) {
    if (child.exitCode !== null) throw new Error(`serve exited early:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      await served.stop();
      throw new Error(`serve did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return served;
}

function replaceAll(text: string, replacements: Readonly<Record<string, string>>): string {
  return Object.entries(replacements).reduce((out, [from, to]) => out.split(from).join(to), text);
}
