# The chapter in one program: reports built from Deferreds.
from twisted.internet import defer, reactor


class UnknownUser(Exception):
    pass


statuses = {"alice": "Happy and well", "bob": "Out to lunch"}
plans = {"alice": "finish the finger server", "bob": "learn Twisted"}
planDelays = {"alice": 2, "bob": 10}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# Synchronous, and may raise.
def validate(user):
    if " " in user:
        raise ValueError("a user name cannot contain spaces")
    return user


# A Deferred fired by a timer; cancelling it cancels the timer.
def later(seconds, produce):
    d = defer.Deferred(lambda d: call.cancel())

    def fire():
        try:
            d.callback(produce())
        except Exception as error:
            d.errback(error)

    call = reactor.callLater(seconds, fire)
    return d


def getStatus(user):
    def lookUp():
        if user not in statuses:
            raise UnknownUser(user)
        return statuses[user]

    return later(1, lookUp)


def getPlan(user):
    return later(planDelays.get(user, 0), lambda: plans.get(user, "no plan"))


def report(user):
    def withPlan(status):
        return getPlan(user).addCallback(lambda plan: f"{status}; plan: {plan}")

    def failed(reason):
        if reason.check(UnknownUser):
            return "no such user"
        if reason.check(defer.TimeoutError):
            return "timed out"
        return f"rejected ({reason.getErrorMessage()})"

    d = defer.maybeDeferred(validate, user)  # an exception becomes a failure
    d.addCallback(getStatus)  # a returned Deferred pauses the chain
    d.addCallback(withPlan)
    d.addTimeout(4, reactor)  # give up after four seconds
    d.addErrback(failed)
    return d


def printer(user):
    return lambda line: print(f"{now()} {user}: {line}")


for user in ["alice", "bob", "nobody", "bad name"]:
    report(user).addCallback(printer(user))


def finish():
    print(f"{now()} timers still waiting: {len(reactor.getDelayedCalls())}")
    reactor.stop()


reactor.callLater(5, finish)
reactor.run()
