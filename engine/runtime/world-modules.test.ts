import { describe, expect, it } from "vitest";
import { World } from "./world";
import { runChecks } from "../checks/run-checks";
import type { Check } from "../checks/scenario";

/** A finger library in a module of its own, as lessons/14-finger-stage-10 has it. */
const LIBRARY = `
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

export class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
  constructor(private users: Record<string, string>) {
    super();
  }
  getUser(user: string) {
    return defer.succeed(this.users[user] ?? "No such user");
  }
}

export function makeService(config: { users: Record<string, string>; port: number }): service.MultiService {
  const s = new service.MultiService();
  strports.service("tcp:" + config.port, new FingerFactory(config.users)).setServiceParent(s);
  return s;
}
`;

const TAC = `
import { service } from "twisted/application";
import * as finger from "./finger/finger";

export const application = service.Application("finger");
finger.makeService({ users: { moshez: "Happy and well" }, port: 79 }).setServiceParent(service.IServiceCollection(application));
`;

function ask(world: World, port: number, line: string): string {
  const client = world.connect("localhost", port);
  world.runUntilIdle();
  client.send(line);
  world.advanceTo(5, () => client.state === "closed");
  return client.received;
}

describe("a program's own modules on its host", () => {
  it("a .tac imports its library from the file beside it and runs what the library builds", () => {
    const world = new World({ files: { "/finger/finger.ts": LIBRARY } });
    expect(world.start(TAC, "simple-finger.tac.ts")).toEqual({ status: "running" });
    expect(ask(world, 79, "moshez\r\n")).toBe("Happy and well\r\n");
  });

  it("a program finds a module by a bare name from its folder too, and runs each module once", () => {
    const counter = `export let loads = 0;\nloads++;\nconsole.log("counter loaded");\n`;
    const program = `import * as a from "./counter";\nimport * as b from "counter";\nconsole.log(a === b, a.loads);\n`;
    const world = new World({ files: { "/counter.ts": counter } });
    world.start(program, "program.ts");
    expect(world.output.map((line) => line.text)).toEqual(["counter loaded", "true 1"]);
  });

  it("without the module the program stops at its import, naming the module", () => {
    const world = new World();
    const outcome = world.start(TAC, "simple-finger.tac.ts");
    expect(outcome.status).toBe("error");
    expect(world.output.map((line) => line.text).join("\n")).toContain("No module named './finger/finger'");
  });

  it("a module that throws as it loads is reported at its own file and line", () => {
    const broken = `export const ok = 1;\nthrow new Error("the library is broken");\n`;
    const world = new World({ files: { "/finger/finger.ts": broken } });
    const outcome = world.start(TAC, "simple-finger.tac.ts");
    expect(outcome).toMatchObject({ status: "error", error: { location: { file: "finger/finger.ts", line: 2 } } });
    expect(world.output.map((line) => line.text).join("\n")).toContain("the library is broken");
  });

  it("a module that loops for ever is stopped by the block guard, which names no line of the module as the program's", () => {
    const looping = `export function spin() {\n  for (;;) {}\n}\n`;
    const program = `import { reactor } from "twisted/internet";\nimport * as lib from "./lib";\nreactor.callLater(1, () => lib.spin());\nreactor.run();\n`;
    const world = new World({ files: { "/lib.ts": looping } });
    expect(world.start(program, "program.ts")).toEqual({ status: "running" });
    world.advance(2);
    expect(world.blocked).not.toBeNull();
    expect(world.blocked!.line).toBe(3);
  });

  it("checks run with the step's modules beside the program, and fail without them", async () => {
    const check: Check = {
      id: "moshez",
      title: "finger moshez",
      scenario: [
        { connect: "c", port: 79, host: "localhost" },
        { send: "c", data: "moshez\r\n" },
        { expect: "c", received: "Happy and well\r\n", state: "closed", within: 5 },
      ],
      onFail: "",
    } as unknown as Check;
    const [withLibrary] = await runChecks(TAC, "simple-finger.tac.ts", [check], { files: { "finger/finger.ts": LIBRARY } });
    expect(withLibrary!.passed).toBe(true);
    const [without] = await runChecks(TAC, "simple-finger.tac.ts", [check]);
    expect(without!.passed).toBe(false);
    expect(without!.detail).toContain("No module named './finger/finger'");
  });
});
