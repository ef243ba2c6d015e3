/**
 * The bytes a PB client and server write, against real Twisted 22.4's
 * Broker on a StringTransport: the dialect offer and answer, the version
 * message, a call, its answer and an error.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { ITransport } from "../internet/interfaces";
import { Broker, Root, tuple } from "./pb";

const PYTHON = "/usr/bin/python3";
const haveTwisted = spawnSync(PYTHON, ["-c", "import twisted.spread.pb"], { stdio: "ignore" }).status === 0;

const SCRIPT = `
import json
from twisted.internet.testing import StringTransport
from twisted.spread import pb

class R(pb.Root):
    def remote_getUser(self, user):
        return (user + b" is happy", "str", 1.5, None, True, {"k": [1]})

server = pb.PBServerFactory(R()).buildProtocol(None)
client = pb.PBClientFactory().buildProtocol(None)
st, ct = StringTransport(), StringTransport()
server.makeConnection(st)
client.makeConnection(ct)
steps = {}
steps["offer"] = st.value().hex(); client.dataReceived(st.value()); st.clear()
steps["clientHello"] = ct.value().hex(); server.dataReceived(ct.value()); ct.clear()
steps["serverVersion"] = st.value().hex(); client.dataReceived(st.value()); st.clear()
client.remoteForName("root").callRemote("getUser", b"moshez")
steps["call"] = ct.value().hex(); server.dataReceived(ct.value()); ct.clear()
steps["answer"] = st.value().hex(); st.clear()
client.remoteForName("root").callRemote("nosuch")
server.dataReceived(ct.value()); ct.clear()
steps["error"] = st.value().hex()
print(json.dumps(steps))
`;

class Capture implements Partial<ITransport> {
  written: number[] = [];
  write(data: string | Uint8Array): void {
    this.written.push(...(typeof data === "string" ? new TextEncoder().encode(data) : data));
  }
  take(): string {
    const hex = Buffer.from(this.written).toString("hex");
    this.written = [];
    return hex;
  }
  loseConnection(): void {}
}

class R extends Root {
  remote_getUser(user: Uint8Array): unknown {
    return tuple(new Uint8Array([...user, ...new TextEncoder().encode(" is happy")]), "str", 1.5, null, true, { k: [1] });
  }
}

describe.skipIf(!haveTwisted)("PB on the wire against real Twisted's Broker", () => {
  it("the engine's brokers write the same bytes for negotiation, a call, its answer and the error count-free parts", async () => {
    const expected = JSON.parse(spawnSync(PYTHON, ["-c", SCRIPT], { encoding: "utf8", timeout: 30000 }).stdout);
    const { PBServerFactory, PBClientFactory } = await import("./pb");
    const server = new PBServerFactory(new R()).buildProtocol(null as never) as Broker;
    const client = new PBClientFactory().buildProtocol(null as never) as Broker;
    const st = new Capture();
    const ct = new Capture();
    server.makeConnection(st as unknown as ITransport);
    client.makeConnection(ct as unknown as ITransport);
    const pass = (from: Capture, to: Broker) => {
      const hex = from.take();
      to.dataReceived(Buffer.from(hex, "hex"));
      return hex;
    };
    expect(pass(st, client)).toBe(expected.offer);
    expect(pass(ct, server)).toBe(expected.clientHello);
    expect(pass(st, client)).toBe(expected.serverVersion);
    client.remoteForName("root").callRemote("getUser", new TextEncoder().encode("moshez"));
    expect(pass(ct, server)).toBe(expected.call);
    expect(st.take()).toBe(expected.answer);
    client.remoteForName("root").callRemote("nosuch");
    pass(ct, server);
    // The error carries the Failure's count, a process-wide serial number: compare the rest.
    const maskCount = (hex: string) => hex.replace(/636f756e74(..)(81|85)/, "636f756e74XX$2");
    expect(maskCount(st.take())).toBe(maskCount(expected.error));
  });
});
