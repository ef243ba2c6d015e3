import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";

/** finger22's web part: one Site on tcp:8000 and on ssl:443, showing whether each request came over TLS. */
const stage8 = `
import { endpoints, reactor } from "twisted/internet";
import { resource, server } from "twisted/web";
class Page extends resource.Resource {
  isLeaf = true;
  render_GET(request: server.Request) {
    return request.uri + " secure=" + request.isSecure() + " port=" + request.getHost().port;
  }
}
const site = new server.Site(new Page());
endpoints.serverFromString(reactor, "tcp:8000").listen(site);
endpoints.serverFromString(reactor, "ssl:port=443:certKey=cert.pem:privateKey=key.pem").listen(site);
reactor.run();
`;

function run(world: World, argv: string[]) {
  const handle = world.exec(argv);
  world.advanceTo(world.seconds() + 5, () => handle.ended);
  return handle;
}

function worldWithCertificate(options: ConstructorParameters<typeof World>[0] = {}): World {
  const world = new World(options);
  const made = run(world, ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-keyout", "key.pem", "-out", "cert.pem", "-days", "365", "-nodes", "-subj", "/CN=localhost"]);
  expect(made.exitCode).toBe(0);
  return world;
}

describe("TLS on the simulated network", () => {
  it("openssl req writes a self-signed certificate and key that openssl x509 reads back", () => {
    const world = worldWithCertificate();
    expect(world.readFile("/cert.pem")).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    expect(world.readFile("/key.pem")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(run(world, ["openssl", "x509", "-in", "cert.pem", "-noout", "-subject"]).stdout).toBe("subject=CN = localhost\n");
  });

  it("serves the same Site over HTTP and HTTPS; isSecure() is true only on the TLS port", () => {
    const world = worldWithCertificate();
    world.start(stage8, "finger22.ts");
    expect(world.output.map((line) => line.text).join("\n")).toContain("Site (TLS) starting on 443");
    expect(run(world, ["curl", "http://localhost:8000/moshez"]).stdout).toBe("/moshez secure=false port=8000");
    const secure = run(world, ["curl", "-k", "https://localhost/moshez"]);
    expect(secure.stderr).toBe("");
    expect(secure.stdout).toBe("/moshez secure=true port=443");
  });

  it("curl without -k refuses the self-signed certificate, with curl's exit code 60", () => {
    const world = worldWithCertificate();
    world.start(stage8, "finger22.ts");
    const handle = run(world, ["curl", "https://localhost/moshez"]);
    expect(handle.exitCode).toBe(60);
    expect(handle.stderr).toMatch(/^curl: \(60\) SSL certificate problem: self-signed certificate\n/);
  });

  it("puts records on the wire, not the request: the bytes the server's TCP side receives are ciphertext", () => {
    const world = worldWithCertificate({ record: {} });
    world.start(stage8, "finger22.ts");
    const client = world.connect("localhost", 443);
    world.advance(1);
    client.send("GET /moshez HTTP/1.0\r\n\r\n");
    world.advance(1);
    // A plain-text client on the TLS port: closed with 0 bytes, as Twisted closes it.
    expect(client.received).toBe("");
    expect(client.state).toBe("closed");
    // Everything that crossed the network on 443 starts with a TLS record header.
    const handle = run(world, ["curl", "-k", "https://localhost/secret-path"]);
    expect(handle.stdout).toBe("/secret-path secure=true port=443");
    // The reactor's view of the network: TLS connections, bytes in flight, never the request itself.
    const network = world.trace.filter((event) => event.type === "reactor.event" || event.type === "reactor.snapshot");
    expect(network.filter((event) => JSON.stringify(event).includes("GET /secret-path"))).toEqual([]);
    expect(JSON.stringify(network)).toContain('"protocol":"TLSMemoryBIOProtocol"');
  });

  it("the same seed gives the same ciphertext", () => {
    const bytesOf = () => {
      const world = worldWithCertificate();
      world.start(stage8, "finger22.ts");
      const client = world.connect("localhost", 443, undefined);
      world.advance(1);
      client.send(new Uint8Array([22, 3, 1, 0, 45, 1, 0, 0, 41, 3, 3, ...new Array(32).fill(7), 0, 0, 2, 19, 2, 1, 0]));
      world.advance(1);
      return client.received;
    };
    const first = bytesOf();
    expect(first.length).toBeGreaterThan(40);
    expect(bytesOf()).toBe(first);
  });

  it("a missing cert.pem fails at start with Twisted's FileNotFoundError, the path made absolute", () => {
    const world = new World();
    const outcome = world.start(stage8, "finger22.ts");
    const text = world.output.map((line) => line.text).join("\n") + JSON.stringify(outcome);
    expect(text).toContain("FileNotFoundError: [Errno 2] No such file or directory: '/cert.pem'");
  });

  it("a key that is not the certificate's fails with VerifyError; a file without PEM with OpenSSL's error", () => {
    const world = worldWithCertificate();
    run(world, ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-keyout", "other.pem", "-out", "othercert.pem", "-nodes", "-subj", "/CN=x"]);
    const mismatched = stage8.replace("privateKey=key.pem", "privateKey=other.pem");
    world.start(mismatched, "finger22.ts");
    expect(world.output.map((line) => line.text).join("\n")).toContain("VerifyError: Certificate public and private keys do not match.");
    const junk = new World();
    junk.writeFile("/cert.pem", "junk\n");
    junk.writeFile("/key.pem", "junk\n");
    junk.start(stage8, "finger22.ts");
    expect(junk.output.map((line) => line.text).join("\n")).toContain("[('PEM routines', '', 'no start line')]");
  });
});

describe("ssl: endpoint descriptions, as Twisted reads them", () => {
  it("without privateKey the key and certificate are looked for in server.pem", () => {
    const world = new World();
    world.start(`import { endpoints, protocol, reactor } from "twisted/internet";
endpoints.serverFromString(reactor, "ssl:4443");
`, "bare.ts");
    expect(world.output.map((line) => line.text).join("\n")).toContain("FileNotFoundError: [Errno 2] No such file or directory: '/server.pem'");
  });

  it("a client from \"ssl:host=...:port=...\" talks to the TLS port without checking the certificate; with hostname= it checks, and a self-signed one fails", () => {
    const world = worldWithCertificate();
    const client = (description: string) => `
import { endpoints, protocol, reactor } from "twisted/internet";
class Get extends protocol.Protocol {
  got = "";
  connectionMade() { this.transport!.write("GET /from-client HTTP/1.0\\r\\n\\r\\n"); }
  dataReceived(data: string) { this.got += data; }
  connectionLost(reason: any) { console.log("body: " + this.got.split("\\r\\n\\r\\n")[1] + " / " + reason.getErrorMessage()); }
}
endpoints.connectProtocol(endpoints.clientFromString(reactor, "${description}"), new Get());
reactor.run();
`;
    const other = new World({ files: { "/cert.pem": world.readFile("/cert.pem"), "/key.pem": world.readFile("/key.pem") } });
    other.start(stage8.replace("reactor.run();", "") + client("ssl:host=localhost:port=443"), "both.ts");
    other.advance(3);
    expect(other.output.map((line) => line.text).join("\n")).toContain("body: /from-client secure=true port=443 / Connection was closed cleanly.");
    const checking = new World({ files: { "/cert.pem": world.readFile("/cert.pem"), "/key.pem": world.readFile("/key.pem") } });
    checking.start(stage8.replace("reactor.run();", "") + client("ssl:host=localhost:port=443:hostname=localhost"), "both.ts");
    checking.advance(3);
    expect(checking.output.map((line) => line.text).join("\n")).toContain("body: undefined / [('SSL routines', '', 'certificate verify failed')]");
  });
});

describe("reactor.listenSSL with ssl.DefaultOpenSSLContextFactory", () => {
  const program = `
import { reactor, ssl } from "twisted/internet";
import { resource, server } from "twisted/web";
class Page extends resource.Resource {
  isLeaf = true;
  render_GET(request: server.Request) { return "secure=" + request.isSecure(); }
}
reactor.listenSSL(4443, new server.Site(new Page()), new ssl.DefaultOpenSSLContextFactory("key.pem", "cert.pem"));
reactor.run();
`;

  it("serves TLS with the two files, and says '(TLS Port 4443 Closed)' when it stops", () => {
    const world = worldWithCertificate();
    world.start(program, "listen.ts");
    expect(run(world, ["curl", "-k", "https://localhost:4443/"]).stdout).toBe("secure=true");
    world.signal("SIGTERM");
    world.advance(1);
    expect(world.output.map((line) => line.text)).toContain("(TLS Port 4443 Closed)");
  });

  it("without the files, fails as pyOpenSSL does", () => {
    const world = new World();
    world.start(program, "listen.ts");
    expect(world.output.map((line) => line.text).join("\n")).toContain("[('system library', '', ''), ('BIO routines', '', 'system lib'), ('SSL routines', '', 'system lib')]");
  });
});
