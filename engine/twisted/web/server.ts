/**
 * twisted.web.server: Site (an HTTPFactory serving a resource tree) and its
 * Request, which finds the resource for the URL and renders it. A render
 * method returns the body (text, sent as UTF-8, or bytes) or NOT_DONE_YET,
 * after which it writes and finishes the request itself. A missing method
 * gets Twisted's 405 page with an Allow header (501 for a method Twisted
 * does not know), HEAD is answered from GET without a body, and an exception
 * while rendering gets Twisted's "Processing Failed" 500 page.
 */
import type { IReactor } from "../internet/interfaces";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { UnsupportedMethod } from "./error";
import { INTERNAL_SERVER_ERROR, NOT_ALLOWED, NOT_IMPLEMENTED, NOT_MODIFIED, NO_CONTENT, OK, datetimeToString, toBytes, unquote } from "./http-common";
import { HTTPChannel } from "./http-channel";
import { HTTPFactory } from "./http-factory";
import type { LogFormatter } from "./http-access-log";
import { Request as HTTPRequest, type RequestChannel } from "./http-request";
import { ErrorPage, getChildForRequest, type IResource } from "./resource";

/** Returned by a render method that will write and finish the request later. */
export const NOT_DONE_YET = 1;

/** The Server header: Twisted's own, for the version this engine follows. */
export const version = "TwistedWeb/22.4.0";

/** The methods Twisted answers with 405 (others get 501). */
export const supportedMethods: readonly string[] = ["GET", "HEAD", "POST"];

/** HTML-escapes text as Python's html.escape does (quotes too). */
export function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/** A request to a Site: it finds its resource and renders it. */
export class Request extends HTTPRequest {
  /** The Content-Type sent when the resource sets none (null: none). */
  defaultContentType: string | null = "text/html";
  /** The Site that received the request. */
  site: Site | null = null;
  /** The path segments already used to find the resource, and those left (decoded). */
  prepath: string[] | null = null;
  postpath: string[] | null = null;
  /** The prepath at the Site's root. */
  sitepath: string[] = [];
  private _inFakeHead = false;

  constructor(channel: RequestChannel, queued?: unknown) {
    super(channel, queued);
  }

  /** Sets Server and Date, splits the path, finds the resource and renders it. */
  override process(): void {
    this.site = (this.channel as unknown as { site: Site }).site;
    this.setHeader("server", version);
    this.setHeader("date", datetimeToString(this._seconds()));
    this.prepath = [];
    this.postpath = this.path!.slice(1).split("/").map(unquote);
    if (this.path === "*") {
      this.handleStar();
      return;
    }
    try {
      const resource = this.site.getResourceFor(this);
      this.render(resource);
    } catch (thrown) {
      this.processingFailed(new Failure(thrown));
    }
  }

  /** Writes part of the body; the first write adds the default Content-Type if none is set. */
  override write(data: string | Uint8Array): void {
    if (!this.startedWriting) {
      const needsCT = this.code !== NOT_MODIFIED && this.code !== NO_CONTENT;
      const contentLength = this.responseHeaders.getRawHeaders("content-length", [] as string[]);
      const lengthZero = contentLength.length > 0 && contentLength[0] === "0";
      if (needsCT && !this.responseHeaders.hasHeader("content-type") && this.defaultContentType !== null && !lengthZero) {
        this.responseHeaders.setRawHeaders("content-type", [this.defaultContentType]);
      }
    }
    if (!this._inFakeHead) super.write(data);
  }

  /**
   * Renders `resource`: sends what it returns with a Content-Length, or
   * leaves the request open if it returned NOT_DONE_YET.
   */
  render(resource: IResource): void {
    let body: unknown;
    try {
      body = resource.render(this);
    } catch (thrown) {
      if (!(thrown instanceof UnsupportedMethod)) throw thrown;
      const allowed = thrown.allowedMethods;
      if (this.method === "HEAD" && allowed.includes("GET")) {
        // HEAD must work (RFC 2616 5.1.1): render GET and send only the headers.
        log.msg(`Using GET to fake a HEAD request for ${describe(resource)}`);
        this.method = "GET";
        this._inFakeHead = true;
        body = resource.render(this);
        if (body === NOT_DONE_YET) log.msg(`Tried to fake a HEAD request for ${describe(resource)}, but it got away from me.`);
        else this.setHeader("content-length", bodyLength(body));
        this._inFakeHead = false;
        this.method = "HEAD";
        this.write("");
        this.finish();
        return;
      }
      if (supportedMethods.includes(this.method)) {
        this.setHeader("Allow", allowed.join(", "));
        const s =
          `Your browser approached me (at ${escape(this.uri)}) with the method "${this.method}".  ` +
          `I only allow the method${allowed.length > 1 ? "s" : ""} ${allowed.join(", ")} here.`;
        body = new ErrorPage(NOT_ALLOWED, "Method Not Allowed", s).render(this);
      } else {
        body = new ErrorPage(NOT_IMPLEMENTED, "Huh?", `I don't know how to treat a ${escape(this.method)} request.`).render(this);
      }
    }
    if (body === NOT_DONE_YET) return;
    if (typeof body !== "string" && !(body instanceof Uint8Array)) {
      body = new ErrorPage(
        INTERNAL_SERVER_ERROR,
        "Request did not return bytes",
        `Request: <pre>${escape(String(this))}</pre><br />Resource: <pre>${escape(describe(resource))}</pre><br />Value: <pre>${escape(describeValue(body))}</pre>`,
      ).render(this);
    }
    const bytes = toBytes(body as string | Uint8Array);
    if (this.method === "HEAD") {
      if (bytes.length > 0) {
        log.msg(`Warning: HEAD request ${String(this)} for resource ${describe(resource)} is returning a message body. I think I'll eat it.`);
        this.setHeader("content-length", bytes.length);
      }
      this.write("");
    } else {
      this.setHeader("content-length", bytes.length);
      this.write(bytes);
    }
    this.finish();
  }

