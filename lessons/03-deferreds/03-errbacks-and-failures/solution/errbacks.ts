// Looking users up can fail, in more than one way.
import { defer, reactor } from "twisted/internet";
import { failure } from "twisted/python";

class UnknownUser extends Error {}

class DatabaseError extends Error {}

const statuses: Record<string, string> = { alice: "Happy and well" };
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// One second later: the status, or a failure.
function getStatus(user: string): defer.Deferred<string> {
  const d = new defer.Deferred<string>();
  reactor.callLater(1, () => {
    if (user === "mallory") d.errback(new DatabaseError("the database is down"));
    else if (statuses[user] === undefined) d.errback(new UnknownUser(user));
    else d.callback(statuses[user]);
  });
  return d;
}

function show(user: string) {
  getStatus(user)
    .addCallback((status) => `${user}: ${status}`)
    .addErrback((reason: failure.Failure) => {
      reason.trap(UnknownUser); // any other failure goes on down the chain
      return `${user}: no such user`;
    })
    .addCallback((line) => {
      console.log(`${now()} ${line}`);
    })
    .addErrback((reason: failure.Failure) => {
      const error = `${reason.type.name}: ${reason.getErrorMessage()}`;
      console.log(`${now()} ${user}: lookup failed (${error})`);
    });
}

show("alice");
show("nobody");
show("mallory");

reactor.callLater(2, () => reactor.stop());
reactor.run();
