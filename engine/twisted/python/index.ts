/** twisted.python: support code (failures, logging, file paths). */
export * as failure from "./failure";
export * as log from "./log";
export * as filepath from "./filepath";
export * as components from "./components";
export * as usage from "./usage";
