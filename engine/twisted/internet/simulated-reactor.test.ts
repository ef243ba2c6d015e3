import { afterEach, describe, expect, it } from "vitest";
import { World } from "../../runtime/world";
import { RealTimePacer } from "../../runtime/pacer";
import { newSimulation } from "../../../test/support/simulation";
import { sleep } from "../../stdlib/time";

const echoServer = `
import { reactor, protocol } from "twisted/internet";
import { basic } from "twisted/protocols";
class Echo extends basic.LineReceiver {
  lineReceived(line: string) {
    reactor.callLater(0.1, () => this.sendLine("echo: " + line));
  }
}
const f = new protocol.ServerFactory();
f.protocol = Echo;
reactor.listenTCP(7, f);
reactor.run();
`;

/** Runs the same program and inputs one event at a time, recording every event. */
function trace(seed: number): string[] {
  const world = new World({ seed, conditions: { segmentation: "random", latency: 0.01 } });
  world.start(echoServer, "echo.ts");
  const client = world.connect("localhost", 7);
  world.advance(0.1);
  client.send("hello there\r\nsecond line\r\n");
  const events: string[] = [];
  for (let record = world.stepNext(); record && record.time < 5; record = world.stepNext()) {
    events.push(`${record.time.toFixed(3)} ${record.kind} ${record.label}`);
  }
  events.push(`received ${JSON.stringify(client.received)}`);
  return events;
}

describe("the simulated reactor is deterministic", () => {
  it("gives the same run, event for event, for the same program, inputs and seed", () => {
    const first = trace(42);
    expect(first.at(-1)).toBe('received "echo: hello there\\r\\necho: second line\\r\\n"');
    expect(trace(42)).toEqual(first);
  });

  it("cuts the stream differently with another seed, with the same outcome", () => {
    const other = trace(43);
    expect(other).not.toEqual(trace(42));
    expect(other.at(-1)).toBe(trace(42).at(-1));
  });
});

describe("stepping", () => {
  let restore = () => {};
  afterEach(() => restore());

  it("step() runs one event at a time in the order iterate() would: timers first, new work next turn", () => {
    const sim = newSimulation();
    restore = sim.restore;
    const { reactor } = sim;
    const order: string[] = [];
    reactor.scheduleIo(0, () => order.push("io 1"), "io 1");
    reactor.callLater(0, () => {
      order.push("timer");
      reactor.callLater(0, () => order.push("timer made by timer"));
    });
    reactor.scheduleIo(0, () => order.push("io 2"), "io 2");
    expect(reactor.step()?.kind).toBe("timer");
    expect(order).toEqual(["timer"]);
    expect(reactor.step()?.label).toBe("io 1");
    expect(reactor.step()?.label).toBe("io 2");
    expect(reactor.step()?.kind).toBe("timer");
    expect(reactor.step()).toBeNull();
    expect(order).toEqual(["timer", "io 1", "io 2", "timer made by timer"]);
  });

  it("stepNext() moves the clock to the next event when nothing is due now", () => {
    const sim = newSimulation();
    restore = sim.restore;
    sim.reactor.callLater(2.5, function wakeUp() {});
    expect(sim.reactor.nextEventTime()).toBe(2.5);
    expect(sim.reactor.stepNext()).toMatchObject({ kind: "timer", time: 2.5, label: "wakeUp" });
    expect(sim.reactor.stepNext()).toBeNull();
  });

  it("advance(seconds) runs each event at its own time", () => {
    const sim = newSimulation();
    restore = sim.restore;
    const seen: number[] = [];
    for (const t of [3, 1, 2]) sim.reactor.callLater(t, () => seen.push(sim.reactor.seconds()));
    sim.reactor.advance(2.5);
    expect(seen).toEqual([1, 2]);
    expect(sim.reactor.seconds()).toBe(2.5);
  });

  it("a blocking sleep in the reactor thread moves virtual time while nothing else runs", () => {
    const sim = newSimulation();
    restore = sim.restore;
    const ran: number[] = [];
    sim.reactor.callLater(1, () => ran.push(sim.reactor.seconds()));
    sim.reactor.callLater(0, () => sleep(3));
    sim.reactor.advance(5);
    // The 1-second call could only run once the 3-second sleep ended.
    expect(ran).toEqual([3]);
  });
});

describe("real-time pacing (the driver lives in the app)", () => {
  it("maps wall time to virtual time with a speed factor, and says how long to wait", () => {
    const pacer = new RealTimePacer(2);
    pacer.start(1000, 0);
    expect(pacer.target(1500)).toBe(1);
    expect(pacer.delayUntil(3, 1500)).toBe(1000);
    expect(pacer.delayUntil(0.5, 1500)).toBe(0);
    expect(pacer.delayUntil(null, 1500)).toBeNull();
    pacer.setSpeed(1, 1500);
    expect(pacer.target(2500)).toBe(2);
  });
});
