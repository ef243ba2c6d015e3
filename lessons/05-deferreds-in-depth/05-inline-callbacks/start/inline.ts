// The report from "Chaining Deferreds", now with an unknown user.
import { defer, reactor } from "twisted/internet";
import { failure } from "twisted/python";

class UnknownUser extends Error {}

const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch" };
const plans: Record<string, string> = { alice: "finish the finger server", bob: "learn Twisted" };
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// The status arrives after one second; an unknown user fails.
function getStatus(user: string): defer.Deferred<string> {
  const d = new defer.Deferred<string>();
  reactor.callLater(1, () => {
    const status = statuses[user];
    if (status === undefined) d.errback(new UnknownUser(user));
    else d.callback(status);
  });
  return d;
}

// The plan arrives after two seconds.
function getPlan(user: string): defer.Deferred<string> {
  const d = new defer.Deferred<string>();
  reactor.callLater(2, () => d.callback(plans[user] ?? "no plan"));
  return d;
}

// First the status, then the plan; an unknown user gets a short answer.
function getReport(user: string): defer.Deferred<string> {
  return getStatus(user).addCallbacks(
    (status) => getPlan(user).addCallback((plan) => `${user}: ${status}; plan: ${plan}`),
    (reason: failure.Failure) => {
      reason.trap(UnknownUser);
      return `${user}: no such user`;
    },
  );
}

for (const user of ["alice", "nobody"]) {
  getReport(user).addCallback((report) => console.log(`${now()} ${report}`));
}

reactor.callLater(4, () => reactor.stop());
reactor.run();
