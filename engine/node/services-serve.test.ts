/**
 * Services on the real-network reactor (`npm run serve`): on Ctrl-C the
 * MultiService's stopService Deferred holds the shutdown back until a
 * service that takes a (real) second to stop has finished, as in Twisted;
 * the TimerService stops ticking, and the lines after reactor.run() run last.
 */
import { describe, expect, it } from "vitest";
import { fixtureOnPort, freePort, startServe } from "../../test/support/serve-harness";

describe("services under npm run serve", () => {
  it("Ctrl-C waits for a stopService Deferred before the main loop ends", async () => {
    const port = await freePort();
    const served = await startServe(fixtureOnPort("slow-stop.ts", port), port);
    await new Promise((r) => setTimeout(r, 700));
    const started = Date.now();
    const code = await served.interrupt();
    const elapsed = (Date.now() - started) / 1000;
    expect(code).toBe(0);
    const lines = served.stdout.split("\n").map((l) => l.replace(/^\S+ \S+ \[-\] /, ""));
    const at = (text: string) => lines.indexOf(text);
    expect(at("tick")).toBeGreaterThanOrEqual(0);
    expect(at("flushing statuses")).toBeGreaterThan(at("Received SIGINT, shutting down."));
    expect(at("flushed")).toBeGreaterThan(at("flushing statuses"));
    expect(at("Main loop terminated.")).toBeGreaterThan(at("flushed"));
    expect(lines.slice(at("flushing statuses")).includes("tick")).toBe(false);
    expect(lines.at(-2)).toBe("stopped; the timer is stopped");
    expect(elapsed).toBeGreaterThanOrEqual(0.9);
  }, 30000);
});
