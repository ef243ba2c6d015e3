/** twisted.web: here, the HTTP client (the tutorial's getPage, and Agent with readBody) and its errors. */
export * as client from "./client";
export * as error from "./error";
