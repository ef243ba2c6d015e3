// Asking a non-blocking service several questions.
import { reactor } from "twisted/internet";

const statuses: Record<string, string> = {
  alice: "Happy and well",
  bob: "Out to lunch",
  carol: "Writing a compiler",
};
const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// A non-blocking lookup: it returns at once. One second later it calls
// onStatus with the user's status, or onError if there is no such user.
function getStatus(user: string, onStatus: (status: string) => void, onError: (reason: string) => void): void {
  reactor.callLater(1, () => {
    const status = statuses[user];
    if (status === undefined) onError(`no such user: ${user}`);
    else onStatus(status);
  });
}

function finish() {
  console.log(`${now()} all answers are in`);
  reactor.stop();
}

function report(user: string, reason: string) {
  console.log(`${now()} ${user}: ${reason}`);
}

// Every question at once. Each answer, good or bad, counts down; the last one finishes.
const users = ["alice", "bob", "carol", "dave"];
let waiting = users.length;

function answered() {
  waiting--;
  if (waiting === 0) finish();
}

for (const user of users) {
  getStatus(
    user,
    (status) => {
      report(user, status);
      answered();
    },
    (reason) => {
      report(user, reason);
      answered();
    },
  );
}
console.log(`${now()} asked ${users.length} questions`);

reactor.run();
