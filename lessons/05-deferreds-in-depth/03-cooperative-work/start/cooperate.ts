// Two long computations. Done in one go, each holds the reactor until it is finished.
import { reactor } from "twisted/internet";

const turns: string[] = [];

// The n-th Fibonacci number, one addition per turn.
function fibonacci(n: number): bigint {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) {
    [a, b] = [b, a + b];
    turns.push("F");
  }
  return a;
}

// How many primes there are below `limit`, one candidate per turn.
function countPrimes(limit: number): number {
  let count = 0;
  for (let candidate = 2; candidate < limit; candidate++) {
    let prime = true;
    for (let divisor = 2; divisor * divisor <= candidate; divisor++) {
      if (candidate % divisor === 0) prime = false;
    }
    if (prime) count++;
    turns.push("P");
  }
  return count;
}

const fib = fibonacci(3000);
const primes = countPrimes(1000);
console.log(`first turns: ${turns.slice(0, 8).join(" ")}`);
console.log(`F(3000) has ${fib.toString().length} digits`);
console.log(`there are ${primes} primes below 1000`);
