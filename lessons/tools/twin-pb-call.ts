/**
 * A `pbCall:` step on real Twisted: one call made by real Twisted's PB
 * client (twin_pb_call.py) in its own process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { PbCallHandle, PbCallRequest } from "../../engine";
import { PYTHON } from "./twin-bootstrap";

/** Makes one PB call with real Twisted's PB client (pbCall steps). */
const PB_CALL = path.join(path.dirname(new URL(import.meta.url).pathname), "twin_pb_call.py");

/**
 * Starts the call in its own process; the handle's outcome is set when it
 * prints its answer (or a PbCallerFailed outcome when it prints none).
 * Returns the handle and the process, which the caller stops if it outlives
 * the check.
 */
export function startPbCall(request: PbCallRequest): { handle: PbCallHandle; child: ChildProcess } {
  const handle: PbCallHandle = { outcome: null };
  const child = spawn(PYTHON, [PB_CALL, JSON.stringify(request)], { stdio: ["ignore", "pipe", "pipe"] });
  let printed = "";
  let errors = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (printed += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (errors += text));
  child.on("exit", () => {
    const line = printed.split("\n").find((text) => text.startsWith("{"));
    handle.outcome = line ? JSON.parse(line) : { ok: false, errorType: "PbCallerFailed", message: errors.trim() || "the PB client printed nothing" };
  });
  return { handle, child };
}
