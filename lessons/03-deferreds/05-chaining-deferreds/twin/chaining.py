# A report needs two slow lookups, one after the other.
from twisted.internet import defer, reactor

statuses = {"alice": "Happy and well", "bob": "Out to lunch"}
plans = {"alice": "finish the finger server", "bob": "learn Twisted"}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# The status arrives after one second.
def getStatus(user):
    d = defer.Deferred()
    reactor.callLater(1, d.callback, statuses.get(user, "No such user"))
    return d


# The plan arrives after two seconds.
def getPlan(user):
    d = defer.Deferred()
    reactor.callLater(2, d.callback, plans.get(user, "no plan"))
    return d


# First the status, then the plan: "Happy and well; plan: finish the finger server".
def getReport(user):
    def withPlan(status):
        # Returning a Deferred from a callback makes the outer chain wait for it.
        return getPlan(user).addCallback(lambda plan: f"{status}; plan: {plan}")

    return getStatus(user).addCallback(withPlan)


def printReport(report, user):
    print(f"{now()} {user}: {report}")


for user in ["alice", "bob"]:
    getReport(user).addCallback(printReport, user)

reactor.callLater(4, reactor.stop)
reactor.run()