  /** Ends the request with Twisted's 500 "Processing Failed" page, and logs `reason`. */
  processingFailed(reason: Failure): Failure {
    log.err(reason);
    const body = "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>";
    this.setResponseCode(INTERNAL_SERVER_ERROR);
    this.setHeader("content-type", "text/html");
    this.setHeader("content-length", toBytes(body).length);
    this.write(body);
    this.finish();
    return reason;
  }

  /** The URL of the resource found so far: "http://host:port/" plus the prepath. */
  prePathURL(): string {
    return this.prePathURLFor(this.prepath ?? []);
  }

  private prePathURLFor(prepath: readonly string[]): string {
    const port = this.getHost().port;
    const hostport = port === 80 ? "" : `:${port}`;
    return `http://${this.getRequestHostname()}${hostport}/${prepath.map((segment) => encodeURIComponent(segment)).join("/")}`;
  }

  /** A relative link to child `name` of the resource being rendered. */
  childLink(name: string): string {
    const lpp = this.postpath?.length ?? 0;
    if (lpp > 1) return "../".repeat(lpp - 1) + name;
    if (lpp === 1) return name;
    const last = this.prepath?.at(-1);
    return last ? `${last}/${name}` : name;
  }

  /** A relative link to sibling `name` of the resource being rendered. */
  sibLink(name: string): string {
    return this.postpath?.length ? "../".repeat(this.postpath.length) + name : name;
  }

  private handleStar(): void {
    if (this.method === "OPTIONS") this.setResponseCode(OK);
    else {
      this.setResponseCode(NOT_ALLOWED);
      this.setHeader("Allow", "OPTIONS");
    }
    this.setHeader("Content-Length", "0");
    this.finish();
  }
}

function bodyLength(body: unknown): number {
  return typeof body === "string" || body instanceof Uint8Array ? toBytes(body).length : 0;
}

function describe(resource: unknown): string {
  return `<${(resource as object)?.constructor?.name ?? "object"} object>`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "object") return describe(value);
  return String(value);
}

/**
 * A web site: an HTTPFactory whose requests are answered from the resource
 * tree under `resource`. Listen with it as with any factory:
 * `endpoints.serverFromString(reactor, "tcp:8000").listen(new server.Site(root))`.
 */
export class Site extends HTTPFactory {
  /** The Request class built for each request. */
  requestFactory: new (channel: RequestChannel, queued?: unknown) => HTTPRequest = Request;
  /** Twisted shows tracebacks on its 500 page when true; here the page is always the short one. */
  displayTracebacks = false;
  /** The root of the resource tree. */
  resource: IResource;
  isLeaf = false;

  /**
   * @param resource the root resource.
   * @param requestFactory the Request class (server.Request).
   * @param options HTTPFactory's: logPath, timeout (60 s), logFormatter, reactor.
   */
  constructor(
    resource: IResource,
    requestFactory: (new (channel: RequestChannel, queued?: unknown) => HTTPRequest) | null = null,
    options: { logPath?: string | null; timeout?: number | null; logFormatter?: LogFormatter | null; reactor?: IReactor | null } = {},
  ) {
    super(options.logPath ?? null, options.timeout === undefined ? 60 : options.timeout, options.logFormatter ?? null, options.reactor ?? null);
    this.resource = resource;
    if (requestFactory) this.requestFactory = requestFactory;
  }

  override buildProtocol(addr: Parameters<HTTPFactory["buildProtocol"]>[0]): HTTPChannel | null {
    const channel = super.buildProtocol(addr) as HTTPChannel | null;
    if (channel) {
      channel.requestFactory = this.requestFactory as never;
      channel.site = this;
    }
    return channel;
  }

  /** The resource for `request`: walks the tree from the root along its postpath. */
  getResourceFor(request: Request): IResource {
    request.site = this;
    request.sitepath = [...(request.prepath ?? [])];
    return getChildForRequest(this.resource, request);
  }

  /** As a resource, a Site is the root's parent. */
  getChildWithDefault(pathEl: string, request: Request): IResource {
    request.site = this;
    return this.resource.getChildWithDefault(pathEl, request);
  }

  /** A Site is always a directory: redirect to the URL with a slash. */
  render(request: Request): void {
    request.redirect(`${request.prePathURL()}/`);
    request.finish();
  }
}
