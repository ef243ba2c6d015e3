# Looking users up can fail, in more than one way.
from twisted.internet import defer, reactor


class UnknownUser(Exception):
    pass


class DatabaseError(Exception):
    pass


statuses = {"alice": "Happy and well"}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# One second later: the status, or a failure.
def getStatus(user):
    d = defer.Deferred()

    def lookUp():
        if user == "mallory":
            d.errback(DatabaseError("the database is down"))
        elif user not in statuses:
            d.errback(UnknownUser(user))
        else:
            d.callback(statuses[user])

    reactor.callLater(1, lookUp)
    return d


def show(user):
    def unknown(reason):
        reason.trap(UnknownUser)  # any other failure goes on down the chain
        return f"{user}: no such user"

    def failed(reason):
        error = f"{reason.type.__name__}: {reason.getErrorMessage()}"
        print(f"{now()} {user}: lookup failed ({error})")

    d = getStatus(user)
    d.addCallback(lambda status: f"{user}: {status}")
    d.addErrback(unknown)
    d.addCallback(lambda line: print(f"{now()} {line}"))
    d.addErrback(failed)


show("alice")
show("nobody")
show("mallory")

reactor.callLater(2, reactor.stop)
reactor.run()
