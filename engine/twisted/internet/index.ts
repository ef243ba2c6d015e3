/** twisted.internet: the reactor and everything around it. */
export * as defer from "./defer";
export * as protocol from "./protocol";
export * as endpoints from "./endpoints";
export * as ssl from "./ssl";
export * as task from "./task";
export * as testing from "./testing";
export * as error from "./error";
export * as address from "./address";
export * as interfaces from "./interfaces";
export * as utils from "./utils";
export * as threads from "./threads";
export * as stdio from "./stdio";
export { reactor } from "./reactor";
