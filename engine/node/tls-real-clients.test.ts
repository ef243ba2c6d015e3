/**
 * Stage 8 under `npm run serve` against real TLS peers: the recap's program
 * (one Site on a plain port and on an ssl: port) with a certificate openssl
 * makes for the run in a temporary working directory. curl -k and openssl
 * s_client complete a real TLS handshake; plain text to the TLS port is
 * closed without a byte; a missing cert.pem stops the program as it starts.
 * Ports are free ones; the server runs in its own process group and is
 * killed after. Skips, saying why, without curl or openssl.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchange, startServeGroup, type ServedGroup } from "../../test/support/raw-http";
import { REPO, freePort, have, runClient } from "../../test/support/serve-harness";

const program = path.join(REPO, "lessons/12-finger-stage-8/03-recap/solution/finger.tac.ts");
const ready = have("curl") && have("openssl");

/** The recap's ports moved to free ones, no uid switch (the test need not be root), no real IRC network. */
function replacements(ports: { finger: number; web: number; tls: number; pb: number }): Record<string, string> {
  return {
    '"tcp:79"': `"tcp:${ports.finger}"`,
    '"tcp:8000"': `"tcp:${ports.web}"`,
    "ssl:port=443:": `ssl:port=${ports.tls}:`,
    '"tcp:8889"': `"tcp:${ports.pb}"`,
    "tcp:irc.freenode.org:6667": "tcp:127.0.0.1:1",
    'service.Application("finger", { uid: 1, gid: 1 })': 'service.Application("finger")',
  };
}

async function freePorts() {
  return { finger: await freePort(), web: await freePort(), tls: await freePort(), pb: await freePort() };
}

describe.skipIf(!ready)(ready ? "stage 8's Site over real TLS, with curl and openssl s_client" : "stage 8 over real TLS (SKIPPED: curl or openssl not installed)", () => {
  let served: ServedGroup;
  let ports: Awaited<ReturnType<typeof freePorts>>;
  let dir = "";
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stage8-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-keyout", "key.pem", "-out", "cert.pem", "-days", "365", "-nodes", "-subj", "/CN=localhost"], { cwd: dir, stdio: "ignore" });
    fs.writeFileSync(path.join(dir, "users"), "moshez: happy and well\nshawn: alive\n");
    ports = await freePorts();
    served = await startServeGroup(REPO, program, ports.tls, 30_000, { ...replacements(ports), '"/etc/users"': `"${path.join(dir, "users")}"` }, dir);
  }, 40_000);
  afterAll(async () => {
    await served?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 15_000);

  it("logs the TLS port as Twisted does: Site (TLS) starting on PORT", () => {
    expect(served.output()).toContain(`Site (TLS) starting on ${ports.tls}`);
  });

  it("curl -k gets the same page over HTTPS as over HTTP, and isSecure() tells them apart", async () => {
    const secure = await runClient("curl", ["--silent", "--show-error", "-k", "--max-time", "5", `https://127.0.0.1:${ports.tls}/moshez`]);
    const plain = await runClient("curl", ["--silent", "--show-error", "--max-time", "5", `http://127.0.0.1:${ports.web}/moshez`]);
    expect(secure.stderr).toBe("");
    expect(secure.stdout).toBe("<html><head><title>moshez</title></head><body><h1>moshez</h1><p>happy and well</p><p>(sent over TLS)</p></body></html>");
    expect(plain.stdout).toBe("<html><head><title>moshez</title></head><body><h1>moshez</h1><p>happy and well</p><p>(sent in the clear)</p></body></html>");
  });

  it("curl without -k refuses the self-signed certificate (exit 60)", async () => {
    const run = await runClient("curl", ["--silent", "--show-error", "--max-time", "5", `https://127.0.0.1:${ports.tls}/moshez`]);
    expect(run.code).toBe(60);
  });

  it("openssl s_client completes a TLS handshake and sees the self-signed localhost certificate", async () => {
    const run = await runClient("openssl", ["s_client", "-connect", `127.0.0.1:${ports.tls}`, "-servername", "localhost"], [], 0, 8000);
    const all = run.stdout + run.stderr;
    expect(all).toMatch(/subject=\/?CN ?= ?localhost/);
    expect(all).toContain("TLSv1.3");
    expect(all).toContain("Verify return code: 18 (self-signed certificate)");
  });

  it("plain HTTP sent to the TLS port is closed with 0 bytes", async () => {
    const answer = await exchange(ports.tls, ["GET /moshez HTTP/1.0\r\n\r\n"]);
    expect(answer).toEqual({ response: "", closed: true });
  });
});

describe.skipIf(!have("openssl"))("stage 8 without its certificate", () => {
  it("stops as it starts with Twisted's FileNotFoundError, naming the full path", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stage8-nocert-"));
    const ports = await freePorts();
    const copy = path.join(dir, "finger.tac.ts");
    const source = Object.entries(replacements(ports)).reduce((text, [from, to]) => text.split(from).join(to), fs.readFileSync(program, "utf8"));
    fs.writeFileSync(copy, source);
    const result = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), copy], {
      cwd: dir,
      encoding: "utf8",
      timeout: 30_000,
      killSignal: "SIGKILL",
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain(`FileNotFoundError: [Errno 2] No such file or directory: '${fs.realpathSync(os.tmpdir())}/${path.basename(dir)}/cert.pem'`);
  }, 40_000);
});
