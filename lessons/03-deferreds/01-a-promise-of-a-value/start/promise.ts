// A status service that answers with a Deferred.
import { defer, reactor } from "twisted/internet";

const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch" };
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// Returns at once with a Deferred. One second later the Deferred fires with the status.
function getStatus(user: string): defer.Deferred<string> {
  const d = new defer.Deferred<string>();
  reactor.callLater(1, () => d.callback(statuses[user] ?? "No such user"));
  return d;
}

console.log(`${now()} asking for alice's status`);
const status = getStatus("alice");
console.log(`${now()} alice: ${status}`);

reactor.callLater(2, () => reactor.stop());
reactor.run();
