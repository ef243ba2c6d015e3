/**
 * `npm run serve -- FILE.tac.ts` runs an application configuration as
 * `twistd -ny` would: it loads the file, starts the application's services
 * (their ports open), runs until Ctrl-C, and exits with 1, saying why, when
 * the file defines no application.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { startServeGroup } from "../../test/support/raw-http";
import { REPO, freePort } from "../../test/support/serve-harness";

function tacFile(source: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "serve-tac-")), "app.tac.ts");
  fs.writeFileSync(file, source);
  return file;
}

describe("npm run serve with a .tac.ts", () => {
  it("starts the application's services, and stops them on Ctrl-C", async () => {
    const port = await freePort();
    const file = tacFile(`
import { service, strports } from "twisted/application";
import { protocol } from "twisted/internet";
export const application = service.Application("echo");
const factory = protocol.Factory.forProtocol(protocol.Protocol);
strports.service("tcp:${port}", factory).setServiceParent(service.IServiceCollection(application));
`);
    // Its own process group: stop() sends Ctrl-C, then kills the group.
    const served = await startServeGroup(REPO, file, port);
    await served.stop();
    const lines = served.output().split("\n").map((line) => line.replace(/^\S+ \S+ \[-\] /, ""));
    expect(served.child.exitCode).toBe(0);
    expect(lines).toContain("Loading app.tac.ts...");
    expect(lines).toContain("Loaded.");
    expect(lines.indexOf("Main loop terminated.")).toBeGreaterThan(lines.indexOf(`(TCP Port ${port} Closed)`));
  }, 30_000);

  it("exits with 1 and twistd's message when the file defines no application", () => {
    const file = tacFile('import { reactor } from "twisted/internet";\nconst unused = reactor;\n');
    const result = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), file], {
      cwd: REPO,
      encoding: "utf8",
      timeout: 30_000,
      killSignal: "SIGKILL",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Failed to load application: 'application'");
  }, 30_000);
});
