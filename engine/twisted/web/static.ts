/**
 * twisted.web.static: Data (fixed bytes with a content type) and File (a
 * file or directory on the reactor's file system: the simulated host's in the
 * browser, the real one under `npm run serve`).
 *
 * Differences from Twisted 22.4, all for want of what the file system offers:
 * no Last-Modified (no modification times), no Range requests (the whole file
 * is sent), files are text (sent as UTF-8), and a directory without an index
 * file gets a plain listing instead of Twisted's DirectoryLister table.
 */
import type { IFileSystem } from "../internet/interfaces";
import { installedReactor } from "../internet/installed";
import { ForbiddenResource, NoResource, Resource, type IResource } from "./resource";
import { escape } from "./server";
import { redirectTo } from "./util";

/** What Data and File need of a request. */
interface StaticRequest {
  method: string;
  uri: string;
  setHeader(name: string, value: string | number): void;
  redirect(url: string): void;
  setResponseCode(code: number): void;
}

const encoder = new TextEncoder();

/** A fixed body with a fixed content type: `new static.Data("<h1>Hi</h1>", "text/html")`. */
export class Data extends Resource {
  /**
   * @param data the body (text is sent as UTF-8).
   * @param type its media type, e.g. "text/html".
   */
  constructor(
    public data: string | Uint8Array,
    public type: string,
  ) {
    super();
  }

  render_GET(request: StaticRequest): string | Uint8Array {
    request.setHeader("content-type", this.type);
    request.setHeader("content-length", typeof this.data === "string" ? encoder.encode(this.data).length : this.data.length);
    if (request.method === "HEAD") return "";
    return this.data;
  }

  override render_HEAD(request: StaticRequest): string | Uint8Array {
    return this.render_GET(request);
  }
}

/** Media types by extension, as Twisted's loadMimeTypes finds them on Debian. */
export const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html",
  ".htm": "text/html",
  ".txt": "text/plain",
  ".css": "text/css",
  ".js": "text/javascript",
  ".json": "application/json",
  ".xml": "application/xml",
  ".py": "text/x-python",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
};

/**
 * A file or directory served from the reactor's file system. A directory's
 * children are its entries; its own URL with a trailing slash serves
 * index.html (or index, index.htm) if present, else a listing. A missing
 * file is a 404 "File not found.".
 */
export class File extends Resource {
  /** Names tried, in order, for a directory's index. */
  indexNames = ["index", "index.html", "index.htm", "index.rpy"];
  /** The 404 page for a missing file. */
  childNotFound: IResource = new NoResource("File not found.");
  /** The 403 page for a file that cannot be read. */
  forbidden: IResource = new ForbiddenResource();
  /** The path, on the reactor's file system. */
  readonly path: string;

  /**
   * @param path the file or directory.
   * @param defaultType the media type of files with an unknown extension ("text/html").
   */
  constructor(
    path: string,
    public defaultType = "text/html",
  ) {
    super();
    this.path = path.length > 1 ? path.replace(/\/+$/, "") : path;
  }

  private fs(): IFileSystem {
    return installedReactor().fileSystem();
  }

  /** True if the path exists. */
  exists(): boolean {
    return this.fs().exists(this.path);
  }

  /** True if the path is a directory. */
  isdir(): boolean {
    return this.fs().isDirectory(this.path);
  }

  /** The File for entry `path` of this directory, an index or listing for "", or a 404. */
  override getChild(path: string, request: unknown): IResource {
    void request;
    if (!this.isdir()) return this.childNotFound;
    if (!path) {
      for (const name of this.indexNames) {
        const candidate = join(this.path, name);
        if (this.fs().isFile(candidate)) return this.createSimilarFile(candidate);
      }
      return new DirectoryLister(this.path, this.fs().list(this.path).map((entry) => entry.name));
    }
    if (path.includes("/") || path === "." || path === ".." || path.includes("\0")) return this.childNotFound;
    const child = join(this.path, path);
    if (!this.fs().exists(child)) return this.childNotFound;
    return this.createSimilarFile(child);
  }

  /** A File like this one (same default type and pages) for `path`. */
  createSimilarFile(path: string): File {
    const f = new (this.constructor as new (path: string, defaultType: string) => File)(path, this.defaultType);
    f.indexNames = [...this.indexNames];
    f.childNotFound = this.childNotFound;
    f.forbidden = this.forbidden;
    return f;
  }

  /** The file's body with Accept-Ranges, Content-Length and Content-Type; a directory redirects to its URL with a slash. */
  render_GET(request: StaticRequest): unknown {
    if (!this.exists()) return this.childNotFound.render(request);
    if (this.isdir()) return redirectTo(addSlash(request.uri), request);
    request.setHeader("accept-ranges", "bytes");
    let content: string;
    try {
      content = this.fs().read(this.path);
    } catch {
      return this.forbidden.render(request);
    }
    const dot = this.path.lastIndexOf(".");
    const ext = dot > this.path.lastIndexOf("/") ? this.path.slice(dot).toLowerCase() : "";
    request.setHeader("content-length", encoder.encode(content).length);
    request.setHeader("content-type", contentTypes[ext] ?? this.defaultType);
    if (request.method === "HEAD") return "";
    return content;
  }

  override render_HEAD(request: StaticRequest): unknown {
    return this.render_GET(request);
  }
}

/** A directory's listing: a list of links to its entries. */
export class DirectoryLister extends Resource {
  constructor(
    public path: string,
    public dirs: string[],
  ) {
    super();
  }

  render_GET(request: StaticRequest): string {
    request.setHeader("content-type", "text/html; charset=utf-8");
    const title = `Directory listing for ${escape(decodeURIComponentSafe(request.uri))}`;
    const items = [...this.dirs].sort().map((name) => `<li><a href="${escape(encodeURIComponent(name))}">${escape(name)}</a></li>`);
    return `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<ul>\n${items.join("\n")}\n</ul>\n</body>\n</html>\n`;
  }
}


function join(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

function addSlash(uri: string): string {
  const q = uri.indexOf("?");
  return q < 0 ? `${uri}/` : `${uri.slice(0, q)}/${uri.slice(q)}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.split("?")[0]!);
  } catch {
    return text;
  }
}
