// A program that does one job in a thread, then ends: once, and cleanly.
import { error, reactor } from "twisted/internet";
import { sleep } from "time";

const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

// A blocking job: it runs in a thread from the reactor's pool. The reactor is
// not thread-safe, so the thread touches it only through callFromThread.
function backUp(): void {
  sleep(3);
  reactor.callFromThread(finished);
}

// Back in the reactor's thread once the backup is done.
function finished(): void {
  console.log(`${now()} backup done`);
  reactor.stop();
}

reactor.addSystemEventTrigger("before", "shutdown", () => console.log(`${now()} shutting down`));
reactor.callWhenRunning(() => console.log(`${now()} reactor running`));
reactor.callInThread(backUp);

reactor.run();
console.log(`${now()} reactor.run() returned`);

try {
  reactor.run();
} catch (e) {
  if (!(e instanceof error.ReactorNotRestartable)) throw e;
  console.log(`${now()} running it again: ReactorNotRestartable`);
}
