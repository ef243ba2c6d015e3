/**
 * curl URL: an HTTP/1.0 request over the simulated network, for the web
 * stages; an https:// URL goes over the simulated TLS, checking the server's
 * certificate unless -k says not to (a self-signed one fails with curl's 60). A GET by default; -X METHOD sets the method, -d DATA sends a POST
 * body (several -d are joined with "&", as curl does) as
 * application/x-www-form-urlencoded, -H "Name: value" adds or replaces a
 * header, -I sends HEAD, -m SECONDS gives up after that much virtual time.
 * Prints the body (with -i or -I, the status line and headers too), and exits
 * with curl's codes: 6 for an unknown host, 7 for a refused connection, 28
 * for a timeout.
 */
import type { Failure } from "../twisted/python/failure";
import { ClientFactory, Protocol } from "../twisted/internet/protocol";
import { ClientContextFactory, optionsForClientTLS } from "../twisted/internet/ssl";
import { SSLError } from "../twisted/internet/simulated-tls";
import { TLSMemoryBIOFactory } from "../twisted/protocols/tls";
import type { ProcessContext, SimulatedCommand } from "./commands";

const USAGE = "curl: try 'curl [-i] [-k] [-m SECONDS] [-X METHOD] [-d DATA] [-H 'Name: value'] URL', e.g. curl http://localhost:8000/moshez\n";

/** What the command line asks for. */
export interface CurlOptions {
  readonly include: boolean;
  readonly method: string | null;
  readonly data: string[];
  readonly headers: [string, string][];
  readonly urls: string[];
  /** -m: the seconds of virtual time the whole request may take; null waits for ever. */
  readonly maxTime: number | null;
  /** -k: accept any certificate over https (a self-signed one too). */
  readonly insecure: boolean;
}

/** Reads curl's options; null (with a message) for one it does not know or one missing its value. */
export function parseCurlArgs(args: readonly string[]): CurlOptions | string {
  let include = false;
  let method: string | null = null;
  const data: string[] = [];
  const headers: [string, string][] = [];
  const urls: string[] = [];
  let maxTime: number | null = null;
  let insecure = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`curl: option ${arg}: requires parameter`);
      return next;
    };
    try {
      if (arg === "-i" || arg === "--include") include = true;
      else if (arg === "-k" || arg === "--insecure") insecure = true;
      else if (arg === "-I" || arg === "--head") {
        include = true;
        method = "HEAD";
      } else if (arg === "-X" || arg === "--request") method = value();
      else if (arg === "-d" || arg === "--data" || arg === "--data-raw") data.push(value());
      else if (arg === "-H" || arg === "--header") {
        const header = value();
        const colon = header.indexOf(":");
        if (colon <= 0) return `curl: bad header ${JSON.stringify(header)}: use -H 'Name: value'`;
        headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
      } else if (arg === "-m" || arg === "--max-time") {
        const text = value();
        maxTime = Number(text);
        if (!(maxTime > 0)) return `curl: option ${arg}: expected a positive number of seconds, got ${JSON.stringify(text)}`;
      } else if (arg.startsWith("-") && arg !== "-") return `curl: option ${arg}: is unknown`;
      else urls.push(arg);
    } catch (thrown) {
      return (thrown as Error).message;
    }
  }
  return { include, method, data, headers, urls, maxTime, insecure };
}

/** Splits http[s]://host[:port]/path (https on 443 by default); null if it is neither. */
export function parseHttpUrl(url: string): { host: string; port: number; path: string; secure?: true } | null {
  const match = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)$/.exec(url);
  if (!match || /^[a-z]+:\/\//i.test(url) && !/^https?:\/\//.test(url)) return null;
  const secure = match[1] === "https";
  const port = match[3] ? Number(match[3]) : secure ? 443 : 80;
  if (!(port >= 1 && port <= 65535)) return null;
  return { host: match[2]!, port, path: match[4] || "/", ...(secure ? { secure: true as const } : {}) };
}

