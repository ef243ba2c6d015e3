/**
 * twisted.web.client: fetch web pages over the simulated network.
 *
 * - `Agent(reactor).request("GET", url)` fires with a Response as soon as
 *   the status and headers are in; `readBody(response)` fires with the body.
 *   This is how current Twisted fetches pages.
 * - `getPage(url)` is the tutorial's helper (finger10): it fires with the
 *   body, or fails with `error.Error` for a 4xx/5xx answer. Twisted has
 *   since removed it (22.4, which the twins run on, no longer has it); here
 *   it is kept, built on Agent and readBody, as a legacy helper so the
 *   tutorial's listing runs as written.
 *
 * Only http: URLs work (the simulation has no TLS). Bodies are UTF-8 text,
 * as all data is in this course; Twisted gives bytes.
 */
import { Deferred } from "../internet/defer";
import { installedReactor } from "../internet/installed";
import { Protocol, type ClientFactory } from "../internet/protocol";
import { Failure } from "../python/failure";
import { Error as WebError, InfiniteRedirection, PageRedirect, SchemeNotSupported } from "./error";
import { HTTPClientFactory } from "./http-client-protocol";
import { Headers, PotentialDataLoss, Response, ResponseDone } from "./http-response";

export {
  Headers,
  PotentialDataLoss,
  Response,
  ResponseDone,
  ResponseFailed,
  ResponseNeverReceived,
  UNKNOWN_LENGTH,
} from "./http-response";

/** readBody's failure for a body whose end could not be confirmed; `response` holds what arrived. */
export class PartialDownloadError extends WebError {}

/**
 * A request body for Agent.request. Twisted's reads a file; here it holds
 * the body itself (text is sent as UTF-8): `new FileBodyProducer("a=1")`.
 */
export class FileBodyProducer {
  /** The body's length in bytes. */
  readonly length: number;
  /** The body's bytes. */
  readonly body: Uint8Array;

  constructor(body: string | Uint8Array) {
    this.body = typeof body === "string" ? new TextEncoder().encode(body) : body;
    this.length = this.body.length;
  }
}

/** The reactor method the Agent needs. */
interface ConnectsTCP {
  connectTCP(host: string, port: number, factory: ClientFactory, timeout?: number): unknown;
}

/** Splits an http URL into host, port and the path to request. @throws SchemeNotSupported, Error (ValueError) */
export function parseURL(url: string): { host: string; port: number; path: string } {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/:?#]*)(?::(\d*))?([^#]*)/.exec(url);
  if (!match) throw Object.assign(new Error(`invalid URL: ${JSON.stringify(url)}`), { name: "ValueError" });
  const scheme = match[1]!.toLowerCase();
  if (scheme !== "http") throw new SchemeNotSupported(`Unsupported scheme: '${match[1]}'`);
  const port = match[3] ? Number(match[3]) : 80;
  const path = match[4] || "/";
  return { host: match[2]!, port, path: path.startsWith("/") ? path : `/${path}` };
}

/**
 * Makes HTTP/1.1 requests, one connection each (`Connection: close`), as
 * Twisted's Agent does without a persistent pool.
 */
export class Agent {
  /**
   * @param reactor the reactor to connect with (the installed one by default).
   * @param connectTimeout seconds to wait for the connection (30).
   */
  constructor(
    private readonly reactor: ConnectsTCP | null = null,
    private readonly connectTimeout = 30,
  ) {}

  /**
   * Sends `method` `uri`; fires with the Response once its status and
   * headers have arrived (whatever the status: a 404 is a Response too).
   * Fails with the connection's error (ConnectionRefusedError,
   * DNSLookupError, TimeoutError), ResponseNeverReceived if the server
   * closed without answering, or ResponseFailed for a broken answer.
   * A `bodyProducer` is sent as the body, with its Content-Length.
   */
  request(method: string, uri: string, headers: Headers | null = null, bodyProducer: FileBodyProducer | null = null): Deferred<Response> {
    const result = new Deferred<Response>();
    let target: ReturnType<typeof parseURL>;
    try {
      target = parseURL(uri);
    } catch (thrown) {
      result.errback(new Failure(thrown));
      return result;
    }
    const lines = [`${method} ${target.path} HTTP/1.1`, "Connection: close", `Host: ${target.port === 80 ? target.host : `${target.host}:${target.port}`}`];
    for (const [name, values] of headers?.getAllRawHeaders() ?? []) {
      if (!["host", "connection", "content-length"].includes(name.toLowerCase())) for (const value of values) lines.push(`${name}: ${value}`);
    }
    if (bodyProducer) lines.push(`Content-Length: ${bodyProducer.length}`);
    const request = { method, absoluteURI: uri, text: `${lines.join("\r\n")}\r\n\r\n`, body: bodyProducer?.body };
    const factory = new HTTPClientFactory(request, result);
    const reactor = this.reactor ?? (installedReactor() as unknown as ConnectsTCP);
    reactor.connectTCP(target.host, target.port, factory, this.connectTimeout);
    return result;
  }
}

