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
});