export const curl: SimulatedCommand = (proc: ProcessContext) => {
  const options = parseCurlArgs(proc.args);
  if (typeof options === "string") {
    proc.stderr(`${options}\n${USAGE}`);
    return 2;
  }
  const { include, urls } = options;
  if (urls.length !== 1) {
    proc.stderr(USAGE);
    return 2;
  }
  const target = parseHttpUrl(urls[0]!);
  if (!target) {
    proc.stderr(`curl: (1) Protocol not supported or bad URL: ${urls[0]}\n`);
    return 1;
  }
  let response = "";
  let request: Request | null = null;
  class Request extends Protocol {
    override connectionMade(): void {
      request = this;
      this.transport?.write(requestText(options as CurlOptions, target!));
    }
    override dataReceived(data: string): void {
      response += data;
    }
    override connectionLost(reason: Failure): void {
      if (!proc.running) return;
      if (target!.secure && reason.value instanceof SSLError) return tlsFailed(reason.value);
      if (response === "") {
        // What curl says when the server closes without a byte (plain HTTP to a TLS port, or TLS to a plain port that hung up).
        proc.stderr(target!.secure ? `curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${target!.host}:${target!.port} \n` : "curl: (52) Empty reply from server\n");
        proc.exit(target!.secure ? 35 : 52);
        return;
      }
      const split = response.indexOf("\r\n\r\n");
      if (include || split < 0) proc.stdout(response);
      else proc.stdout(response.slice(split + 4));
      proc.exit(0);
    }
  }
  class RequestFactory extends ClientFactory {
    override noisy = false;
    override protocol = Request;
    override clientConnectionFailed(_connector: unknown, reason: Failure): void {
      if (!proc.running) return;
      if ((reason.value as Error)?.name === "DNSLookupError") {
        proc.stderr(`curl: (6) Could not resolve host: ${target!.host}\n`);
        proc.exit(6);
      } else {
        proc.stderr(`curl: (7) Failed to connect to ${target!.host} port ${target!.port}: Connection refused\n`);
        proc.exit(7);
      }
    }
  }
  const tlsFailed = (error: SSLError) => {
    const reason = error.errors[0]?.[2] ?? "";
    if (reason.startsWith("certificate verify failed")) {
      proc.stderr("curl: (60) SSL certificate problem: self-signed certificate\n"
        + "More details here: https://curl.se/docs/sslcerts.html\n\n"
        + "curl failed to verify the legitimacy of the server and therefore could not\n"
        + "establish a secure connection to it. To learn more about this situation and\n"
        + "how to fix it, please visit the web page mentioned above.\n");
      proc.exit(60);
    } else {
      proc.stderr(`curl: (35) OpenSSL/3.0.11: error:0A00010B:SSL routines::${reason}\n`);
      proc.exit(35);
    }
  };
  const requests = new RequestFactory();
  const factory = target.secure
    ? new TLSMemoryBIOFactory(options.insecure ? new ClientContextFactory() : optionsForClientTLS(target.host), true, requests)
    : requests;
  proc.host.connectTCP(target.host, target.port, factory, 30);
  const maxTime = options.maxTime;
  if (maxTime !== null) {
    proc.later(maxTime, () => {
      const received = new TextEncoder().encode(response).length;
      proc.stderr(`curl: (28) Operation timed out after ${Math.round(maxTime * 1000)} milliseconds with ${received} bytes received\n`);
      proc.exit(28);
      (request as Request | null)?.transport?.abortConnection();
    });
  }
};

/** The request curl sends: its request line, Host, User-Agent, Accept, then -d's body with its type and length, -H's replacing any of these. */
function requestText(options: CurlOptions, target: { host: string; port: number; path: string }): string {
  const body = options.data.length ? options.data.join("&") : null;
  const method = options.method ?? (body !== null ? "POST" : "GET");
  const headers: [string, string][] = [
    ["Host", target.port === 80 ? target.host : `${target.host}:${target.port}`],
    ["User-Agent", "curl/7.88.1"],
    ["Accept", "*/*"],
  ];
  if (body !== null) {
    headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    headers.push(["Content-Length", String(new TextEncoder().encode(body).length)]);
  }
  for (const [name, value] of options.headers) {
    const at = headers.findIndex(([existing]) => existing.toLowerCase() === name.toLowerCase());
    if (at >= 0 && value === "") headers.splice(at, 1);
    else if (at >= 0) headers[at] = [name, value];
    else if (value !== "") headers.push([name, value]);
  }
  return `${method} ${target.path} HTTP/1.0\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n${body ?? ""}`;
}
