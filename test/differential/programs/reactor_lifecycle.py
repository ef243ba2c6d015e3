from twisted.internet import reactor, task, defer
import sys
def say(x): print(x); sys.stdout.flush()
reactor.addSystemEventTrigger("before", "shutdown", lambda: say("before-shutdown: waiting for cleanup"))
reactor.addSystemEventTrigger("before", "shutdown", lambda: task.deferLater(reactor, 1, lambda: say("cleanup done")))
reactor.addSystemEventTrigger("during", "shutdown", lambda: say("during-shutdown"))
reactor.addSystemEventTrigger("after", "shutdown", lambda: say("after-shutdown"))
reactor.addSystemEventTrigger("before", "startup", lambda: say("before-startup"))
reactor.addSystemEventTrigger("during", "startup", lambda: say("during-startup running=%s" % reactor.running))
reactor.addSystemEventTrigger("after", "startup", lambda: say("after-startup running=%s" % reactor.running))
reactor.callWhenRunning(say, "callWhenRunning")
reactor.callLater(0, say, "callLater(0)")
def first():
    reactor.callLater(0, say, "timer B")
    reactor.callFromThread(say, "callFromThread A")
    say("first done")
reactor.callLater(0.1, first)
removed = reactor.addSystemEventTrigger("after", "shutdown", say, "a removed trigger must not run")
reactor.removeSystemEventTrigger(removed)
def stop():
    say("stopping")
    reactor.stop()
    reactor.callLater(0, say, "callLater(0) after stop")
    try:
        reactor.stop()
    except Exception as e:
        say("second stop: %s" % type(e).__name__)
reactor.callLater(0.5, stop)
say("calling run")
reactor.run()
say("run returned")
try:
    reactor.run()
except Exception as e:
    say("run again: %s" % type(e).__name__)
