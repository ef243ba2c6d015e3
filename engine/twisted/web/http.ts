/**
 * twisted.web.http: HTTP/1.0 and 1.1 as a server speaks it. The status codes
 * and their reason phrases (Twisted's RESPONSES table), the helpers Twisted
 * exports (datetimeToString, parse_qs, toChunk), the base Request, the
 * HTTPChannel protocol that reads requests off the wire, and HTTPFactory.
 *
 * Text stands for bytes as everywhere in this engine: the method, URI,
 * headers and query arguments are strings (the URI and headers as the bytes
 * arrived, one character per byte; query arguments and path segments
 * percent-decoded as UTF-8), and bodies are written as text (sent as UTF-8)
 * or as Uint8Array.
 */
export * from "./http-common";
export { Request, RequestContent, type RequestChannel } from "./http-request";
export { HTTPChannel, MAX_REQUEST_BODY } from "./http-channel";
export { HTTPFactory } from "./http-factory";
export { combinedLogFormatter } from "./http-access-log";
export { Headers } from "./http-response";
