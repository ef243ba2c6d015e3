import { Failure } from "../python/failure";
import * as log from "../python/log";

/** Logs an exception the way Twisted's reactor does when a callback raises: "Unhandled Error" and a traceback. */
export function logUnhandledError(thrown: unknown): void {
  const failure = thrown instanceof Failure ? thrown : new Failure(thrown);
  log.publish({ text: `Unhandled Error\n${failure.getTraceback()}`, isError: true, system: "-" });
}

export { EngineAbort } from "../python/engine-abort";
