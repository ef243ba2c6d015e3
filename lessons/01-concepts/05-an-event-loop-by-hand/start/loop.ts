// An event loop written by hand, then the same program on Twisted's reactor.
import { reactor } from "twisted/internet";

type Handler = () => void;

interface TimedEvent {
  time: number;
  handler: Handler;
}

// ---- The hand-made loop: a clock and a list of events waiting for their time ----
let now = 0;
const pending: TimedEvent[] = [];

function callLater(delay: number, handler: Handler): void {
  pending.push({ time: now + delay, handler });
}

function run(): void {
  while (pending.length > 0) {
    // This takes the events in the order they were scheduled. Is that the order they are due?
    const event = pending.shift()!;
    now = event.time;
    event.handler();
  }
}

// ---- One program, written against any loop that offers "schedule" and "clock" ----
function program(schedule: (delay: number, f: Handler) => void, clock: () => number, log: string[]): void {
  const say = (what: string) => log.push(`${clock()}s ${what}`);
  schedule(3, () => say("the nightly backup starts"));
  schedule(1, () => {
    say("alice's request arrives");
    schedule(1, () => say("alice's answer is ready"));
  });
  schedule(0, () => say("the server is listening"));
  schedule(4, () => say("bob's request arrives"));
}

const byHand: string[] = [];
program(callLater, () => now, byHand);
run();
console.log("Your loop:");
for (const line of byHand) console.log(`  ${line}`);

const byReactor: string[] = [];
const started = reactor.seconds();
program(
  (delay, f) => reactor.callLater(delay, f),
  () => Math.round(reactor.seconds() - started),
  byReactor,
);
reactor.callLater(5, () => {
  console.log("Twisted's reactor:");
  for (const line of byReactor) console.log(`  ${line}`);
  if (byHand.join("\n") === byReactor.join("\n")) {
    console.log("Same events, same order, same times: your loop schedules like the reactor.");
  } else {
    console.log("The two runs differ: your loop must always run the earliest event next.");
  }
  reactor.stop();
});
reactor.run();
