/**
 * Check scenarios over TLS, run on both drivers: the simulation (its own TLS)
 * and a Python twin on real Twisted (real TLS, with a certificate openssl
 * makes for the run). The same scenario gives the same transcript on both.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ChecksFileSchema, SimulatedDriver, runCheck } from "../../engine";
import { PythonTwinDriver, realTwistedAvailable } from "./python-twin-driver";

const checks = ChecksFileSchema.parse({
  checks: [
    {
      id: "https",
      title: "the same page over TLS and in the clear, and isSecure on each",
      scenario: [
        { certificate: "cert.pem", key: "key.pem" },
        { connect: "tls", port: 1443, tls: true },
        { send: "tls", data: "GET /moshez HTTP/1.0\r\n\r\n" },
        { expect: "tls", contains: "/moshez secure=True", state: "closed" },
        { connect: "plain", port: 1080 },
        { send: "plain", data: "GET /moshez HTTP/1.0\r\n\r\n" },
        { expect: "plain", contains: "/moshez secure=False", state: "closed" },
      ],
    },
    {
      id: "plain-to-tls",
      title: "plain text to the TLS port is closed without a byte",
      scenario: [
        { certificate: "cert.pem", key: "key.pem" },
        { connect: "plain", port: 1443 },
        { send: "plain", data: "GET / HTTP/1.0\r\n\r\n" },
        { expect: "plain", received: "", state: "closed" },
      ],
    },
    {
      id: "missing",
      title: "without the certificate the program fails to start",
      scenario: [{ expectStartError: "No such file or directory", also: ["cert.pem"] }],
    },
    {
      id: "wrongly-expects-start-error",
      title: "a program that starts fails an expectStartError",
      scenario: [{ certificate: "cert.pem", key: "key.pem" }, { expectStartError: "No such file or directory" }],
    },
  ],
}).checks;

const solution = `
import { endpoints, reactor } from "twisted/internet";
import { resource, server } from "twisted/web";
class Page extends resource.Resource {
  isLeaf = true;
  render_GET(request: server.Request) {
    return request.uri + " secure=" + (request.isSecure() ? "True" : "False");
  }
}
const site = new server.Site(new Page());
endpoints.serverFromString(reactor, "tcp:1080").listen(site);
endpoints.serverFromString(reactor, "ssl:port=1443:certKey=cert.pem:privateKey=key.pem").listen(site);
reactor.run();
`;

const twin = `
from twisted.internet import endpoints, reactor
from twisted.web import resource, server

class Page(resource.Resource):
    isLeaf = True
    def render_GET(self, request):
        return request.uri + b" secure=" + str(request.isSecure()).encode()

site = server.Site(Page())
endpoints.serverFromString(reactor, "tcp:1080").listen(site)
endpoints.serverFromString(reactor, "ssl:port=1443:certKey=cert.pem:privateKey=key.pem").listen(site)
reactor.run()
`;

function byId(id: string) {
  return checks.find((check) => check.id === id)!;
}

describe("check scenarios over TLS in the simulation", () => {
  it("connect with tls: true speaks TLS; a certificate: step makes the pair the ssl: endpoint reads", async () => {
    const run = await runCheck(new SimulatedDriver(solution, "web.ts"), byId("https"));
    expect(run.detail).not.toMatch(/Expected/);
    expect(run.passed).toBe(true);
  });

  it("a plain client on the TLS port is closed with nothing received", async () => {
    expect((await runCheck(new SimulatedDriver(solution, "web.ts"), byId("plain-to-tls"))).passed).toBe(true);
  });

  it("expectStartError passes when the program fails to start saying so, and fails when it starts", async () => {
    const missing = await runCheck(new SimulatedDriver(solution, "web.ts"), byId("missing"));
    expect(missing.passed).toBe(true);
    expect(missing.detail).toContain("No such file or directory: '/cert.pem'");
    const started = await runCheck(new SimulatedDriver(solution, "web.ts"), byId("wrongly-expects-start-error"));
    expect(started.passed).toBe(false);
    expect(started.detail).toContain("it started");
  });
});

const haveOpenssl = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

describe.skipIf(!realTwistedAvailable() || !haveOpenssl)("check scenarios over TLS with a Python twin on real Twisted", () => {
  const twinFile = () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "twin-")), "web.py");
    writeFileSync(file, twin);
    return file;
  };

  for (const id of ["https", "plain-to-tls", "missing", "wrongly-expects-start-error"]) {
    it(`"${byId(id).title}": the same verdict and transcript as the simulation`, async () => {
      const real = await runCheck(new PythonTwinDriver(solution, twinFile()), byId(id));
      const simulated = await runCheck(new SimulatedDriver(solution, "web.ts"), byId(id));
      expect(real.passed).toBe(simulated.passed);
      expect(real.transcript).toEqual(simulated.transcript);
    }, 30_000);
  }
});
