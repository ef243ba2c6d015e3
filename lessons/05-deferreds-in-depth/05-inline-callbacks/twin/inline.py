# The report from "Chaining Deferreds", written as a generator.
from twisted.internet import defer, reactor


class UnknownUser(Exception):
    pass


statuses = {"alice": "Happy and well", "bob": "Out to lunch"}
plans = {"alice": "finish the finger server", "bob": "learn Twisted"}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# The status arrives after one second; an unknown user fails.
def getStatus(user):
    d = defer.Deferred()

    def lookUp():
        if user in statuses:
            d.callback(statuses[user])
        else:
            d.errback(UnknownUser(user))

    reactor.callLater(1, lookUp)
    return d


# The plan arrives after two seconds.
def getPlan(user):
    d = defer.Deferred()
    reactor.callLater(2, d.callback, plans.get(user, "no plan"))
    return d


# First the status, then the plan; an unknown user gets a short answer.
# Each `yield` waits for a Deferred and gives back its result, or raises its failure.
@defer.inlineCallbacks
def getReport(user):
    try:
        status = yield getStatus(user)
    except UnknownUser:
        return f"{user}: no such user"
    plan = yield getPlan(user)
    return f"{user}: {status}; plan: {plan}"


for user in ["alice", "nobody"]:
    getReport(user).addCallback(lambda report: print(f"{now()} {report}"))

reactor.callLater(4, reactor.stop)
reactor.run()
