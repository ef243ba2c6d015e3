import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import { ZeroDivisionError } from "../python/builtins";
import type { Failure } from "../python/failure";
import * as log from "../python/log";
import * as amp from "./amp";

let reactor: HostedReactor;
let restore: () => void;
let logged: string[];
const observer = (event: { text: string }) => logged.push(event.text);
beforeEach(() => {
  ({ reactor, restore } = newSimulation());
  logged = [];
  log.addObserver(observer);
});
afterEach(() => {
  log.removeObserver(observer);
  restore();
});

class Sum extends amp.Command {
  static arguments_ = [["a", new amp.Integer()], ["b", new amp.Integer()]];
  static response = [["total", new amp.Integer()]];
}

class Divide extends amp.Command {
  static arguments_ = [["numerator", new amp.Integer()], ["denominator", new amp.Integer()]];
  static response = [["result", new amp.Float()]];
  static errors = new Map([[ZeroDivisionError, "ZERO_DIVISION"]]);
}

class FatalDivide extends Divide {
  static commandName = "Divide";
  static fatalErrors = new Map([[ZeroDivisionError, "ZERO_DIVISION"]]);
}

class Notify extends amp.Command {
  static arguments_ = [["note", new amp.Unicode()]];
  static requiresAnswer = false;
}

class Calculator extends amp.AMP {
  notes: string[] = [];
  sum({ a, b }: { a: number; b: number }) {
    return { total: a + b };
  }
  divide({ numerator, denominator }: { numerator: number; denominator: number }) {
    if (denominator === 0) throw new ZeroDivisionError();
    return { result: numerator / denominator };
  }
  notify({ note }: { note: string }) {
    this.notes.push(note);
    return {};
  }
  badSum() {
    return { nothing: 1 };
  }
}
Sum.responder(Calculator.prototype.sum);
Divide.responder(Calculator.prototype.divide);
Notify.responder(Calculator.prototype.notify);

/** A calculator whose sum is answered by a responder of its own, and which answers "Echo" from an amp_ method. */
class Doubler extends Calculator {
  double({ a, b }: { a: number; b: number }) {
    return { total: 2 * (a + b) };
  }
  amp_ECHO(box: amp.AmpBox) {
    return new amp.AmpBox({ said: box.get("say")! });
  }
}
Sum.responder(Doubler.prototype.double);

/** Connects an AMP client to a server built by `build`; returns both ends. */
function connect<S extends amp.AMP>(build: () => S) {
  const server = serverFactory(build);
  reactor.listenTCP(8750, server);
  const factory = new RecordingClientFactory(() => new amp.AMP());
  reactor.connectTCP("localhost", 8750, factory);
  reactor.runUntilIdle();
  return { server: server.built[0]!, client: factory.built[0]! };
}

/** The settled value of a Deferred after the reactor has gone idle. */
function settle<T>(d: { addCallbacks(ok: (v: T) => unknown, bad: (f: Failure) => unknown): unknown }) {
  const out: { value?: T; failure?: Failure } = {};
  d.addCallbacks(
    (value) => (out.value = value),
    (failure) => {
      out.failure = failure;
      return null;
    },
  );
  reactor.runUntilIdle();
  return out;
}

describe("AmpBox", () => {
  it("serializes keys in byte order with 16-bit lengths and an empty key at the end", () => {
    const box = new amp.AmpBox({ b: new Uint8Array([1]), a: new TextEncoder().encode("hi") });
    expect([...box.serialize()]).toEqual([0, 1, 97, 0, 2, 104, 105, 0, 1, 98, 0, 1, 1, 0, 0]);
  });

  it("refuses text values, keys over 255 bytes and values over 65,535, as Twisted does", () => {
    expect(() => new amp.AmpBox({ a: "text" as unknown as Uint8Array }).serialize()).toThrow(/Unicode value for key b'a' not allowed/);
    expect(() => new amp.AmpBox({ ["k".repeat(256)]: new Uint8Array() }).serialize()).toThrow(amp.TooLong);
    expect(() => new amp.AmpBox({ v: new Uint8Array(65536) }).serialize()).toThrow("local value b'v' too long: 65536");
  });

  it("parses every complete box out of a recorded stream", () => {
    const one = new amp.AmpBox({ x: new Uint8Array([120]) }).serialize();
    const boxes = amp.parseBoxes(new Uint8Array([...one, ...one, 0, 1]));
    expect(boxes.map((box) => box.text("x"))).toEqual(["x", "x"]);
  });
});

