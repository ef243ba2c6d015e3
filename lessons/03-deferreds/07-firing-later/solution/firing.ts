// Deferreds fired by timers: pass a function, and fire only once.
import { defer, reactor, task } from "twisted/internet";

const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// x * 3, two seconds from now.
function tripleLater(x: number): defer.Deferred<number> {
  const d = new defer.Deferred<number>();
  reactor.callLater(2, d.callback, x * 3);
  return d;
}

// The same, with the helper that does the scheduling and the firing for you.
function tripleLaterToo(x: number): defer.Deferred<number> {
  return task.deferLater(reactor, 2, (n: number) => n * 3, x);
}

// Two mirrors answer the same question; the first answer wins.
function fromFastestMirror(): defer.Deferred<string> {
  const d = new defer.Deferred<string>();
  const answer = (name: string) => {
    if (!d.called) d.callback(name);
  };
  reactor.callLater(1, answer, "mirror A");
  reactor.callLater(3, answer, "mirror B");
  return d;
}

tripleLater(7).addCallback((result) => console.log(`${now()} callLater: 7 * 3 = ${result}`));
tripleLaterToo(7).addCallback((result) => console.log(`${now()} deferLater: 7 * 3 = ${result}`));
fromFastestMirror().addCallback((name) => console.log(`${now()} fastest: ${name}`));
console.log(`${now()} asked`);

reactor.callLater(4, () => reactor.stop());
reactor.run();
