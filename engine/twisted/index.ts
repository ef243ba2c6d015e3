/** Twisted's packages, as the engine implements them. */
export * as internet from "./internet";
export * as protocols from "./protocols";
export * as python from "./python";
export { SimulatedReactor } from "./internet/simulated-reactor";
