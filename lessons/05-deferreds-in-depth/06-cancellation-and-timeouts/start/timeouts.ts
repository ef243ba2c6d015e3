// Giving up on slow answers: cancellation and timeouts.
import { defer, reactor } from "twisted/internet";
import { failure } from "twisted/python";

const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch", carol: "Writing a compiler" };
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// The status arrives after `delay` seconds.
function getStatus(user: string, delay: number): defer.Deferred<string> {
  const d = new defer.Deferred<string>();
  reactor.callLater(delay, () => d.callback(statuses[user] ?? "No such user"));
  return d;
}

function show(user: string, d: defer.Deferred<string>) {
  d.addCallbacks(
    (status) => console.log(`${now()} ${user}: ${status}`),
    (reason: failure.Failure) => {
      if (reason.check(defer.TimeoutError)) console.log(`${now()} ${user}: timed out`);
      else if (reason.check(defer.CancelledError)) console.log(`${now()} ${user}: cancelled`);
      else return reason;
    },
  );
}

show("alice", getStatus("alice", 1));

// bob's answer takes ten seconds. Nobody should wait that long.
show("bob", getStatus("bob", 10));

// carol's answer takes five seconds, but at 2s we no longer need it.
const carol = getStatus("carol", 5);
show("carol", carol);
reactor.callLater(2, () => carol.cancel());

reactor.callLater(4, () => {
  console.log(`${now()} timers still waiting: ${reactor.getDelayedCalls().length}`);
  reactor.stop();
});
reactor.run();
