/** Twisted's packages, as the engine implements them. */
export * as internet from "./internet";
export * as protocols from "./protocols";
export * as python from "./python";
export * as application from "./application";
export * as web from "./web";
export * as words from "./words";
export * as spread from "./spread";
export * as cred from "./cred";
export * as enterprise from "./enterprise";
export { SimulatedReactor } from "./internet/simulated-reactor";
