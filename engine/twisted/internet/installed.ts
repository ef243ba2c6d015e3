/**
 * Which reactor is installed, for engine code that needs "the reactor"
 * without importing reactor.ts (whose default SimulatedReactor would make an
 * import cycle with the protocol classes).
 */
import type { IReactor } from "./interfaces";

let installed: IReactor | null = null;

/** Engine use: called by reactor.ts whenever the installed reactor changes. */
export function setInstalledReactor(reactor: IReactor): void {
  installed = reactor;
}

/**
 * The reactor `twisted/internet` currently exports.
 * @throws Error if none was installed yet (an engine bug).
 */
export function installedReactor(): IReactor {
  if (!installed) throw new Error("engine invariant: no reactor installed");
  return installed;
}
