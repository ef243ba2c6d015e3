/**
 * A small web server for simulated hosts: it serves a table of plain-text
 * pages over HTTP/1.0 and 1.1 (GET and HEAD), answers 404 for anything else,
 * and closes the connection after each answer. Lessons use it for the
 * scenery the tutorial's programs talk to (livejournal.com's user pages);
 * it is not twisted.web, which learners write themselves.
 */
import { Protocol, ServerFactory } from "../twisted/internet/protocol";
import type { SimulatedHost } from "./simulated-host";

/** What a web host serves. */
export interface WebPages {
  /** Path (with its leading slash, without the query) to body, e.g. { "/~moshez": "Happy and well" }. */
  readonly pages: Readonly<Record<string, string>>;
  /** Seconds the server takes before each answer (0: at once). */
  readonly delay?: number;
}

/** A running web server: change what it serves, or stop it (connections are then refused). */
export interface WebSite {
  readonly port: number;
  /** Replaces the pages and the delay. */
  serve(content: WebPages): void;
  /** The request lines received so far ("GET /~moshez HTTP/1.1"), oldest first. */
  readonly requests: readonly string[];
  /** Stops listening. */
  stop(): void;
}

const REASONS: Readonly<Record<number, string>> = { 200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed" };
const NOT_FOUND_PAGE =
  "<html><head><title>404 - No Such Resource</title></head><body><h1>No Such Resource</h1><p>No such child resource.</p></body></html>";
const MAX_HEAD = 16384;

const sites = new WeakMap<SimulatedHost, Map<number, WebSite>>();

/**
 * Starts (or updates) the web server on `host`:`port` (80 by default). The
 * host becomes quiet: its server stays out of the program's log.
 * @throws CannotListenError if something else listens on that port.
 */
export function serveWebPages(host: SimulatedHost, content: WebPages, port = 80): WebSite {
  let byPort = sites.get(host);
  if (!byPort) sites.set(host, (byPort = new Map()));
  const running = byPort.get(port);
  if (running) {
    running.serve(content);
    return running;
  }
  host.quiet = true;
  let current = content;
  const requests: string[] = [];
  const factory = new WebFactory(() => current, requests, host);
  const listening = host.listenTCP(port, factory);
  const site: WebSite = {
    port,
    requests,
    serve: (next) => void (current = next),
    stop: () => {
      byPort!.delete(port);
      listening.close();
    },
  };
  byPort.set(port, site);
  return site;
}

/** The web server running on `host`:`port`, if serveWebPages started one. */
export function webSiteOn(host: SimulatedHost, port = 80): WebSite | undefined {
  return sites.get(host)?.get(port);
}

class WebFactory extends ServerFactory {
  override noisy = false;
  override protocol = WebRequest;

  constructor(
    readonly content: () => WebPages,
    readonly requests: string[],
    readonly host: SimulatedHost,
  ) {
    super();
  }
}

/** One HTTP exchange: read the request's head, answer, close. */
class WebRequest extends Protocol {
  declare factory: WebFactory;
  private head = "";
  private answered = false;

  override dataReceived(data: string): void {
    if (this.answered) return;
    this.head += data;
    const end = this.head.search(/\r?\n\r?\n/);
    if (end < 0) {
      if (this.head.length > MAX_HEAD) this.answer("HTTP/1.0", 400, "Bad Request\n", false);
      return;
    }
    const requestLine = this.head.slice(0, this.head.search(/\r?\n/));
    this.factory.requests.push(requestLine);
    const [method = "", target = "", version = ""] = requestLine.split(" ");
    const httpVersion = version === "HTTP/1.0" ? "HTTP/1.0" : "HTTP/1.1";
    if (!target.startsWith("/") || !/^HTTP\/1\.[01]$/.test(version)) return this.answer(httpVersion, 400, "Bad Request\n", false);
    if (method !== "GET" && method !== "HEAD") return this.answer(httpVersion, 405, "Method Not Allowed\n", false);
    const path = target.split("?")[0]!;
    const { pages, delay = 0 } = this.factory.content();
    const found = Object.hasOwn(pages, path);
    const reply = () => this.answer(httpVersion, found ? 200 : 404, found ? pages[path]! : NOT_FOUND_PAGE, method === "HEAD");
    this.answered = true;
    if (delay > 0) this.factory.host.network.simulation.scheduleIo(delay, reply, `web server answers ${path}`);
    else reply();
  }

  private answer(version: string, code: number, body: string, headOnly: boolean): void {
    this.answered = true;
    if (!this.transport) return;
    const type = code === 404 ? "text/html" : "text/plain; charset=utf-8";
    const length = new TextEncoder().encode(body).length;
    this.transport.write(
      `${version} ${code} ${REASONS[code]}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${headOnly ? "" : body}`,
    );
    this.transport.loseConnection();
  }
}
