/** twisted.cred: credentials, checkers, portals and realms. */
export * as checkers from "./checkers";
export * as credentials from "./credentials";
export * as error from "./error";
export * as portal from "./portal";
