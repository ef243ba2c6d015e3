/** twisted.python: support code (failures, logging). */
export * as failure from "./failure";
export * as log from "./log";
