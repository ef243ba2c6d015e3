/**
 * twisted.web.resource: the tree a Site serves. Each path segment of a URL
 * selects a child (putChild for fixed ones, getChild for computed ones) until
 * a leaf or the end of the path; that resource's render_<METHOD> answers.
 * Also Twisted's own error pages (ErrorPage, NoResource, ForbiddenResource),
 * whose HTML is byte for byte Twisted 22.4's, unescaped as Twisted's is.
 */
import { FORBIDDEN, NOT_FOUND } from "./http-common";
import { UnsupportedMethod } from "./error";
import { Attribute, classImplements, Interface, method, type InterfaceClass } from "../../zope/interface";

/** What a Site needs of a resource (IResource). */
export interface IResource {
  /** True if the resource handles the rest of the path itself. */
  isLeaf: boolean | number;
  /** The child for path segment `path`: a static one first, else getChild's. */
  getChildWithDefault(path: string, request: any): IResource;
  /** Adds a static child. */
  putChild(path: string, child: IResource): void;
  /** Answers the request: the body (text or bytes) or server.NOT_DONE_YET. */
  render(request: any): unknown;
}

/**
 * The interface of web resources: `resource.IResource(obj)` adapts an
 * object to a resource a Site can serve (the finger tutorial registers
 * UserStatusTree as the IResource adapter of IFingerService); Resource implements it.
 */
export const IResource: InterfaceClass<IResource> = Interface<IResource>("twisted.web.resource.IResource", {
  isLeaf: new Attribute("Signal if this IResource implementor is a \"leaf node\" or not."),
  getChildWithDefault: method("name", "request"),
  putChild: method("path", "child"),
  render: method("request"),
});

/** A request as resource traversal sees it. */
interface TraversedRequest {
  postpath: string[] | null;
  prepath: string[] | null;
}

/**
 * Walks from `resource` down the request's postpath (moving each segment to
 * prepath) until a leaf or the end, and returns the resource reached.
 */
export function getChildForRequest(resource: IResource, request: TraversedRequest): IResource {
  while (request.postpath && request.postpath.length && !resource.isLeaf) {
    const pathElement = request.postpath.shift()!;
    request.prepath!.push(pathElement);
    resource = resource.getChildWithDefault(pathElement, request);
  }
  return resource;
}

/**
 * A web resource. Subclass it and define render_GET, render_POST, ... (each
 * returns the body as text or bytes, or server.NOT_DONE_YET and writes the
 * body later), and getChild for children made on demand.
 */
export class Resource implements IResource {
  /** True if this resource handles the rest of the path itself (getChild is not called). */
  isLeaf: boolean | number = false;
  /** Static children, by path segment. */
  readonly children = new Map<string, IResource>();
  /** The methods this resource answers, for a 405's Allow header; computed from the render_ methods if unset. */
  allowedMethods?: readonly string[];
  server: unknown = null;

  /**
   * Hook: the child for segment `path` when no static child has that name.
   * The default is a 404 page (NoResource).
   */
  getChild(path: string, request: any): IResource {
    void path;
    void request;
    return new NoResource();
  }

  /** The static child called `path` if there is one, else getChild(path, request). */
  getChildWithDefault(path: string, request: any): IResource {
    const child = this.children.get(path);
    return child ?? this.getChild(path, request);
  }

  /** Deprecated in Twisted: use the module's getChildForRequest. */
  getChildForRequest(request: TraversedRequest): IResource {
    return getChildForRequest(this, request);
  }

  /**
   * Adds a static child at segment `path` ("" is the child for a trailing
   * slash: "/" on the root). A later putChild with the same name replaces it.
   */
  putChild(path: string, child: IResource): void {
    this.children.set(path, child);
    (child as { server?: unknown }).server = this.server;
  }

  /** The names of the static children. */
  listStaticNames(): string[] {
    return [...this.children.keys()];
  }

  /** The names of the static children, and dynamic ones (none by default). */
  listNames(): string[] {
    return this.listStaticNames();
  }

  /**
   * Answers `request` with this resource's render_<METHOD>.
   * @throws UnsupportedMethod (the Site turns it into 405 or 501) when there is none.
   */
  render(request: any): unknown {
    const m = (this as unknown as Record<string, unknown>)[`render_${request.method}`];
    if (typeof m !== "function") throw new UnsupportedMethod(this.allowedMethods ?? computeAllowedMethods(this));
    return m.call(this, request);
  }

  /**
   * HEAD answers as GET does (the Site then sends no body).
   * @throws AttributeError when there is no render_GET (a 500, as in Twisted).
   */
  render_HEAD(request: any): unknown {
    const get = (this as unknown as Record<string, unknown>)["render_GET"];
    if (typeof get !== "function") {
      throw Object.assign(new TypeError(`'${this.constructor.name}' object has no attribute 'render_GET'`), { name: "AttributeError" });
    }
    return get.call(this, request);
  }
}

/** The methods with a render_ method, base classes' first, in the order defined (as Twisted lists them). */
function computeAllowedMethods(resource: object): string[] {
  const chain: object[] = [];
  for (let proto = Object.getPrototypeOf(resource); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) chain.unshift(proto);
  const methods: string[] = [];
  for (const proto of [...chain, resource]) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (!name.startsWith("render_")) continue;
      const method = name.slice("render_".length);
      if (!methods.includes(method) && typeof (resource as Record<string, unknown>)[name] === "function") methods.push(method);
    }
  }
  return methods;
}

classImplements(Resource, IResource);

/**
 * A page with a status, a title and a message, as Twisted renders its own
 * errors. The message is HTML and is not escaped (as in Twisted 22.4).
 */
export class ErrorPage extends Resource {
  /** The page's HTML, with %(code)s, %(brief)s and %(detail)s filled in. */
  template = `
<html>
  <head><title>%(code)s - %(brief)s</title></head>
  <body>
    <h1>%(brief)s</h1>
    <p>%(detail)s</p>
  </body>
</html>
`;

  /**
   * @param code the status code (e.g. 404).
   * @param brief the title ("No Such Resource").
   * @param detail the message, as HTML.
   */
  constructor(
    public code: number,
    public brief: string,
    public detail: string,
  ) {
    super();
  }

  override render(request: { setResponseCode(code: number): void; setHeader(name: string, value: string): void }): string {
    request.setResponseCode(this.code);
    request.setHeader("content-type", "text/html; charset=utf-8");
    const fields: Record<string, string> = { code: String(this.code), brief: this.brief, detail: this.detail };
    return this.template.replace(/%\((code|brief|detail)\)s/g, (_, key: string) => fields[key]!);
  }

  /** Every child of an error page is the same error page. */
  override getChild(): IResource {
    return this;
  }
}

/** Twisted's 404 page: "No Such Resource". */
export class NoResource extends ErrorPage {
  constructor(message = "Sorry. No luck finding that resource.") {
    super(NOT_FOUND, "No Such Resource", message);
  }
}

/** Twisted's 403 page: "Forbidden Resource". */
export class ForbiddenResource extends ErrorPage {
  constructor(message = "Sorry, resource is forbidden.") {
    super(FORBIDDEN, "Forbidden Resource", message);
  }
}
