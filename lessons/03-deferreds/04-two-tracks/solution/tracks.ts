// Predict which functions run when the same chain is fired three different ways.
import { defer } from "twisted/internet";
import { failure } from "twisted/python";

// Your predictions: the letters of the functions that run, in order, for each way of firing.
const predicted: Record<string, string[]> = {
  "callback(3)": ["a", "b", "d", "f"],
  "callback(8)": ["a", "b", "e", "f"],
  "errback(error)": ["c", "d", "f"],
};

function build(d: defer.Deferred<number>, ran: string[]) {
  return d
    .addCallback(function a(n: number) {
      ran.push("a");
      return n * 2;
    })
    .addCallbacks(
      function b(n: number) {
        ran.push("b");
        if (n > 10) throw new Error(`${n} is too big`);
        return n;
      },
      function c(reason: failure.Failure) {
        ran.push("c");
        return 0;
      },
    )
    .addCallback(function d(n: number) {
      ran.push("d");
      return n + 1;
    })
    .addErrback(function e(reason: failure.Failure) {
      ran.push("e");
      return -1;
    })
    .addBoth(function f(result: number | failure.Failure) {
      ran.push("f");
      return result;
    });
}

const ways: Record<string, (d: defer.Deferred<number>) => void> = {
  "callback(3)": (d) => d.callback(3),
  "callback(8)": (d) => d.callback(8),
  "errback(error)": (d) => d.errback(new Error("the lookup failed")),
};

let right = 0;
for (const [way, fire] of Object.entries(ways)) {
  const ran: string[] = [];
  const d = new defer.Deferred<number>();
  let final: unknown;
  build(d, ran).addCallback((result) => {
    final = result;
  });
  fire(d);
  const guess = predicted[way] ?? [];
  const ok = guess.join() === ran.join();
  if (ok) right++;
  console.log(`${way}: ran ${ran.join(" ")}, final result ${final}; you predicted ${guess.join(" ") || "nothing"} ${ok ? "(right)" : "(not yet)"}`);
}
console.log(right === 3 ? "All three predictions are right." : `${right} of 3 predictions right so far.`);
