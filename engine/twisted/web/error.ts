/**
 * twisted.web.error: the errors an HTTP client reports. An `Error` carries
 * the HTTP status; its message reads as Twisted's str() does: "404 Not Found".
 */
import { TwistedError } from "../python/exceptions";

/** Reason phrases for the codes the client reports. */
export const RESPONSES: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/**
 * An HTTP error. `status` is the code as text ("404"), `response` the
 * page's body if there was one; the message is "404 Not Found".
 */
class WebError extends TwistedError {
  /** The status code, as text: "404". */
  readonly status: string;
  /** The body of the error page, if any. */
  readonly response: string | null;

  /**
   * @param code the status code (404 or "404").
   * @param message the reason phrase; by default the standard one for the code.
   * @param response the error page's body.
   */
  constructor(code: number | string, message?: string | null, response: string | null = null) {
    const phrase = message ?? RESPONSES[Number(code)] ?? "";
    super(phrase ? `${code} ${phrase}` : String(code));
    this.name = new.target.name === "WebError" ? "Error" : new.target.name;
    this.status = String(code);
    this.response = response;
  }
}

export { WebError as Error };

/** A redirect the client did not follow; `location` says where to. */
export class PageRedirect extends WebError {
  constructor(
    code: number | string,
    message?: string | null,
    response: string | null = null,
    readonly location: string | null = null,
  ) {
    super(code, message, response);
    if (location) this.message = `${this.message} to ${location}`;
  }
}

/** The client gave up after too many redirects. */
export class InfiniteRedirection extends PageRedirect {}

/** The URL's scheme is not one the client can fetch (here, only http). */
export class SchemeNotSupported extends TwistedError {}

/**
 * Raised by Resource.render when the resource has no render_<METHOD> for the
 * request's method; `allowedMethods` are the ones it has (for the Allow header).
 */
export class UnsupportedMethod extends TwistedError {
  constructor(readonly allowedMethods: readonly string[]) {
    super(`Expected one of ${JSON.stringify(allowedMethods)}`);
  }
}