/**
 * Reads a response's whole body. Fires with it as text; fails with
 * PartialDownloadError (its `response` holds what arrived) when the server
 * closed a body of unknown length, or with the ResponseFailed that broke it off.
 */
export function readBody(response: Response): Deferred<string> {
  const d = new Deferred<string>();
  let body = "";
  class ReadBodyProtocol extends Protocol {
    override dataReceived(data: string): void {
      body += data;
    }
    override connectionLost(reason: Failure): void {
      if (reason.check(ResponseDone)) d.callback(body);
      else if (reason.check(PotentialDataLoss)) d.errback(new Failure(new PartialDownloadError(response.code, response.phrase, body)));
      else d.errback(reason);
    }
  }
  response.deliverBody(new ReadBodyProtocol());
  return d;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** getPage's options, as the old function's keyword arguments. */
export interface GetPageOptions {
  /** The method (GET). */
  readonly method?: string;
  /** Follow redirects (true), up to `redirectLimit` (20). */
  readonly followRedirect?: boolean;
  readonly redirectLimit?: number;
  /** Seconds to wait for the connection (30). */
  readonly timeout?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The tutorial's way to fetch a page (since removed from Twisted, kept
 * here as a legacy helper built on Agent and readBody): fires with the body
 * of `url`. Fails with `error.Error` (status "404", message "404 Not Found",
 * `response` the error page) for a 4xx or 5xx answer, with
 * `error.PageRedirect` for a redirect it does not follow, and with the
 * connection's error (ConnectionRefusedError, DNSLookupError) when the
 * server cannot be reached. Redirects (301, 302, 303, 307, 308) are followed.
 */
export function getPage(url: string, options: GetPageOptions = {}): Deferred<string> {
  const agent = new Agent(null, options.timeout ?? 30);
  const headers = new Headers();
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.addRawHeader(name, value);
  const limit = options.redirectLimit ?? 20;
  const fetch = (target: string, redirects: number): Deferred<string> =>
    agent.request(options.method ?? "GET", target, headers).addCallback((response: Response) => {
      const location = response.headers.getRawHeaders("location", [] as string[])[0] ?? null;
      return readWhole(response).addCallback((body: string): string | Deferred<string> => {
        if (response.code >= 200 && response.code < 300) return body;
        if (REDIRECTS.has(response.code) && location && options.followRedirect !== false) {
          if (redirects >= limit) throw new InfiniteRedirection(response.code, "Infinite redirection detected", body, location);
          return fetch(resolveURL(location, target), redirects + 1);
        }
        if (REDIRECTS.has(response.code)) throw new PageRedirect(response.code, response.phrase, body, location);
        throw new WebError(response.code, response.phrase || null, body);
      });
    });
  return fetch(url, 0);
}

/** Where a Location header leads, seen from `base`. */
function resolveURL(location: string, base: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(location)) return location;
  const origin = /^[^:]+:\/\/[^/?#]*/.exec(base)![0];
  if (location.startsWith("/")) return origin + location;
  const path = base.slice(origin.length).split(/[?#]/)[0]!;
  return origin + path.slice(0, path.lastIndexOf("/") + 1) + location;
}

/** readBody, but a body of unknown length that ended when the server closed is whole (as old getPage took it). */
function readWhole(response: Response): Deferred<string> {
  return readBody(response).addErrback((failure: Failure) => {
    failure.trap(PartialDownloadError);
    return (failure.value as PartialDownloadError).response ?? "";
  });
}
