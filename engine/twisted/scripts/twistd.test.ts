import { afterEach, describe, expect, it } from "vitest";
import * as log from "../python/log";
import { Application } from "../application/service";
import { runTwistd, TwistdError } from "./twistd";

const lines: string[] = [];
const observer = (event: { text: string }) => lines.push(event.text);

/** A reactor that only records that twistd ran it. */
function fakeReactor() {
  const calls: string[] = [];
  return { calls, run: () => calls.push("run"), addSystemEventTrigger: () => calls.push("trigger") };
}

afterEach(() => {
  log.removeObserver(observer);
  lines.length = 0;
});

describe("twistd's privilege shedding with a real switch (npm run serve)", () => {
  it("switches to the application's uid and gid after its services bound, then says so", () => {
    log.addObserver(observer);
    const switched: [number | null, number | null][] = [];
    const reactor = fakeReactor();
    runTwistd({
      file: "finger.tac.ts",
      reactor,
      load: () => ({ exports: { application: Application("finger", { uid: 1, gid: 1 }) }, error: null }),
      switchUser: (uid, gid) => switched.push([uid, gid]),
    });
    expect(switched).toEqual([[1, 1]]);
    expect(lines).toContain("set uid/gid 1/1");
    expect(reactor.calls).toContain("run");
  });

  it("when the system refuses, logs twistd's message and gives up before starting anything", () => {
    log.addObserver(observer);
    const reactor = fakeReactor();
    const run = () =>
      runTwistd({
        file: "finger.tac.ts",
        reactor,
        load: () => ({ exports: { application: Application("finger", { uid: 1, gid: 1 }) }, error: null }),
        switchUser: () => {
          throw new Error("EPERM, Operation not permitted");
        },
      });
    expect(run).toThrow(TwistdError);
    expect(lines).toContain("failed to set uid/gid 1/1: EPERM, Operation not permitted (are you root?) -- exiting.");
    expect(lines).not.toContain("set uid/gid 1/1");
    expect(reactor.calls).not.toContain("run");
  });
});
