/** twisted.spread: Perspective Broker (pb) and its layers: jelly (serialization), banana (the wire format), flavors. */
export * as banana from "./banana";
export * as flavors from "./flavors";
export * as jelly from "./jelly";
export * as pb from "./pb";
