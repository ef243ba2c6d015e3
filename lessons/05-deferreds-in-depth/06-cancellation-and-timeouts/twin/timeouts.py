# Giving up on slow answers: cancellation and timeouts.
from twisted.internet import defer, reactor

statuses = {"alice": "Happy and well", "bob": "Out to lunch", "carol": "Writing a compiler"}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# The status arrives after `delay` seconds. Cancelling the Deferred cancels the timer.
def getStatus(user, delay):
    d = defer.Deferred(lambda d: call.cancel())
    call = reactor.callLater(delay, d.callback, statuses.get(user, "No such user"))
    return d


def show(user, d):
    def failed(reason):
        if reason.check(defer.TimeoutError):
            print(f"{now()} {user}: timed out")
        elif reason.check(defer.CancelledError):
            print(f"{now()} {user}: cancelled")
        else:
            return reason

    d.addCallbacks(lambda status: print(f"{now()} {user}: {status}"), failed)


show("alice", getStatus("alice", 1))

# bob's answer takes ten seconds. Nobody should wait that long.
show("bob", getStatus("bob", 10).addTimeout(3, reactor))

# carol's answer takes five seconds, but at 2s we no longer need it.
carol = getStatus("carol", 5)
show("carol", carol)
reactor.callLater(2, carol.cancel)


def finish():
    print(f"{now()} timers still waiting: {len(reactor.getDelayedCalls())}")
    reactor.stop()


reactor.callLater(4, finish)
reactor.run()
