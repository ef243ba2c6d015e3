// The chapter in one program: reports built from Deferreds.
import { defer, reactor } from "twisted/internet";
import { failure } from "twisted/python";

class UnknownUser extends Error {}

const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch" };
const plans: Record<string, string> = { alice: "finish the finger server", bob: "learn Twisted" };
const planDelays: Record<string, number> = { alice: 2, bob: 10 };
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// Synchronous, and may throw.
function validate(user: string): string {
  if (user.includes(" ")) throw new Error("a user name cannot contain spaces");
  return user;
}

// A Deferred fired by a timer; cancelling it cancels the timer.
function later<T>(seconds: number, produce: () => T): defer.Deferred<T> {
  const d = new defer.Deferred<T>(() => call.cancel());
  const call = reactor.callLater(seconds, () => {
    try {
      d.callback(produce());
    } catch (error) {
      d.errback(error);
    }
  });
  return d;
}

function getStatus(user: string): defer.Deferred<string> {
  return later(1, () => {
    const status = statuses[user];
    if (status === undefined) throw new UnknownUser(user);
    return status;
  });
}

function getPlan(user: string): defer.Deferred<string> {
  return later(planDelays[user] ?? 0, () => plans[user] ?? "no plan");
}

function report(user: string): defer.Deferred<string> {
  return defer
    .maybeDeferred(validate, user) // an exception becomes a failure
    .addCallback(getStatus) // a returned Deferred pauses the chain
    .addCallback((status) => getPlan(user).addCallback((plan) => `${status}; plan: ${plan}`))
    .addTimeout(4, reactor) // give up after four seconds
    .addErrback((reason: failure.Failure) => {
      if (reason.check(UnknownUser)) return "no such user";
      if (reason.check(defer.TimeoutError)) return "timed out";
      return `rejected (${reason.getErrorMessage()})`;
    });
}

for (const user of ["alice", "bob", "nobody", "bad name"]) {
  report(user).addCallback((line) => console.log(`${now()} ${user}: ${line}`));
}

reactor.callLater(5, () => {
  console.log(`${now()} timers still waiting: ${reactor.getDelayedCalls().length}`);
  reactor.stop();
});
reactor.run();
