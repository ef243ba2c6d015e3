/**
 * Processes and waiting in real time, for the twin driver: signalling a pid,
 * asking whether it lives, the daemon a background twistd left, and polling
 * until a condition holds.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Sends `name` to `pid`, if it is still there. */
export function signalPid(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** True while `pid` is a live process. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pid of the daemon a background `twistd` (no -n) left running, from
 * its twistd.pid in `folder`: the process the driver started was only its
 * parent. Null for a foreground command, or before the daemon wrote its pid.
 */
export function backgroundDaemonPid(command: readonly string[] | undefined, folder: string | null): number | null {
  if (!command || command.some((arg) => arg === "-n" || arg === "--nodaemon" || /^-\w*n/.test(arg) && !arg.startsWith("--"))) return null;
  if (!folder) return null;
  const pidFile = path.join(folder, "twistd.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `condition()` holds, or after `timeoutMs` milliseconds, checking every 15 ms. */
export async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(15);
}
