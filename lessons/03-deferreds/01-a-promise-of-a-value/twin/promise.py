# A status service that answers with a Deferred.
from twisted.internet import defer, reactor

statuses = {"alice": "Happy and well", "bob": "Out to lunch"}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# Returns at once with a Deferred. One second later the Deferred fires with the status.
def getStatus(user):
    d = defer.Deferred()
    reactor.callLater(1, d.callback, statuses.get(user, "No such user"))
    return d


print(f"{now()} asking for alice's status")
d = getStatus("alice")


def printStatus(status):
    print(f"{now()} alice: {status}")


d.addCallback(printStatus)
print(f"{now()} asked; the callback is waiting")

reactor.callLater(2, reactor.stop)
reactor.run()
