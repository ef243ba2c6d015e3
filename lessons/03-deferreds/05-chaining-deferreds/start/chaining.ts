// A report needs two slow lookups, one after the other.
import { defer, reactor } from "twisted/internet";

const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch" };
const plans: Record<string, string> = { alice: "finish the finger server", bob: "learn Twisted" };
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// The status arrives after one second.
function getStatus(user: string): defer.Deferred<string> {
  const d = new defer.Deferred<string>();
  reactor.callLater(1, () => d.callback(statuses[user] ?? "No such user"));
  return d;
}

// The plan arrives after two seconds.
function getPlan(user: string): defer.Deferred<string> {
  const d = new defer.Deferred<string>();
  reactor.callLater(2, () => d.callback(plans[user] ?? "no plan"));
  return d;
}

// First the status, then the plan: "Happy and well; plan: finish the finger server".
function getReport(user: string) {
  return getStatus(user).addCallback((status) => {
    getPlan(user).addCallback((plan) => `${status}; plan: ${plan}`);
  });
}

for (const user of ["alice", "bob"]) {
  getReport(user).addCallback((report) => {
    console.log(`${now()} ${user}: ${report}`);
  });
}

reactor.callLater(4, () => reactor.stop());
reactor.run();
