/** Small learner programs whose recorded runs the debugger's tests step through. */

/** A Deferred fired by a timer, one callback that prints: the recording test's program. */
export const TRIPLE = `import { reactor, defer } from "twisted/internet";
function triple(x: number) {
  const d = new defer.Deferred<number>();
  reactor.callLater(2, () => d.callback(x * 3));
  return d;
}
const d = triple(3);
d.addCallback((v: number) => { console.log("got " + v); return v + 1; });
reactor.callLater(3, () => reactor.stop());
reactor.run();`;

/** A Failure down the errback side: an errback that logs and re-raises, then nothing: unhandled. */
export const FAILING = `import { defer, reactor } from "twisted/internet";
class UnknownUser extends Error {}
function getStatus(user: string) {
  const d = new defer.Deferred<string>();
  reactor.callLater(1, () => d.errback(new UnknownUser(user)));
  return d;
}
const d = getStatus("nobody");
d.addCallback((status: string) => "line: " + status);
d.addErrback((reason: any) => { console.log("failed: " + reason.getErrorMessage()); throw reason; });
d.addCallback((line: string) => console.log(line));
reactor.callLater(2, () => reactor.stop());
reactor.run();`;

/** A callback that raises, an errback that recovers: the result crosses over and back. */
export const RECOVERING = `import { defer } from "twisted/internet";
const d = new defer.Deferred<number>();
d.addCallback((x: number) => { if (x > 1) throw new RangeError("too big: " + x); return x; });
d.addErrback((f: any) => -1);
d.addCallback((x: number) => x * 2);
d.callback(5);`;

/** A callback returns a Deferred that fires later: the outer chain waits on the inner one. */
export const CHAINED = `import { defer, reactor } from "twisted/internet";
function lookup(name: string): defer.Deferred<number> {
  const inner = new defer.Deferred<number>();
  reactor.callLater(1, () => inner.callback(name.length));
  return inner;
}
const d = defer.succeed("alice");
d.addCallback((name: string) => lookup(name));
d.addCallback((n: number) => n * 10);
reactor.callLater(2, () => reactor.stop());
reactor.run();`;

/** A DeferredList over a timer and a failing Deferred, and a cancelled Deferred. */
export const FAN_IN = `import { defer, reactor, task } from "twisted/internet";
const a = task.deferLater(reactor, 1, () => 1);
const b = new defer.Deferred<number>();
reactor.callLater(2, () => b.errback(new Error("b failed")));
const both = new defer.DeferredList([a, b], { consumeErrors: true });
both.addCallback((results: any) => console.log(results.length));
const c = new defer.Deferred<number>();
c.addErrback((f: any) => "cancelled");
reactor.callLater(0.5, () => c.cancel());
reactor.callLater(3, () => reactor.stop());
reactor.run();`;

/** A server and a client: I/O events, ports and connections. */
export const SERVER = `import { reactor, protocol } from "twisted/internet";
class Echo extends protocol.Protocol {
  dataReceived(data: string) { this.transport!.write(data); }
}
const factory = new protocol.ServerFactory();
factory.protocol = Echo;
reactor.listenTCP(1079, factory);
reactor.run();`;

/** Many timers and Deferreds: a trace longer than a few checkpoints. */
export const BUSY = `import { defer, reactor } from "twisted/internet";
let total = 0;
function tick(i: number) {
  const d = new defer.Deferred<number>();
  d.addCallback((x: number) => x + 1);
  d.addCallback((x: number) => { total += x; return x; });
  if (i % 7 === 0) reactor.callLater(0.5, () => d.callback(i));
  else d.callback(i);
  if (i % 11 === 0) reactor.callLater(5, () => {}).cancel();
}
for (let i = 0; i < 200; i++) reactor.callLater(i * 0.01, tick, i);
reactor.callLater(10, () => reactor.stop());
reactor.run();`;
