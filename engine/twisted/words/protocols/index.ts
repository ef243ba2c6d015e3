/** twisted.words.protocols: chat protocols. */
export * as irc from "./irc";
