import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import type { Protocol } from "../internet/protocol";
import { LineOnlyReceiver, LineReceiver, NetstringReceiver, Int32StringReceiver, Int16StringReceiver } from "./basic";
import { TimeoutMixin } from "./policies";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

/** Connects a client to a server built by `build`; returns both ends. */
function serve<P extends Protocol>(build: () => P) {
  const server = serverFactory(build);
  reactor.listenTCP(1079, server);
  const factory = new RecordingClientFactory();
  reactor.connectTCP("localhost", 1079, factory);
  reactor.runUntilIdle();
  const client = factory.built[0]!;
  return {
    server: server.built[0]!,
    client,
    send: (data: string | Uint8Array) => {
      client.transport!.write(data);
      reactor.runUntilIdle();
    },
  };
}

class Lines extends LineReceiver {
  lines: string[] = [];
  override lineReceived(line: string): void {
    this.lines.push(line);
    if (line === "quit") this.transport!.loseConnection();
  }
}

describe("LineReceiver (fidelity with Twisted 22.4)", () => {
  it("splits only on \\r\\n", () => {
    const { server, send } = serve(() => new Lines());
    send("a\nb\r\nc");
    expect(server.lines).toEqual(["a\nb"]);
  });

  it("ignores lines still buffered after loseConnection", () => {
    const { server, send } = serve(() => new Lines());
    send("one\r\nquit\r\nafter\r\n");
    expect(server.lines).toEqual(["one", "quit"]);
  });

  it("closes the connection for a line over 16384 characters, but not at 16384", () => {
    const ok = serve(() => new Lines());
    ok.send("a".repeat(16384));
    expect(ok.client.events).toEqual(["connectionMade"]);
    restore();
    ({ reactor, restore } = newSimulation());
    const tooLong = serve(() => new Lines());
    tooLong.send("a".repeat(20000));
    expect(tooLong.client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });
});

describe("LineOnlyReceiver", () => {
  class OnlyLines extends LineOnlyReceiver {
    lines: string[] = [];
    override lineReceived(line: string): void {
      this.lines.push(line);
      if (line === "quit") this.transport!.loseConnection();
    }
  }

  it("delivers complete lines across segments and drops those after loseConnection", () => {
    const { server, send } = serve(() => new OnlyLines());
    send("mos");
    send("hez\r\nquit\r\nignored\r\n");
    expect(server.lines).toEqual(["moshez", "quit"]);
  });

  it("sendLine writes the line and the delimiter", () => {
    const { server, client } = serve(() => new OnlyLines());
    server.sendLine("hello");
    reactor.runUntilIdle();
    expect(client.received).toBe("hello\r\n");
  });

  it("closes on a buffer longer than MAX_LENGTH", () => {
    const { client, send } = serve(() => {
      const p = new OnlyLines();
      p.MAX_LENGTH = 10;
      return p;
    });
    send("x".repeat(11));
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });
});

describe("NetstringReceiver", () => {
  class Strings extends NetstringReceiver {
    strings: string[] = [];
    override stringReceived(s: string): void {
      this.strings.push(s);
    }
  }

  it("receives netstrings split anywhere, counting bytes not characters", () => {
    const { server, send } = serve(() => new Strings());
    send("5:hel");
    send("lo,0:,2:");
    send("é,");
    expect(server.strings).toEqual(["hello", "", "é"]);
  });

  it("sendString frames the payload", () => {
    const { server, client } = serve(() => new Strings());
    server.sendString("héllo");
    reactor.runUntilIdle();
    expect(client.received).toBe("6:héllo,");
  });

  it("closes the connection on a malformed netstring and marks the peer broken", () => {
    const { server, client, send } = serve(() => new Strings());
    send("abc:xyz,");
    expect(server.brokenPeer).toBe(1);
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });

  it("closes on a length over MAX_LENGTH, or a missing comma", () => {
    const big = serve(() => new Strings());
    big.send("100000:");
    expect(big.client.events.at(-1)).toBe("connectionLost ConnectionDone");
    restore();
    ({ reactor, restore } = newSimulation());
    const comma = serve(() => new Strings());
    comma.send("2:ab;");
    expect(comma.server.strings).toEqual([]);
    expect(comma.client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });
});

describe("Int32StringReceiver", () => {
  class Framed extends Int32StringReceiver {
    strings: string[] = [];
    override stringReceived(s: string): void {
      this.strings.push(s);
    }
  }

  it("reads a 4-byte big-endian length prefix, byte by byte", () => {
    const { server, client } = serve(() => new Framed());
    reactor.host.network.setConditions({ segmentation: "bytewise" });
    client.transport!.write(new Uint8Array([0, 0, 0, 5, 104, 101, 108, 108, 111, 0, 0, 0, 0]));
    reactor.runUntilIdle();
    expect(server.strings).toEqual(["hello", ""]);
  });

  it("sendString writes the prefix then the payload", () => {
    class RawClient extends RecordingProtocol {
      override receivesBytes = true;
      bytes: number[] = [];
      override dataReceived(data: string | Uint8Array): void {
        this.bytes.push(...(data as Uint8Array));
      }
    }
    const server = serverFactory(() => new Framed());
    reactor.listenTCP(1079, server);
    const factory = new RecordingClientFactory(() => new RawClient());
    reactor.connectTCP("localhost", 1079, factory);
    reactor.runUntilIdle();
    server.built[0]!.sendString("hi");
    reactor.runUntilIdle();
    expect(factory.built[0]!.bytes).toEqual([0, 0, 0, 2, 104, 105]);
  });

  it("calls lengthLimitExceeded (closing) for a prefix over MAX_LENGTH", () => {
    const { client, send } = serve(() => new Framed());
    send(new Uint8Array([0, 0x10, 0, 0]));
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });

  it("Int16StringReceiver refuses to send what its prefix cannot count", () => {
    const { server } = serve(() => new (class extends Int16StringReceiver {})());
    expect(() => server.sendString("x".repeat(70000))).toThrow(/maximum is 65536/);
  });
});

describe("policies.TimeoutMixin", () => {
  class Idle extends TimeoutMixin(LineReceiver) {
    lines: string[] = [];
    override connectionMade(): void {
      this.setTimeout(10);
    }
    override lineReceived(line: string): void {
      this.resetTimeout();
      this.lines.push(line);
    }
    override connectionLost(): void {
      this.setTimeout(null);
    }
  }

  it("closes a connection idle for timeOut seconds; resetTimeout restarts the countdown", () => {
    const { client, send } = serve(() => new Idle());
    reactor.advance(8);
    send("still here\r\n");
    reactor.advance(8);
    expect(client.events).toEqual(["connectionMade"]);
    reactor.advance(2.5);
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
    expect(reactor.getDelayedCalls()).toEqual([]);
  });

  it("setTimeout returns the previous timeout and null cancels it", () => {
    const { server, client } = serve(() => new Idle());
    expect(server.setTimeout(null)).toBe(10);
    reactor.advance(100);
    expect(client.events).toEqual(["connectionMade"]);
  });
});
