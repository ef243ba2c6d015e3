/**
 * TLS on the real-network reactor, in this process: listenSSL with a
 * certificate openssl makes for the run, and connectSSL to it, with and
 * without checking the certificate. Every wait is bounded; ports are free ones.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installReactor } from "../twisted/internet/reactor";
import type { IReactor } from "../twisted/internet/interfaces";
import { ISSLTransport } from "../twisted/internet/interfaces";
import { Protocol } from "../twisted/internet/protocol";
import { Certificate, ClientContextFactory, DefaultOpenSSLContextFactory, optionsForClientTLS } from "../twisted/internet/ssl";
import { RecordingClientFactory, RecordingProtocol, serverFactory } from "../../test/support/simulation";
import { freePort, have } from "../../test/support/serve-harness";
import { NodeReactor } from "./node-reactor";
import type { NodePort } from "./node-tcp";

let reactor: NodeReactor;
let previous: IReactor;
let dir = "";

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Answers each line with whether the connection is TLS, then closes. */
class Answer extends Protocol {
  override dataReceived(data: string): void {
    this.transport!.write(`${data.trim()} over TLS: ${ISSLTransport.providedBy(this.transport)}`);
    this.transport!.loseConnection();
  }
}

describe.skipIf(!have("openssl"))("listenSSL and connectSSL on the real-network reactor", () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "node-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-nodes", "-subj", "/CN=localhost"], { cwd: dir, stdio: "ignore" });
    reactor = new NodeReactor({ installSignalHandlers: false });
    previous = installReactor(reactor);
    reactor.run();
  });
  afterAll(() => {
    installReactor(previous);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves TLS with DefaultOpenSSLContextFactory's files: a client that checks nothing and one that trusts the certificate talk to it, one that trusts only the platform is refused, and the port then closes", async () => {
    const port = await freePort();
    const context = new DefaultOpenSSLContextFactory(path.join(dir, "key.pem"), path.join(dir, "cert.pem"));
    const served = serverFactory(() => new Answer());
    const listening = reactor.listenSSL(port, served, context, 50, "127.0.0.1") as NodePort;
    await until(() => listening.listening);
    expect(listening._type).toBe("TLS");

    const sending = (line: string) =>
      new RecordingClientFactory(() => {
        const protocol = new RecordingProtocol();
        protocol.connectionMade = () => protocol.transport!.write(line);
        return protocol;
      });
    const loose = sending("loose\r\n");
    reactor.connectSSL("127.0.0.1", port, loose, new ClientContextFactory());
    await until(() => loose.built[0]?.lost != null);
    expect(loose.built[0]!.received).toBe("loose over TLS: true");

    const trusting = sending("moshez\r\n");
    const root = Certificate.loadPEM(fs.readFileSync(path.join(dir, "cert.pem"), "utf8"));
    reactor.connectSSL("localhost", port, trusting, optionsForClientTLS("localhost", root));
    await until(() => trusting.built[0]?.lost != null);
    expect(trusting.built[0]!.received).toBe("moshez over TLS: true");

    const strict = new RecordingClientFactory();
    reactor.connectSSL("127.0.0.1", port, strict, optionsForClientTLS("localhost"));
    await until(() => strict.events.some((event) => event.startsWith("clientConnectionFailed")));
    // Checking against the platform's roots refuses the self-signed certificate; the refused connection does not linger.
    expect(strict.built).toEqual([]);
    await listening.stopListening();
  }, 20_000);
});
