// Two long computations that take turns, so neither holds the reactor for long.
import { defer, reactor, task } from "twisted/internet";

const turns: string[] = [];
const results: Record<string, string> = {};

// The n-th Fibonacci number, one addition per turn: `yield` hands control back.
function* fibonacci(n: number): Generator<undefined, void, unknown> {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) {
    [a, b] = [b, a + b];
    turns.push("F");
    yield;
  }
  results.fibonacci = `F(${n}) has ${a.toString().length} digits`;
}

// How many primes there are below `limit`, one candidate per turn.
function* countPrimes(limit: number): Generator<undefined, void, unknown> {
  let count = 0;
  for (let candidate = 2; candidate < limit; candidate++) {
    let prime = true;
    for (let divisor = 2; divisor * divisor <= candidate; divisor++) {
      if (candidate % divisor === 0) prime = false;
    }
    if (prime) count++;
    turns.push("P");
    yield;
  }
  results.primes = `there are ${count} primes below ${limit}`;
}

const work = [task.coiterate(fibonacci(3000)), task.coiterate(countPrimes(1000))];
defer.gatherResults(work).addCallback(() => {
  console.log(`first turns: ${turns.slice(0, 8).join(" ")}`);
  console.log(results.fibonacci);
  console.log(results.primes);
  reactor.stop();
});
reactor.run();
