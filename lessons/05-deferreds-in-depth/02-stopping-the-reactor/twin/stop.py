# A program that does one job in a thread, then ends: once, and cleanly.
import time

from twisted.internet import error, reactor

started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# A blocking job: it runs in a thread from the reactor's pool. The reactor is
# not thread-safe, so the thread touches it only through callFromThread.
def backUp():
    time.sleep(3)
    reactor.callFromThread(finished)


# Back in the reactor's thread once the backup is done.
def finished():
    print(f"{now()} backup done", flush=True)
    reactor.stop()


reactor.addSystemEventTrigger("before", "shutdown", lambda: print(f"{now()} shutting down", flush=True))
reactor.callWhenRunning(lambda: print(f"{now()} reactor running", flush=True))
reactor.callInThread(backUp)

reactor.run()
print(f"{now()} reactor.run() returned", flush=True)

try:
    reactor.run()
except error.ReactorNotRestartable:
    print(f"{now()} running it again: ReactorNotRestartable", flush=True)
