import { describe, expect, it } from "vitest";
import { World } from "./world";
import { isTacFile } from "./twistd";
import { ServerFactory } from "../twisted/internet/protocol";
import * as reactorModule from "../twisted/internet/reactor";

const installedReactor = () => reactorModule.reactor;

const FINGER_TAC = `
import { defer, protocol } from "twisted/internet";
import { basic } from "twisted/protocols";
import { service, strports } from "twisted/application";

class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    this.factory.getUser(user).addCallback((message: string) => {
      this.transport!.write(message + "\\r\\n");
      this.transport!.loseConnection();
    });
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
  getUser(user: string) {
    return defer.succeed(user === "moshez" ? "Happy and well" : "No such user");
  }
}

export const application = service.Application("finger", { uid: 1, gid: 1 });
strports.service("tcp:79", new FingerFactory()).setServiceParent(service.IServiceCollection(application));
`;

function logLines(world: World): string[] {
  return world.output.map((line) => `${line.stream}: ${line.text}`);
}

function runFinger(world: World, argv: string[]): Promise<string> {
  return new Promise((resolve) => {
    let out = "";
    world.exec(argv, { onStdout: (text) => (out += text), onExit: () => resolve(out) });
    world.advance(1);
  });
}

describe("twistd -ny for .tac.ts files", () => {
  it("recognises application configurations by their name", () => {
    expect([isTacFile("finger.tac.ts"), isTacFile("finger.ts"), isTacFile("tac.ts")]).toEqual([true, false, false]);
  });

  it("loads the file, binds its ports, sheds privileges, then starts the services, logging as twistd does", () => {
    const world = new World();
    expect(world.start(FINGER_TAC, "finger.tac.ts")).toEqual({ status: "running" });
    expect(logLines(world)).toEqual([
      "log: Loading finger.tac.ts...",
      "log: Loaded.",
      "log: twistd 22.4.0 (simulated Twisted) starting up.",
      "log: reactor class: SimulatedReactor.",
      "log: FingerFactory starting on 79",
      "log: Starting factory <FingerFactory object>",
      "log: set uid/gid 1/1",
    ]);
    expect(world.listeningPorts()).toMatchObject([{ port: 79, owner: "FingerFactory" }]);
    expect(world.reactorRunning).toBe(true);
  });

  it("serves on port 79: the terminal's finger moshez@localhost prints the status", async () => {
    const world = new World();
    world.start(FINGER_TAC, "finger.tac.ts");
    expect(await runFinger(world, ["finger", "moshez@localhost"])).toBe("Happy and well\n");
    expect(await runFinger(world, ["finger", "nobody@localhost"])).toBe("No such user\n");
  });

  it("SIGTERM stops the services (the port closes) and then the main loop", () => {
    const world = new World();
    world.start(FINGER_TAC, "finger.tac.ts");
    const before = world.output.length;
    world.signal("SIGTERM");
    world.advance(1);
    expect(logLines(world).slice(before)).toEqual([
      "log: Received SIGTERM, shutting down.",
      "log: (TCP Port 79 Closed)",
      "log: Stopping factory <FingerFactory object>",
      "log: Main loop terminated.",
    ]);
    expect(world.listeningPorts()).toEqual([]);
    expect(world.reactorRunning).toBe(false);
    const late = world.connect("localhost", 79);
    world.advance(1);
    expect(late.state).toBe("refused");
  });

  it("a file without an exported application fails to load, with twistd's explanation", () => {
    const world = new World();
    const outcome = world.start(FINGER_TAC.replace("export const application", "const application"), "finger.tac.ts");
    expect(outcome.status).toBe("error");
    expect(outcome.status === "error" && outcome.error.message).toMatch(/^Failed to load application: 'application'\nCould not find 'application' in the file/);
    expect(world.reactorRunning).toBe(false);
  });

  it("an exception while loading is reported as twistd does, at the learner's line", () => {
    const world = new World();
    const outcome = world.start('import { service } from "twisted/application";\nthrow new Error("boom");\n', "finger.tac.ts");
    expect(outcome).toEqual({
      status: "error",
      error: { kind: "exception", message: "Failed to load application: Error: boom", location: { file: "finger.tac.ts", line: 2, column: 7 } },
    });
  });

  it("a taken port stops twistd before it sheds privileges", () => {
    const world = new World();
    // Inside enter(), the installed reactor is the world's.
    world.enter(() => installedReactor().listenTCP(79, new ServerFactory()));
    const outcome = world.start(FINGER_TAC, "finger.tac.ts");
    expect(outcome.status === "error" && outcome.error.message).toBe("CannotListenError: Couldn't listen on any:79: [Errno 98] Address already in use.");
    expect(logLines(world).join("\n")).not.toContain("set uid/gid");
  });

  it("an application without a uid or gid keeps its privileges, and print goes to the log", () => {
    const world = new World();
    world.start(FINGER_TAC.replace("{ uid: 1, gid: 1 }", "").replace("export const", 'console.log("configuring");\nexport const'), "finger.tac.ts");
    const lines = logLines(world);
    expect(lines).toContain("log: configuring");
    expect(lines.join("\n")).not.toContain("set uid/gid");
    expect(world.listeningPorts()).toMatchObject([{ port: 79 }]);
  });

  it("a file that runs the reactor itself never gets past loading, as in real twistd", () => {
    const world = new World();
    const script = FINGER_TAC.replace(/export const application[\s\S]*$/, 'import { endpoints, reactor } from "twisted/internet";\nendpoints.serverFromString(reactor, "tcp:1079").listen(new FingerFactory());\nreactor.run();\n');
    expect(world.start(script, "finger.tac.ts")).toEqual({ status: "running" });
    expect(logLines(world)).toEqual(["log: Loading finger.tac.ts...", "log: FingerFactory starting on 1079", "log: Starting factory <FingerFactory object>"]);
    world.signal("SIGTERM");
    world.advance(1);
    expect(logLines(world).join("\n")).toContain("error: Failed to load application: 'application'");
  });
});
