import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";

describe("a minified production bundle of the engine", () => {
  it("still shows Twisted's class names in logs and Failures", async () => {
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), "engine-")), "engine.mjs");
    await esbuild.build({ entryPoints: [path.join(import.meta.dirname, "..", "index.ts")], bundle: true, minify: true, format: "esm", platform: "node", outfile, logLevel: "error" });
    const engine = (await import(pathToFileURL(outfile).href)) as typeof import("../index");
    const world = new engine.World();
    world.start(
      `import { reactor, protocol, endpoints, error, defer } from "twisted/internet";
       import { failure } from "twisted/python";
       endpoints.serverFromString(reactor, "tcp:1079").listen(new protocol.ServerFactory());
       console.log(new failure.Failure(new error.ConnectionRefusedError()).getErrorMessage() && new failure.Failure(new error.ConnectionRefusedError()).type.name);
       console.log(new defer.CancelledError().name);
       console.log(defer.passthru.name);
       reactor.run();`,
      "names.ts",
    );
    expect(world.output.map((line) => line.text)).toEqual([
      "ServerFactory starting on 1079",
      "Starting factory <ServerFactory object>",
      "ConnectionRefusedError",
      "CancelledError",
      "passthru",
    ]);
  });

  it("still names the engine's classes a learner meets without importing them", async () => {
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), "engine-")), "engine.mjs");
    await esbuild.build({ entryPoints: [path.join(import.meta.dirname, "..", "index.ts")], bundle: true, minify: true, format: "esm", platform: "node", outfile, logLevel: "error" });
    const engine = (await import(pathToFileURL(outfile).href)) as typeof import("../index");
    const world = new engine.World();
    world.start(
      `import { reactor, protocol } from "twisted/internet";
       import { basic } from "twisted/protocols";
       class Silent extends basic.LineReceiver {}
       const call = reactor.callLater(5, () => {});
       console.log(call.constructor.name);
       call.cancel();
       try { new Silent().lineReceived("x"); } catch (e) { console.log(String(e)); }
       reactor.run();`,
      "names.ts",
    );
    expect(world.output.map((line) => line.text)).toEqual(["DelayedCall", "NotImplementedError: Silent.lineReceived is not implemented"]);
  });
});
