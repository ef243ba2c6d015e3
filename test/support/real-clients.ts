/**
 * Real clients nobody here wrote, for tests that point them at `npm run serve`:
 * curl, Python's standard xmlrpc.client, and a plain TCP finger query.
 */
import { spawnSync } from "node:child_process";
import * as net from "node:net";
import { expect } from "vitest";
import { have } from "./serve-harness";

export const PYTHON = "/usr/bin/python3";

/** Whether curl and Python's xmlrpc.client are on this machine. */
export const realClients = have("curl") && spawnSync(PYTHON, ["-c", "import xmlrpc.client"], { stdio: "ignore" }).status === 0;

/** Runs curl (silent, errors shown, 10 s at most) and returns what it printed; fails the test if curl fails. */
export function curl(...args: string[]): string {
  const result = spawnSync("curl", ["-sS", "--max-time", "10", ...args], { encoding: "utf8", timeout: 15_000, killSignal: "SIGKILL" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** Runs Python's xmlrpc.client against `url`: each call prints its repr(), or the Fault's. */
export function pythonXmlrpc(url: string, calls: string[]): string[] {
  const script = [
    "import xmlrpc.client",
    `server = xmlrpc.client.ServerProxy(${JSON.stringify(url)})`,
    ...calls.flatMap((call) => ["try:", `    print(repr(server.${call}))`, "except xmlrpc.client.Fault as fault:", "    print(repr(fault))"]),
  ].join("\n");
  const result = spawnSync(PYTHON, ["-c", script], { encoding: "utf8", timeout: 15_000, killSignal: "SIGKILL" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trimEnd().split("\n");
}

/** What a finger port on loopback answers to `line`, until it closes (5 s at most). */
export function fingerQuery(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => socket.write(line));
    let received = "";
    const timer = setTimeout(() => reject(new Error(`no close after ${JSON.stringify(received)}`)), 5000);
    socket.on("data", (chunk) => (received += chunk.toString("utf8")));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on("error", reject);
  });
}
