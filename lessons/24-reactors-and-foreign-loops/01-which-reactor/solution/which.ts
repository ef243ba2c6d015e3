// Which reactor runs this program? Whatever it is, the code below does not change.
import { reactor } from "twisted/internet";

reactor.callWhenRunning(() => {
  console.log("the reactor is running");
  reactor.callLater(1, () => {
    console.log("one second later, stopping it");
    reactor.stop();
  });
});
reactor.run();
// The lines after run() run once the reactor has stopped.
console.log(`reactor: ${reactor.constructor.name}`);
