/**
 * xmlrpc URL METHOD [ARG...]: the course terminal's XML-RPC client, for the
 * tutorial's fingerXRclient.py. It does what
 * `print(xmlrpc.client.ServerProxy(URL).METHOD(ARG, ...))` does in Python:
 * POSTs a methodCall (each ARG sent as a string) and prints the result as
 * print() shows it (a string as it is, a list or a dict as Python writes
 * them). A Fault and an HTTP error are printed as Python names them
 * (`<Fault 8001: 'procedure x not found'>`,
 * `<ProtocolError for localhost:8000/RPC2: 405 Method Not Allowed>`), with
 * exit code 1. The request is HTTP/1.0, so the server closes after answering.
 */
import type { Failure } from "../twisted/python/failure";
import { ClientFactory, Protocol } from "../twisted/internet/protocol";
import { pyValueRepr } from "../twisted/python/reprs";
import { Binary, DateTime, Fault, dumps, loads } from "../twisted/web/xmlrpc-codec";
import type { ProcessContext, SimulatedCommand } from "./commands";
import { parseHttpUrl } from "./curl-command";

const USAGE = "usage: xmlrpc URL METHOD [ARG...]   e.g. xmlrpc http://localhost:8000/RPC2 getUser moshez\n";

/** A decoded XML-RPC value as Python's repr() writes it (inside a list or a dict). */
export function pythonRepr(value: unknown): string {
  return pyValueRepr(value, (v) => (v instanceof Binary ? "<xmlrpc.client.Binary>" : v instanceof DateTime ? `<DateTime '${v.value}'>` : undefined));
}

/** What print() shows for a result: a string as it is, anything else as its repr. */
export function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

export const xmlrpcCommand: SimulatedCommand = (proc: ProcessContext) => {
  const [url, method, ...args] = proc.args;
  if (!url || !method || url.startsWith("-")) {
    proc.stderr(USAGE);
    return 2;
  }
  const target = parseHttpUrl(url);
  if (!target || !/^[A-Za-z_][\w.]*$/.test(method)) {
    proc.stderr(target ? `xmlrpc: ${method}: not a method name\n` : `xmlrpc: ${url}: not an http:// URL\n`);
    return 2;
  }
  const body = dumps(args, method);
  const hostHeader = target.port === 80 ? target.host : `${target.host}:${target.port}`;
  const request =
    `POST ${target.path} HTTP/1.0\r\nHost: ${hostHeader}\r\nUser-Agent: xmlrpc (course terminal)\r\n` +
    `Content-Type: text/xml\r\nContent-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`;
  let response = "";
  class Call extends Protocol {
    override connectionMade(): void {
      this.transport?.write(request);
    }
    override dataReceived(data: string): void {
      response += data;
    }
    override connectionLost(): void {
      proc.exit(report(proc, response, `${hostHeader}${target!.path}`));
    }
  }
  class CallFactory extends ClientFactory {
    override noisy = false;
    override protocol = Call;
    override clientConnectionFailed(_connector: unknown, reason: Failure): void {
      const dns = (reason.value as Error)?.name === "DNSLookupError";
      proc.stderr(dns ? "socket.gaierror: [Errno -2] Name or service not known\n" : "ConnectionRefusedError: [Errno 111] Connection refused\n");
      proc.exit(1);
    }
  }
  proc.host.connectTCP(target.host, target.port, new CallFactory(), 30);
};

/** Prints the answer in `response` as Python's client would; returns the exit code. */
function report(proc: ProcessContext, response: string, where: string): number {
  const split = response.indexOf("\r\n\r\n");
  const status = /^HTTP\/\d\.\d (\d{3}) ?([^\r\n]*)/.exec(response);
  if (!status || split < 0) {
    proc.stderr("http.client.RemoteDisconnected: Remote end closed connection without response\n");
    return 1;
  }
  if (status[1] !== "200") {
    proc.stderr(`xmlrpc.client.ProtocolError: <ProtocolError for ${where}: ${status[1]} ${status[2]}>\n`);
    return 1;
  }
  try {
    const [params] = loads(response.slice(split + 4));
    proc.stdout(`${pythonStr(params[0])}\n`);
    return 0;
  } catch (thrown) {
    if (thrown instanceof Fault) proc.stderr(`xmlrpc.client.Fault: ${thrown.message}\n`);
    else proc.stderr(`xmlrpc: the answer is not XML-RPC: ${(thrown as Error).message}\n`);
    return 1;
  }
}
