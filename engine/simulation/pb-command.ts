/**
 * pb HOST:PORT METHOD [ARG...]: the course terminal's Perspective Broker
 * client, for the tutorial's fingerPBclient.py. It does what that script
 * does: gets the root object, prints "got object: <RemoteReference ...>",
 * calls METHOD with each ARG as a str, and prints "server sent: RESULT" as
 * Python's print() shows it. A refused connection prints "no object:
 * REASON", a remote error "remote error: TYPE: MESSAGE"; both exit 1.
 */
import type { Failure } from "../twisted/python/failure";
import { bytesRepr } from "../twisted/spread/banana";
import { isTuple } from "../twisted/spread/jelly";
import { CopiedFailure, PBClientFactory, RemoteReference } from "../twisted/spread/pb";
import { pyFloatRepr, pyRepr } from "../twisted/web/xmlrpc-codec";
import type { ProcessContext, SimulatedCommand } from "./commands";

const USAGE = "usage: pb HOST:PORT METHOD [ARG...]   e.g. pb localhost:8889 getUser moshez\n";

/** A PB value as Python's repr() writes it. */
export function pbRepr(value: unknown): string {
  if (typeof value === "string") return pyRepr(value);
  if (value instanceof Uint8Array) return bytesRepr(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : pyFloatRepr(value);
  if (value === null || value === undefined) return "None";
  if (isTuple(value)) return value.length === 1 ? `(${pbRepr(value[0])},)` : `(${value.map(pbRepr).join(", ")})`;
  if (Array.isArray(value)) return `[${value.map(pbRepr).join(", ")}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pbRepr(k)}: ${pbRepr(v)}`).join(", ")}}`;
  if (value instanceof Set) return value.size ? `{${[...value].map(pbRepr).join(", ")}}` : "set()";
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.entries(value as object).map(([k, v]) => `${pyRepr(k)}: ${pbRepr(v)}`).join(", ")}}`;
  }
  return String(value);
}

export const pbCommand: SimulatedCommand = (proc: ProcessContext) => {
  const [where, method, ...args] = proc.args;
  const match = where?.match(/^([^:\s]+):(\d{1,5})$/);
  if (!where || !method || !match) {
    proc.stderr(USAGE);
    return 2;
  }
  if (!/^[A-Za-z_]\w*$/.test(method)) {
    proc.stderr(`pb: ${method}: not a method name\n`);
    return 2;
  }
  const factory = new PBClientFactory();
  factory.noisy = false;
  proc.host.connectTCP(match[1]!, Number(match[2]), factory, 30);
  factory.getRootObject().addCallbacks(
    (root: RemoteReference) => {
      proc.stdout(`got object: ${String(root)}\n`);
      root.callRemote(method, ...args).addCallbacks(
        (data: unknown) => {
          proc.stdout(`server sent: ${typeof data === "string" ? data : pbRepr(data)}\n`);
          factory.disconnect();
          proc.exit(0);
        },
        (failure: Failure) => {
          const type = failure instanceof CopiedFailure ? failure.remoteType : failure.type.name;
          proc.stderr(`remote error: ${type}: ${failure.getErrorMessage()}\n`);
          factory.disconnect();
          proc.exit(1);
        },
      );
    },
    (reason: Failure) => {
      proc.stdout(`no object: ${String(reason)}\n`);
      proc.exit(1);
    },
  );
};
