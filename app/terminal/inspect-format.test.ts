import { describe, expect, it } from "vitest";
import { formatNetstat } from "./inspect-format";

describe("netstat in the terminal", () => {
  it("lists a TCP port as LISTEN, a UDP port without a state, and a Unix socket by its path", () => {
    const lines = formatNetstat({
      ports: [
        { host: "localhost", transport: "TCP", interface: "0.0.0.0", port: 8000, owner: "Factory" },
        { host: "localhost", transport: "UDP", interface: "0.0.0.0", port: 9999, owner: "Echo" },
        { host: "localhost", transport: "UNIX", interface: "", port: 0, path: "/tmp/echo.sock", owner: "Factory" },
      ],
      connections: [],
    });
    expect(lines.slice(1).map((line) => line.replace(/\s+/g, " ").trim())).toEqual([
      "tcp 0.0.0.0:8000 0.0.0.0:* LISTEN Factory",
      "udp 0.0.0.0:9999 0.0.0.0:* Echo",
      "unix /tmp/echo.sock LISTEN Factory",
    ]);
  });

  it("shows only the learner's machine: an IRC server's port and its end of the bot's connection are elsewhere", () => {
    const lines = formatNetstat({
      ports: [
        { host: "localhost", transport: "TCP", interface: "0.0.0.0", port: 79, owner: "FingerFactory" },
        { host: "irc.freenode.net", transport: "TCP", interface: "0.0.0.0", port: 6667, owner: "IRCServerFactory" },
      ],
      connections: [
        { id: 1, host: "localhost", local: "127.0.0.1:50001", remote: "10.0.0.2:6667", protocol: "IRCReplyBot", bytesInFlight: 0, state: "open", producer: null },
        { id: 2, host: "irc.freenode.net", local: "10.0.0.2:6667", remote: "127.0.0.1:50001", protocol: "IRCServer", bytesInFlight: 0, state: "open", producer: null },
      ],
    });
    expect(lines.slice(1).map((line) => line.replace(/\s+/g, " ").trim())).toEqual([
      "tcp 0.0.0.0:79 0.0.0.0:* LISTEN FingerFactory",
      "tcp 127.0.0.1:50001 10.0.0.2:6667 ESTABLISHED 0 IRCReplyBot",
    ]);
  });
});
