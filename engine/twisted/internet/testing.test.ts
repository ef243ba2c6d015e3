import { describe, expect, it } from "vitest";
import { LineReceiver } from "../protocols/basic";
import { StringTransport } from "./testing";

class Echo extends LineReceiver {
  override lineReceived(line: string): void {
    this.sendLine(line.toUpperCase());
    if (line === "bye") this.transport?.loseConnection();
  }
}

describe("StringTransport", () => {
  it("records what a protocol writes, with no network", () => {
    const protocol = new Echo();
    const transport = new StringTransport();
    protocol.makeConnection(transport);
    protocol.dataReceived("hel");
    expect(transport.value()).toBe("");
    protocol.dataReceived("lo\r\nbye\r\n");
    expect(transport.value()).toBe("HELLO\r\nBYE\r\n");
    expect(transport.disconnecting).toBe(true);
    transport.clear();
    expect(transport.value()).toBe("");
  });

  it("rejects data that is neither text nor bytes", () => {
    expect(() => new StringTransport().write(42 as unknown as string)).toThrow(TypeError);
  });
});
