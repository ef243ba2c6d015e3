import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";

const program = (body: string) => `
import { reactor } from "twisted/internet";
import * as pagesupport from "pagesupport";
${body}
reactor.run();
`;

function started(body: string, options: ConstructorParameters<typeof World>[0] = {}): World {
  const world = new World({ record: {}, ...options });
  expect(world.start(program(body), "page.ts")).toEqual({ status: "running" });
  return world;
}

/** Uses the page's panel and runs what it handed to the reactor, as the runner does outside a debugger's pause. */
function press(world: World, kind: "click" | "input", text: string): number {
  const handed = world.uiEvent(kind, text);
  world.runUntilIdle();
  return handed;
}

function stdout(world: World): string[] {
  return world.output.filter((line) => line.stream === "stdout").map((line) => line.text);
}

describe("pagesupport: the page's panel as a foreign event loop", () => {
  it("hands a press of the button to each onClick handler, in order, with the input's text", () => {
    const world = started(`
      const page = pagesupport.install();
      page.onClick((text) => console.log("first " + text));
      page.onClick((text) => console.log("second " + text));
    `);
    expect(press(world, "click", "hello")).toBe(2);
    expect(stdout(world)).toEqual(["first hello", "second hello"]);
  });

  it("runs each handler as a reactor event of its own, not inside the page's call", () => {
    const world = started(`
      const page = pagesupport.install();
      page.onClick(() => console.log("handler at " + reactor.seconds()));
      reactor.callLater(0, () => console.log("queued before the press"));
    `);
    world.advance(2);
    press(world, "click", "");
    expect(stdout(world)).toEqual(["queued before the press", "handler at 2"]);
    const kinds = world.trace.map((event) => event.type);
    expect(kinds).toContain("input");
    const input = world.trace.find((event) => event.type === "input");
    expect(input).toMatchObject({ action: "page", detail: 'click ""' });
  });

  it("delivers input events to onInput handlers only", () => {
    const world = started(`
      const page = pagesupport.install();
      page.onClick((text) => console.log("click " + text));
      page.onInput((text) => console.log("input " + text));
    `);
    press(world, "input", "he");
    press(world, "input", "hey");
    expect(stdout(world)).toEqual(["input he", "input hey"]);
  });

  it("reaches nobody before install(), and install() always returns the same page", () => {
    const world = started(`
      console.log(String(pagesupport.install() === pagesupport.install()));
    `);
    expect(stdout(world)).toEqual(["true"]);
    const quiet = started(`console.log("no page");`);
    expect(press(quiet, "click", "x")).toBe(0);
  });

  it("tells listeners what the program shows, and keeps the last text", () => {
    const world = started(`
      const page = pagesupport.install();
      page.onClick((text) => page.show("you said " + text));
    `);
    const shown: string[] = [];
    world.onPageShow((text) => shown.push(text));
    expect(world.pageDisplay).toBeNull();
    press(world, "click", "a");
    press(world, "click", "b");
    expect(shown).toEqual(["you said a", "you said b"]);
    expect(world.pageDisplay).toBe("you said b");
  });

  it("logs a handler that throws as an unhandled error, and the reactor runs on", () => {
    const world = started(`
      const page = pagesupport.install();
      page.onClick(() => { throw new Error("bad button"); });
    `);
    press(world, "click", "");
    expect(world.output.some((line) => line.text.includes("bad button"))).toBe(true);
    expect(world.reactorRunning).toBe(true);
  });

  it("stops a handler that never returns, with its line, as for any reactor event", () => {
    const world = started(
      `
      const page = pagesupport.install();
      page.onClick(() => { for (;;) {} });
    `,
      { guardBudget: { iterations: 100_000 } },
    );
    press(world, "click", "");
    expect(world.blocked?.message).toMatch(/line 6/);
  });

  it("rejects a handler that is not a function, at the line that gave it", () => {
    const world = new World();
    const outcome = world.start(program(`pagesupport.install().onClick("send");`), "page.ts");
    expect(outcome.status).toBe("error");
    expect(outcome.status === "error" && outcome.error.message).toMatch(/onClick\(\) takes a function, not string/);
  });

  it("leaves the handler waiting while nothing runs the reactor (a debugger's pause)", () => {
    const world = started(`
      const page = pagesupport.install();
      page.onClick(() => console.log("pressed"));
    `);
    expect(world.uiEvent("click", "")).toBe(1);
    expect(stdout(world)).toEqual([]);
    world.runUntilIdle();
    expect(stdout(world)).toEqual(["pressed"]);
  });

  it("ignores the page once the reactor has stopped", () => {
    const world = started(`
      const page = pagesupport.install();
      page.onClick(() => console.log("late"));
      reactor.callLater(1, () => reactor.stop());
    `);
    world.advance(2);
    expect(press(world, "click", "")).toBe(0);
    expect(stdout(world)).toEqual([]);
  });
});
