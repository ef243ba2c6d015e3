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

// One question after another: each callback asks the next question.
getStatus("alice", (status) => {
  report("alice", status);
  getStatus("bob", (status) => {
    report("bob", status);
    getStatus("carol", (status) => {
      report("carol", status);
      getStatus("dave", (status) => {
        report("dave", status);
        finish();
      }, (reason) => {
        report("dave", reason);
        finish();
      });
    }, (reason) => report("carol", reason));
  }, (reason) => report("bob", reason));
}, (reason) => report("alice", reason));

reactor.run();
