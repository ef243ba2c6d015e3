import { afterEach, describe, expect, it } from "vitest";
import * as log from "../python/log";
import { Logger, formatEventAsClassicLogText, formatTime } from ".";

const seen: log.LogEvent[] = [];
const observer = (event: log.LogEvent) => seen.push(event);

afterEach(() => {
  log.removeObserver(observer);
  seen.length = 0;
});

describe("twisted.logger", () => {
  it("writes times as twistd does, in the zone given", () => {
    expect(formatTime(0)).toBe("1970-01-01T00:00:00+0000");
    expect(formatTime(1_796_655_121.9)).toBe("2026-12-07T14:52:01+0000");
    expect(formatTime(1_796_655_121, 60)).toBe("2026-12-07T15:52:01+0100");
    expect(formatTime(1_796_655_121, -330)).toBe("2026-12-07T09:22:01-0530");
  });

  it("names a Logger's events by namespace and level, fills their fields, and indents later lines", () => {
    log.addObserver(observer);
    new Logger("twisted.scripts._twistd_unix.UnixAppLogger").info("reactor class: {cls}.", { cls: "SimulatedReactor" });
    expect(seen).toEqual([{ text: "reactor class: SimulatedReactor.", isError: false, system: "twisted.scripts._twistd_unix.UnixAppLogger#info" }]);
    expect(formatEventAsClassicLogText({ text: "one\ntwo", isError: false, system: "-" }, 61)).toBe("1970-01-01T00:01:01+0000 [-] one\n\ttwo\n");
  });
});
