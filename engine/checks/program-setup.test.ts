/**
 * A step's program started by a command line beside other files (stage 11:
 * `twistd -n finger --file=/etc/users` with finger/tap.ts and a plugin), in
 * checks and in the World; and SIGINT to every twistd the terminal started,
 * as the Stop button sends it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";
import { SimulatedDriver, commandLine } from "./driver";
import { runChecks } from "./run-checks";
import { ChecksFileSchema } from "./scenario";

const FIXTURE = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../test/fixtures/twistd-finger");
const TAP = fs.readFileSync(path.join(FIXTURE, "finger/tap.ts"), "utf8");
const PLUGIN = fs.readFileSync(path.join(FIXTURE, "twisted/plugins/finger_tutorial.ts"), "utf8");
const files = { "twisted/plugins/finger_tutorial.ts": PLUGIN };

describe("a program started by a command line", () => {
  it("runs the edited file beside the other files, as the command says", async () => {
    const driver = new SimulatedDriver(TAP, "finger/tap.ts", { files, command: commandLine("twistd -n finger --file=/etc/users --port=1079") });
    expect(await driver.start()).toBeNull();
    expect(driver.output()).toContain("FingerFactory starting on 1079");
    const client = driver.connect("localhost", 1079);
    await driver.wait(1, () => client.state === "open");
    driver.send(client, "moshez\r\n");
    await driver.wait(1, () => client.state === "closed");
    expect(client.received).toBe("happy and well\r\n");
    await driver.signal("SIGTERM");
    await driver.wait(1, () => driver.output().includes("Main loop terminated."));
    expect(driver.output()).toContain("Received SIGTERM, shutting down.");
    expect(driver.output()).toContain("Main loop terminated.");
  });

  it("lets each check choose its own command line (run:), and a plugin that is missing fails the check", async () => {
    const { checks } = ChecksFileSchema.parse({
      checks: [{ id: "help", title: "help", run: "twistd -n finger --help", scenario: [{ expectOutput: "  -f, --file=    The users file [default: /etc/users]" }] }],
    });
    expect((await runChecks(TAP, "finger/tap.ts", checks, { files }))[0]!.passed).toBe(true);
    const without = (await runChecks(TAP, "finger/tap.ts", checks, {}))[0]!;
    expect(without.passed).toBe(false);
    expect(without.detail).toContain("Unknown command: finger");
  });

  it("is a start error when the command ends with an error code", async () => {
    const driver = new SimulatedDriver(TAP, "finger/tap.ts", { files, command: commandLine("twistd -n --python=nowhere.tac.ts") });
    expect(await driver.start()).toContain("nowhere.tac.ts");
  });
});

describe("World.signalCommands", () => {
  // One at a time: the simulated host's twistd processes share its one reactor.
  it("interrupts a twistd running in the foreground, as Stop does", () => {
    const world = new World({ files: { "/finger/tap.ts": TAP, "/twisted/plugins/finger_tutorial.ts": PLUGIN } });
    const foreground = world.exec(["twistd", "-n", "finger", "--port=1079"]);
    world.advance(1);
    expect(world.signalCommands("twistd", "INT")).toBe(1);
    world.advance(1);
    expect(foreground.ended).toBe(true);
    expect(foreground.stdout).toContain("Received SIGINT, shutting down.");
    expect(foreground.stdout).toContain("Main loop terminated.");

  });

  it("interrupts a daemon, which stops to the end", () => {
    // A world of its own: a twistd started after another has stopped on the same host does not yet finish its shutdown.
    const world = new World({ files: { "/finger/tap.ts": TAP, "/twisted/plugins/finger_tutorial.ts": PLUGIN } });
    const parent = world.exec(["twistd", "--pidfile=daemon.pid", "--logfile=daemon.log", "finger", "--port=2079"]);
    world.advance(1);
    expect(parent.stderr).toBe("");
    expect(world.readFile("/daemon.pid")).toMatch(/^\d+$/);
    expect(world.signalCommands("twistd", "INT")).toBe(1);
    world.advance(1);
    world.advance(1);
    const log = world.readFile("/daemon.log");
    expect(log).toContain("Received SIGINT, shutting down.");
    expect(log).toContain("FingerService stopped after 0.2 s");
    expect(log).toContain("Server Shut Down.");
    expect(() => world.readFile("/daemon.pid")).toThrow();
    expect(world.signalCommands("twistd", "INT")).toBe(0);
  });
});
