/** twisted.trial: Twisted's test framework. */
export * as runner from "./runner";
export * as unittest from "./unittest";
