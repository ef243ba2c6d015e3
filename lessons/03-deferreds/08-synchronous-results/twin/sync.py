# Some answers are ready at once. The API should not care.
from twisted.internet import defer, reactor

statuses = {"alice": "Happy and well", "bob": "Out to lunch"}
cache = {}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# A synchronous check: returns the name, or raises.
def validate(user):
    if " " in user:
        raise ValueError("a user name cannot contain spaces")
    return user


# One second the first time; at once from the cache after that.
def getStatus(user):
    if user in cache:
        return defer.succeed(cache[user])
    d = defer.Deferred()
    reactor.callLater(1, d.callback, statuses.get(user, "No such user"))

    def remember(status):
        cache[user] = status
        return status

    return d.addCallback(remember)


def lookUp(user):
    defer.maybeDeferred(validate, user).addCallback(getStatus).addCallbacks(
        lambda status: print(f"{now()} {user}: {status}"),
        lambda reason: print(f"{now()} {user}: rejected ({reason.getErrorMessage()})"),
    )


def later():
    lookUp("alice")
    lookUp("bob")


lookUp("alice")
lookUp("bad name")
reactor.callLater(2, later)

reactor.callLater(4, reactor.stop)
reactor.run()
