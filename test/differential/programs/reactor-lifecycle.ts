// The reactor's lifecycle: startup and shutdown triggers in their phases, a
// "before shutdown" trigger whose Deferred is waited for, stop() twice, and
// what follows reactor.run(); callFromThread's calls run before the next
// turn's delayed calls; a removed trigger (twin of reactor_lifecycle.py).
import { reactor, task } from "twisted/internet";

const say = (text: string) => console.log(text);
reactor.addSystemEventTrigger("before", "shutdown", () => say("before-shutdown: waiting for cleanup"));
reactor.addSystemEventTrigger("before", "shutdown", () => task.deferLater(reactor, 1, () => say("cleanup done")));
reactor.addSystemEventTrigger("during", "shutdown", () => say("during-shutdown"));
reactor.addSystemEventTrigger("after", "shutdown", () => say("after-shutdown"));
reactor.addSystemEventTrigger("before", "startup", () => say("before-startup"));
reactor.addSystemEventTrigger("during", "startup", () => say(`during-startup running=${reactor.running ? "True" : "False"}`));
reactor.addSystemEventTrigger("after", "startup", () => say(`after-startup running=${reactor.running ? "True" : "False"}`));
reactor.callWhenRunning(say, "callWhenRunning");
reactor.callLater(0, say, "callLater(0)");
function first() {
  reactor.callLater(0, say, "timer B");
  reactor.callFromThread(say, "callFromThread A");
  say("first done");
}
reactor.callLater(0.1, first);
const removed = reactor.addSystemEventTrigger("after", "shutdown", say, "a removed trigger must not run");
reactor.removeSystemEventTrigger(removed);
function stop() {
  say("stopping");
  reactor.stop();
  reactor.callLater(0, say, "callLater(0) after stop");
  try {
    reactor.stop();
  } catch (e) {
    say(`second stop: ${(e as Error).name}`);
  }
}
reactor.callLater(0.5, stop);
say("calling run");
reactor.run();
say("run returned");
try {
  reactor.run();
} catch (e) {
  say(`run again: ${(e as Error).name}`);
}
