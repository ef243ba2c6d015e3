// Other programs, as Deferreds: what they print, and how they exit.
import { reactor, utils } from "twisted/internet";

const started = reactor.seconds();

function now(): string {
  return `[${(reactor.seconds() - started).toFixed(0)}s]`;
}

console.log(`${now()} starting sleep 2`);
utils.getProcessValue("/bin/sleep", ["2"]).addCallback((code) => {
  console.log(`${now()} sleep 2 exited with ${code}`);
});
reactor.callLater(1, () => console.log(`${now()} the reactor is free while sleep runs`));

reactor.callLater(3, () => reactor.stop());
reactor.run();
