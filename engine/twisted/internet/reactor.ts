/**
 * The installed reactor, as `from twisted.internet import reactor` gives it.
 * A simulation installs its own before it runs learner code.
 */
import type { IReactor } from "./interfaces";
import { SimulatedReactor } from "./simulated-reactor";

export let reactor: IReactor = new SimulatedReactor();

/** Makes `newReactor` the one `twisted/internet` exports. Returns the one it replaces. */
export function installReactor(newReactor: IReactor): IReactor {
  const previous = reactor;
  reactor = newReactor;
  return previous;
}