describe("callRemote and responders", () => {
  it("sends _command, _ask and the arguments, and fires with the decoded response", () => {
    const { client } = connect(() => new Calculator());
    const written: Uint8Array[] = [];
    const write = client.transport!.write.bind(client.transport);
    client.transport!.write = (data) => {
      written.push(data as Uint8Array);
      write(data);
    };
    expect(settle(client.callRemote(Sum, { a: 13, b: 81 })).value).toEqual({ total: 94 });
    expect(amp.parseBoxes(written[0]!)[0]!).toEqual(new amp.AmpBox({ _ask: new TextEncoder().encode("1"), _command: new TextEncoder().encode("Sum"), a: new TextEncoder().encode("13"), b: new TextEncoder().encode("81") }));
  });

  it("numbers asks in hexadecimal, so many commands can be in flight and answers match their questions", () => {
    const { client } = connect(() => new Calculator());
    const answers = Array.from({ length: 20 }, (_, i) => client.callRemote(Sum, { a: i, b: 1 }));
    reactor.runUntilIdle();
    expect(answers.map((d) => settle(d).value!.total)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("turns a declared exception into the same class on the caller's side, and keeps the connection", () => {
    const { client } = connect(() => new Calculator());
    const failure = settle(client.callRemote(Divide, { numerator: 1, denominator: 0 })).failure!;
    expect(failure.value).toBeInstanceOf(ZeroDivisionError);
    expect(failure.getErrorMessage()).toBe("division by zero");
    expect(settle(client.callRemote(Divide, { numerator: 10, denominator: 4 })).value).toEqual({ result: 2.5 });
  });

  it("closes the connection after a fatal error is answered", () => {
    class Strict extends amp.AMP {
      divide(): never {
        throw new ZeroDivisionError();
      }
    }
    FatalDivide.responder(Strict.prototype.divide);
    const { server, client } = connect(() => new Strict());
    const failure = settle(client.callRemote(FatalDivide, { numerator: 1, denominator: 0 })).failure!;
    expect(failure.value).toBeInstanceOf(ZeroDivisionError);
    expect(server.transport).toBeNull();
    expect(client.transport).toBeNull();
  });

  it("answers an undeclared exception with UNKNOWN, logs it on the server and closes the connection", () => {
    class Broken extends amp.AMP {
      sum(): never {
        throw new Error("kaboom");
      }
    }
    Sum.responder(Broken.prototype.sum);
    const { client } = connect(() => new Broken());
    const failure = settle(client.callRemote(Sum, { a: 1, b: 2 })).failure!;
    expect(failure.value).toBeInstanceOf(amp.UnknownRemoteError);
    expect(failure.getErrorMessage()).toBe("Code<UNKNOWN>: Unknown Error");
    expect(logged.some((line) => line.includes("Error: kaboom"))).toBe(true);
    expect(client.transport).toBeNull();
  });

  it("answers a command nobody responds to with UNHANDLED, which the caller gets as UnhandledCommand", () => {
    class Nope extends amp.Command {}
    const { client } = connect(() => new Calculator());
    const failure = settle(client.callRemote(Nope)).failure!;
    expect(failure.value).toBeInstanceOf(amp.UnhandledCommand);
    expect(failure.getErrorMessage()).toBe(`(b'UNHANDLED', "Unhandled Command: b'Nope'")`);
  });

  it("refuses a call missing an argument as a failed Deferred, and an unknown argument at once", () => {
    const { client } = connect(() => new Calculator());
    expect(settle(client.callRemote(Sum, { a: 1 })).failure!.getErrorMessage()).toBe("forgot b for b'Sum'");
    expect(() => client.callRemote(Sum, { a: 1, b: 2, c: 3 })).toThrow("c is not a valid argument");
  });

  it("reports a responder's unencodable result as UNKNOWN to the caller", () => {
    class Sloppy extends amp.AMP {
      sum() {
        return { nothing: 1 };
      }
    }
    Sum.responder(Sloppy.prototype.sum);
    const { client } = connect(() => new Sloppy());
    expect(settle(client.callRemote(Sum, { a: 1, b: 2 })).failure!.value).toBeInstanceOf(amp.UnknownRemoteError);
    expect(logged.some((line) => line.includes("BadLocalReturn"))).toBe(true);
  });

  it("sends a command that requires no answer without an _ask, and returns nothing", () => {
    const { server, client } = connect(() => new Calculator());
    expect(client.callRemote(Notify, { note: "héllo" })).toBeUndefined();
    reactor.runUntilIdle();
    expect(server.notes).toEqual(["héllo"]);
  });

  it("prefers a subclass's responder, and falls back to amp_NAME methods taking the raw box", () => {
    const { client } = connect(() => new Doubler());
    expect(settle(client.callRemote(Sum, { a: 1, b: 2 })).value).toEqual({ total: 6 });
    const echoed = settle(client.callRemoteString("echo", { say: new TextEncoder().encode("hi") })!).value!;
    expect(echoed.text("said")).toBe("hi");
  });

  it("carries every argument type whole, across segment boundaries of one byte", () => {
    class Everything extends amp.Command {
      static arguments_ = [["n", new amp.Integer()], ["f", new amp.Float()], ["b", new amp.Boolean()], ["t", new amp.Unicode()], ["s", new amp.String()], ["l", new amp.ListOf(new amp.Unicode())], ["rows", new amp.AmpList([["k", new amp.Integer()]])], ["opt", new amp.Integer(true)]];
      static response = Everything.arguments_;
    }
    class Mirror extends amp.AMP {
      everything(kw: Record<string, unknown>) {
        return kw;
      }
    }
    Everything.responder(Mirror.prototype.everything);
    reactor.host.network.setConditions({ segmentation: "bytewise" });
    const { client } = connect(() => new Mirror());
    const sent = { n: -12, f: 0.1, b: true, t: "snow ☃", s: new Uint8Array([0, 255]), l: ["a", ""], rows: [{ k: 1 }, { k: 2 }], opt: null };
    expect(settle(client.callRemote(Everything, sent)).value).toEqual(sent);
  });
});

describe("AMP on a broken or lost connection", () => {
  function rawClient() {
    reactor.listenTCP(8750, serverFactory(() => new Calculator()));
    const factory = new RecordingClientFactory(() => new RecordingProtocol());
    reactor.connectTCP("localhost", 8750, factory);
    reactor.runUntilIdle();
    return factory.built[0]!;
  }

  it("fails every outstanding call with the reason when the connection is lost, and later calls at once", () => {
    const { client } = connect(() => new Calculator());
    const pending = client.callRemote(Sum, { a: 1, b: 2 });
    client.transport!.loseConnection();
    expect(settle(pending).failure!.getErrorMessage()).toBe("Connection was closed cleanly.");
    expect(settle(client.callRemote(Sum, { a: 1, b: 2 })).failure!.getErrorMessage()).toBe("Connection was closed cleanly.");
  });

  it("hangs up on a key longer than 255 bytes, failing outstanding calls with TooLong", () => {
    const { server, client } = connect(() => new Calculator());
    const pending = client.callRemote(Sum, { a: 1, b: 2 });
    server.transport!.write(new Uint8Array([1, 0, ...new Uint8Array(256)]));
    reactor.runUntilIdle();
    expect(settle(pending).failure!.value).toBeInstanceOf(amp.TooLong);
  });

  it("drops a peer that sends a box that is neither a command, an answer nor an error, logging why", () => {
    const peer = rawClient();
    peer.transport!.write(new amp.AmpBox({ hello: new Uint8Array([1]) }).serialize());
    reactor.runUntilIdle();
    expect(peer.events.at(-1)).toMatch(/^connectionLost/);
    expect(logged.some((line) => line.includes("NoEmptyBoxes"))).toBe(true);
  });

  it("drops a peer that answers a question never asked", () => {
    const peer = rawClient();
    peer.transport!.write(new amp.AmpBox({ _answer: new TextEncoder().encode("99") }).serialize());
    reactor.runUntilIdle();
    expect(peer.events.at(-1)).toMatch(/^connectionLost/);
    expect(logged.some((line) => line.includes("KeyError"))).toBe(true);
  });

  it("answers a command whose arguments do not parse with UNKNOWN and closes, without crashing the reactor", () => {
    const peer = rawClient();
    peer.transport!.write(new amp.AmpBox({ _command: new TextEncoder().encode("Sum"), _ask: new TextEncoder().encode("1"), a: new TextEncoder().encode("one"), b: new TextEncoder().encode("2") }).serialize());
    reactor.runUntilIdle();
    // The error box is ASCII, so the recording protocol's text is its bytes.
    const [answer] = amp.parseBoxes(new TextEncoder().encode(peer.received));
    expect(answer!.text("_error_code")).toBe("UNKNOWN");
    expect(answer!.text("_error")).toBe("1");
    expect(peer.events.at(-1)).toMatch(/^connectionLost/);
    expect(logged.some((line) => line.includes("ValueError: invalid literal for int() with base 10: b'one'"))).toBe(true);
  });
});
