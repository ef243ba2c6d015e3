// Predict the order of the events A to H: one Deferred waits inside another's chain.
import { defer, reactor } from "twisted/internet";

// Your prediction: the eight letters, in the order they will be recorded.
const predicted: string[] = ["D", "A", "E", "F", "C", "B", "G", "H"];

const started = reactor.seconds();
const happened: string[] = [];
const details: string[] = [];

function record(letter: string, what: string) {
  happened.push(letter);
  details.push(`  ${(reactor.seconds() - started).toFixed(0)}s ${letter}: ${what}`);
}

function describe(value: unknown): string {
  return value === undefined ? "no result at all" : `"${value}"`;
}

const outer = new defer.Deferred<string>();
const inner = new defer.Deferred<string>();

outer.addCallback((name) => {
  record("A", `outer's first callback got ${describe(name)} and returns inner`);
  return inner;
});
outer.addCallback((plan) => {
  record("B", `outer's second callback got ${describe(plan)}`);
  return plan;
});
inner.addCallback((plan) => {
  record("C", `inner's own callback got ${describe(plan)}`);
  return plan.toUpperCase();
});

reactor.callLater(1, () => {
  record("D", "the timer at 1s fires outer");
  outer.callback("alice");
});
reactor.callLater(2, () => {
  record("E", "the timer at 2s runs");
});
reactor.callLater(3, () => {
  record("F", "the timer at 3s fires inner");
  inner.callback("finish the finger server");
  record("G", "inner.callback() returned");
});
reactor.callLater(4, () => {
  inner.addCallback((value) => {
    record("H", `a callback added to inner at 4s got ${describe(value)}`);
  });
  console.log(`You predicted: ${predicted.length ? predicted.join(" ") : "(nothing yet)"}`);
  console.log(`It happened:   ${happened.join(" ")}`);
  console.log(predicted.join() === happened.join() ? "Your prediction is right." : "Not yet. Read the details below, then try again.");
  for (const line of details) console.log(line);
  reactor.stop();
});

reactor.run();
