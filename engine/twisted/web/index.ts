/**
 * twisted.web: the HTTP server (http, server, resource, static, util), XML-RPC
 * (xmlrpc), and the HTTP client (client: the tutorial's getPage, and Agent with
 * readBody) with its errors.
 */
export * as client from "./client";
export * as error from "./error";
export * as http from "./http";
export * as resource from "./resource";
export * as server from "./server";
import * as staticModule from "./static";
export { staticModule as static };
export * as util from "./util";
export * as xmlrpc from "./xmlrpc";
