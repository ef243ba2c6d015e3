/**
 * curl URL: an HTTP/1.0 GET over the simulated network, for the web stages.
 * Prints the body (with -i, the status line and headers too), and exits
 * with curl's codes: 6 for an unknown host, 7 for a refused connection.
 */
import type { Failure } from "../twisted/python/failure";
import { ClientFactory, Protocol } from "../twisted/internet/protocol";
import type { ProcessContext, SimulatedCommand } from "./commands";

const USAGE = "curl: try 'curl [-i] URL', e.g. curl http://localhost:8000/moshez\n";

/** Splits http://host[:port]/path; null if it is not an http URL. */
export function parseHttpUrl(url: string): { host: string; port: number; path: string } | null {
  const match = /^(?:http:\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)$/.exec(url);
  if (!match || /^[a-z]+:\/\//i.test(url) && !url.startsWith("http://")) return null;
  const port = match[2] ? Number(match[2]) : 80;
  if (!(port >= 1 && port <= 65535)) return null;
  return { host: match[1]!, port, path: match[3] || "/" };
}

export const curl: SimulatedCommand = (proc: ProcessContext) => {
  const include = proc.args.includes("-i");
  const urls = proc.args.filter((arg) => !arg.startsWith("-"));
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
  class Request extends Protocol {
    override connectionMade(): void {
      const host = target!.port === 80 ? target!.host : `${target!.host}:${target!.port}`;
      this.transport?.write(`GET ${target!.path} HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n`);
    }
    override dataReceived(data: string): void {
      response += data;
    }
    override connectionLost(): void {
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
      if ((reason.value as Error)?.name === "DNSLookupError") {
        proc.stderr(`curl: (6) Could not resolve host: ${target!.host}\n`);
        proc.exit(6);
      } else {
        proc.stderr(`curl: (7) Failed to connect to ${target!.host} port ${target!.port}: Connection refused\n`);
        proc.exit(7);
      }
    }
  }
  proc.host.connectTCP(target.host, target.port, new RequestFactory(), 30);
};
