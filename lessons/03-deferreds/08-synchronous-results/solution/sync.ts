// Some answers are ready at once. The API should not care.
import { defer, reactor } from "twisted/internet";
import { failure } from "twisted/python";

const statuses: Record<string, string> = { alice: "Happy and well", bob: "Out to lunch" };
const cache = new Map<string, string>();
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// A synchronous check: returns the name, or throws.
function validate(user: string): string {
  if (user.includes(" ")) throw new Error("a user name cannot contain spaces");
  return user;
}

// One second the first time; at once from the cache after that.
function getStatus(user: string): defer.Deferred<string> {
  const cached = cache.get(user);
  if (cached !== undefined) return defer.succeed(cached);
  const d = new defer.Deferred<string>();
  reactor.callLater(1, () => d.callback(statuses[user] ?? "No such user"));
  return d.addCallback((status) => {
    cache.set(user, status);
    return status;
  });
}

function lookUp(user: string) {
  defer.maybeDeferred(validate, user).addCallback(getStatus).addCallbacks(
    (status) => console.log(`${now()} ${user}: ${status}`),
    (reason: failure.Failure) => console.log(`${now()} ${user}: rejected (${reason.getErrorMessage()})`),
  );
}

lookUp("alice");
lookUp("bad name");
reactor.callLater(2, () => {
  lookUp("alice");
  lookUp("bob");
});

reactor.callLater(4, () => reactor.stop());
reactor.run();
