// Testing a protocol that uses time, without waiting for time to pass.
import { address, protocol, task } from "twisted/internet";
import { basic } from "twisted/protocols";

const statuses: Record<string, string> = { alice: "Happy and well" };

// Anything that can schedule a call: the reactor when serving, a task.Clock in tests.
interface Scheduler {
  callLater(delay: number, f: () => void): { cancel(): void };
}

// Answers two seconds after the name arrives; hangs up after ten silent seconds.
class StatusProtocol extends basic.LineReceiver<StatusFactory> {
  private idle: { cancel(): void } | null = null;

  connectionMade() {
    this.idle = this.factory.clock.callLater(10, () => this.transport!.loseConnection());
  }

  lineReceived(user: string) {
    this.idle?.cancel();
    this.idle = null;
    this.factory.clock.callLater(2, () => {
      this.sendLine(statuses[user] ?? "No such user");
      this.transport!.loseConnection();
    });
  }
}

class StatusFactory extends protocol.ServerFactory {
  protocol = StatusProtocol;
  constructor(readonly clock: Scheduler) {
    super();
  }
}

// ---- The tests ----

// A transport that only records. (Python's Twisted ships one: twisted.internet.testing.StringTransport.)
class RecordingTransport {
  written = "";
  disconnecting = false;
  write(data: string) {
    this.written += data;
  }
  loseConnection() {
    this.disconnecting = true;
  }
}

// A protocol from the factory, connected to a recording transport, on the given clock.
function connect(clock: task.Clock) {
  const factory = new StatusFactory(clock);
  const proto = factory.buildProtocol(new address.IPv4Address("TCP", "127.0.0.1", 50000))!;
  const transport = new RecordingTransport();
  // The recording transport has the parts this protocol uses: write and loseConnection.
  proto.makeConnection(transport as unknown as protocol.ITransport);
  return { proto, transport };
}

let count = 0;
let passed = 0;

function test(name: string, body: () => boolean) {
  count++;
  const ok = body();
  if (ok) passed++;
  console.log(`${ok ? "ok" : "not ok"} ${count} - ${name}`);
}

test("answers two seconds after the name arrives", () => {
  const clock = new task.Clock();
  const { proto, transport } = connect(clock);
  proto.dataReceived("alice\r\n");
  const before = transport.written;
  clock.advance(2);
  return before === "" && transport.written === "Happy and well\r\n" && transport.disconnecting;
});

test("hangs up after ten seconds of silence", () => {
  const clock = new task.Clock();
  const { transport } = connect(clock);
  clock.advance(9);
  const stillOpen = !transport.disconnecting;
  clock.advance(1);
  return stillOpen && transport.disconnecting;
});

test("an answered connection leaves no timers behind", () => {
  const clock = new task.Clock();
  const { proto, transport } = connect(clock);
  proto.dataReceived("alice\r\n");
  clock.advance(2);
  return transport.written === "Happy and well\r\n" && clock.getDelayedCalls().length === 0;
});

console.log(`${passed} of ${count} tests passed`);
