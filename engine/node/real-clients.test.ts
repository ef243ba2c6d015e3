/**
 * The real-network reactor against real clients nobody here wrote: OpenBSD
 * nc and Debian's finger, on 127.0.0.1, with the very program the browser
 * runs (fixtures/finger.ts) started by `npm run serve`. Skips with a clear
 * message when a client is missing; CI installs both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as net from "node:net";
import { fixtureOnPort, freePort, have, runClient, startServe, type Served } from "../../test/support/serve-harness";

const haveNc = have("nc");
const haveFinger = have("finger");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

async function port79Free(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(79, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe.skipIf(!haveNc)(haveNc ? "npm run serve with nc as the client" : "npm run serve with nc (SKIPPED: nc not installed; apt-get install netcat-openbsd)", () => {
  let served: Served;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    served = await startServe(fixtureOnPort("finger.ts", port), port);
  }, 30000);
  afterAll(async () => {
    await served?.interrupt();
  });

  it("answers moshez with exactly 'Happy and well\\r\\n' and closes", async () => {
    const run = await runClient("nc", ["-N", "127.0.0.1", String(port)], ["moshez\r\n"]);
    expect(run.stdout).toBe("Happy and well\r\n");
    expect(run.code).toBe(0);
  });

  it("answers a line split across two writes 0.3 s apart once, after the second part", async () => {
    const run = await runClient("nc", ["-N", "127.0.0.1", String(port)], ["mos", "hez\r\n"], 300);
    expect(run.stdout).toBe("Happy and well\r\n");
    expect(run.seconds).toBeGreaterThanOrEqual(0.3);
  });

  it("says 'No such user' for anyone else", async () => {
    const run = await runClient("nc", ["-N", "127.0.0.1", String(port)], ["nobody\r\n"]);
    expect(run.stdout).toBe("No such user\r\n");
  });

  it("closes without a reply on a bare-LF line and a half-close (nc without -C)", async () => {
    const run = await runClient("nc", ["-N", "127.0.0.1", String(port)], ["moshez\n"]);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(0);
  });

  it("a slow answer does not delay a second client", async () => {
    // Without -N, nc does not half-close at the end of its input (a half-close would make the server hang up).
    const slow = runClient("nc", ["127.0.0.1", String(port)], ["slowpoke\r\n"]);
    await new Promise((r) => setTimeout(r, 100));
    const fast = await runClient("nc", ["-N", "127.0.0.1", String(port)], ["moshez\r\n"]);
    const slowRun = await slow;
    expect(fast.stdout).toBe("Happy and well\r\n");
    expect(fast.seconds).toBeLessThan(0.6);
    expect(slowRun.stdout).toBe("Sorry, I was napping\r\n");
    expect(slowRun.seconds).toBeGreaterThanOrEqual(0.9);
  });

  it("Ctrl-C stops the server: an open connection hears connectionLost, the port closes, exit 0", async () => {
    const hanging = runClient("nc", ["127.0.0.1", String(port)], [], 0, 6000);
    await new Promise((r) => setTimeout(r, 300));
    const code = await served.interrupt();
    const client = await hanging;
    expect(code).toBe(0);
    expect(client.stdout).toBe("");
    expect(served.stdout).toMatch(/Received SIGINT, shutting down\./);
    expect(served.stdout).toMatch(/connection lost: ConnectionLost/);
    expect(served.stdout).toMatch(new RegExp(`\\(TCP Port ${port} Closed\\)[\\s\\S]*Main loop terminated\\.`));
  }, 15000);
});

/**
 * Runs finger with its stdout on a pipe, as in a shell. (Debian's finger
 * turns CRLF into LF on a pipe, but keeps CRLF when stdout is a socket, which
 * is what Node's spawn gives a child.)
 */
function finger(args: string) {
  return runClient("sh", ["-c", `finger ${args} | cat`]);
}

const fingerReady = haveFinger && isRoot;
const fingerTitle = !haveFinger
  ? "npm run serve on port 79 with Debian's finger (SKIPPED: finger not installed; apt-get install finger)"
  : !isRoot
    ? "npm run serve on port 79 with Debian's finger (SKIPPED: port 79 needs root; the nc tests cover the lesson port)"
    : "npm run serve on port 79 with Debian's finger";

describe.skipIf(!fingerReady)(fingerTitle, () => {
  let served: Served | null = null;
  let free = false;
  beforeAll(async () => {
    free = await port79Free();
    if (free) served = await startServe(fixtureOnPort("finger.ts", 79), 79);
    else console.warn("finger tests SKIPPED: port 79 on 127.0.0.1 is already in use");
  }, 30000);
  afterAll(async () => {
    await served?.interrupt();
  });

  it("finger moshez@127.0.0.1 prints the answer with CRLF turned into LF", async (ctx) => {
    if (!free) ctx.skip();
    const run = await finger("moshez@127.0.0.1");
    expect(run.stdout).toBe("Happy and well\n");
    expect(run.code).toBe(0);
  });

  it("finger -l sends '/W moshez', which this server does not know", async (ctx) => {
    if (!free) ctx.skip();
    const run = await finger("-l moshez@127.0.0.1");
    expect(run.stdout).toBe("No such user\n");
  });

  it("finger @127.0.0.1 sends an empty line", async (ctx) => {
    if (!free) ctx.skip();
    const run = await finger("@127.0.0.1");
    expect(run.stdout).toBe("No such user\n");
  });
});
