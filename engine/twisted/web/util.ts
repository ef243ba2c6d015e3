/**
 * twisted.web.util: redirects. redirectTo sets 302 and Location and returns
 * Twisted's little HTML page that also redirects browsers that ignore the
 * status; Redirect is a resource that does it for every path under it.
 */
import { escape } from "./server";
import { Resource, type IResource } from "./resource";

/** What redirectTo needs of a request. */
interface Redirectable {
  setHeader(name: string, value: string): void;
  redirect(url: string): void;
}

/**
 * Makes `request` a redirect to `URL` (302 Found, Location) and returns the
 * page to render, e.g. `return util.redirectTo("/hello", request)`.
 * @throws TypeError if `URL` is not text.
 */
export function redirectTo(URL: string, request: Redirectable): string {
  if (typeof URL !== "string") throw new TypeError("URL must be bytes");
  request.setHeader("Content-Type", "text/html; charset=utf-8");
  request.redirect(URL);
  const url = escape(URL);
  return `
<html>
    <head>
        <meta http-equiv="refresh" content="0;URL=${url}">
    </head>
    <body bgcolor="#FFFFFF" text="#000000">
    <a href="${url}">click here</a>
    </body>
</html>
`;
}

/** A resource that redirects every request under it to `url`. */
export class Redirect extends Resource {
  override isLeaf: boolean | number = true;

  constructor(public url: string) {
    super();
  }

  override render(request: Redirectable): string {
    return redirectTo(this.url, request);
  }

  override getChild(): IResource {
    return this;
  }
}
