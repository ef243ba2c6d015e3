/**
 * The installed reactor, as `from twisted.internet import reactor` gives it.
 * A simulation installs its own before it runs learner code; `npm run serve`
 * installs the real-network NodeReactor.
 */
import type { IReactor } from "./interfaces";
import { setInstalledReactor } from "./installed";
import { SimulatedReactor } from "./simulated-reactor";

export let reactor: IReactor = new SimulatedReactor();
setInstalledReactor(reactor);

/** Makes `newReactor` the one `twisted/internet` exports. Returns the one it replaces. */
export function installReactor(newReactor: IReactor): IReactor {
  const previous = reactor;
  reactor = newReactor;
  setInstalledReactor(newReactor);
  return previous;
}
