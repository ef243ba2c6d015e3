/** twisted.protocols: ready-made protocols. */
export * as amp from "./amp";
export * as basic from "./basic";
export * as policies from "./policies";
export * as tls from "./tls";
