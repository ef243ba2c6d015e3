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
    // Demultiplex: find the event that is due first. On a tie, the one scheduled first wins.
    let first = 0;
    for (let i = 1; i < pending.length; i++) {
      if (pending[i]!.time < pending[first]!.time) first = i;
    }
    const [event] = pending.splice(first, 1);
    // Dispatch: move the clock to its time and call its handler.
    now = event!.time;
    event!.handler();
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
