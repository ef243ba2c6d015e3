import { describe, expect, it } from "vitest";
import { TwistdInTerminal } from "./twistd-in-terminal";

const quiet = { onOutput: () => {}, onExit: () => {} };

describe("TwistdInTerminal", () => {
  it("counts a foreground twistd (-n) as running until it exits", () => {
    const changes: boolean[] = [];
    const twistd = new TwistdInTerminal((running) => changes.push(running));
    const handlers = twistd.watch(["twistd", "-ny", "finger.tac"], quiet);
    expect(twistd.running).toBe(true);
    handlers.onExit(0);
    expect(twistd.running).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it("counts a daemon as running after twistd without -n exits 0, but not after --help or a failure", () => {
    const twistd = new TwistdInTerminal(() => {});
    twistd.watch(["twistd", "--help"], quiet).onExit(0);
    twistd.watch(["twistd", "-y", "missing.tac"], quiet).onExit(1);
    expect(twistd.running).toBe(false);
    twistd.watch(["twistd", "-y", "finger.tac"], quiet).onExit(0);
    expect(twistd.running).toBe(true);
    twistd.forget();
    expect(twistd.running).toBe(false);
  });

  it("does not count a daemon from a twistd that Stop forgot before it exited", () => {
    const twistd = new TwistdInTerminal(() => {});
    const handlers = twistd.watch(["twistd", "-y", "finger.tac"], quiet);
    twistd.forget();
    handlers.onExit(0);
    expect(twistd.running).toBe(false);
  });

  it("passes the exit code on to the command's own handlers", () => {
    const codes: (number | null)[] = [];
    const twistd = new TwistdInTerminal(() => {});
    twistd.watch(["twistd", "-n", "web"], { onOutput: () => {}, onExit: (code) => codes.push(code) }).onExit(2);
    expect(codes).toEqual([2]);
  });
});
