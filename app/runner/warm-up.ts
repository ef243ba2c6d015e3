/**
 * Warms the runner while the learner reads: runs a small finger server the
 * way a Run does (compiled, instrumented, recorded), talks to it from the
 * terminal's side, and steps it once, in a world of its own that nobody sees.
 * The first real Run then finds the compiler and the engine already compiled
 * by the JavaScript engine instead of paying for it at the learner's click.
 */
import { World } from "../../engine";

/** A program that touches what most lessons use: a LineReceiver server, Deferreds, callLater. */
const WARM_PROGRAM = `import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";

const users: Record<string, string> = { moshez: "Happy and well" };

class FingerProtocol extends basic.LineReceiver {
  lineReceived(user: string) {
    const d = defer.succeed(users[user] ?? "No such user");
    d.addCallback((text: string) => text.toUpperCase()).addErrback(() => "Internal error");
    d.addCallback((text: string) => {
      this.transport!.write(text + "\\r\\n");
      this.transport!.loseConnection();
    });
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
}

// Kept short: a Run clicked during the warm-up waits for it (2,000 ticks here cost a quick learner 0.6 s, measured).
function tick(n: number) {
  const d = new defer.Deferred<number>();
  d.addCallback((x: number) => x + 1).addCallback((x: number) => defer.gatherResults([defer.succeed(x)]));
  d.callback(n);
}
for (let i = 0; i < 50; i++) reactor.callLater(i / 100, tick, i);
console.log("warming up");
endpoints.serverFromString(reactor, "tcp:1079").listen(new FingerFactory());
reactor.run();
`;

/** Runs the warm-up program twice, recorded and paused once, then not. Nothing it does reaches the page. */
export function warmUp(wallClock: () => number): void {
  for (const record of [true, false]) {
    const world = new World({ wallClock, record: record ? { limit: 10_000 } : undefined });
    const outcome = record ? world.startPaused(WARM_PROGRAM, "warm.ts") : world.start(WARM_PROGRAM, "warm.ts");
    if (outcome.status !== "running") continue;
    if (record) world.stepNext();
    const client = world.connect("localhost", 1079);
    world.runUntilIdle();
    world.enter(() => client.send("moshez\r\n"));
    world.advance(3);
    void world.trace.length;
    world.signal("SIGTERM");
    world.advance(1);
  }
}
