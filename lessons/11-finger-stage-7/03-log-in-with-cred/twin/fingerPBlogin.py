# A PB finger server behind a login (twisted.cred), and a client that logs in to it, in one program.
from zope.interface import implementer

from twisted.cred import checkers, credentials, portal
from twisted.internet import defer, reactor
from twisted.spread import pb

USERS = {b"moshez": b"happy and well", b"shawn": b"alive"}


# The server. An avatar is what a user who logged in gets: its perspective_ methods are the ones they may call.
class FingerPerspective(pb.Avatar):
    def perspective_getUser(self, username):
        return defer.succeed(USERS.get(username, b"No such user"))


# The realm makes the avatar for a user the checker has let in.
@implementer(portal.IRealm)
class FingerRealm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        # avatarId is the user the checker let in; a realm could give each user an avatar of their own.
        if pb.IPerspective not in interfaces:
            raise NotImplementedError("FingerRealm only gives out PB perspectives")
        return pb.IPerspective, FingerPerspective(), lambda: None


# The checker knows the passwords; the portal asks it, then asks the realm.
checker = checkers.InMemoryUsernamePasswordDatabaseDontUse()
checker.addUser(b"moshez", b"secret")
thePortal = portal.Portal(FingerRealm(), [checker])
reactor.listenTCP(8889, pb.PBServerFactory(thePortal))


# The client: log in, and call the avatar's methods through the reference login() gives.
def login(username, password):
    factory = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", 8889, factory)
    return factory.login(credentials.UsernamePassword(username, password))


def refused(who):
    def report(reason):
        why = "UnauthorizedLogin" if reason.check("twisted.cred.error.UnauthorizedLogin") else reason.getErrorMessage()
        print(who + ": refused, " + why)

    return report


def loggedIn(perspective):
    print("moshez: logged in, got " + type(perspective).__name__)
    return perspective.callRemote("getUser", b"shawn").addCallback(lambda status: print("shawn: " + status.decode()))


d = login(b"moshez", b"secret")
d.addCallback(loggedIn)
d.addErrback(refused("moshez"))
d.addCallback(lambda _: login(b"moshez", b"wrong").addCallbacks(lambda _: print("moshez with a wrong password: let in!"), refused("moshez with a wrong password")))
d.addCallback(lambda _: login(b"glyph", b"secret").addCallbacks(lambda _: print("glyph: let in!"), refused("glyph")))
d.addBoth(lambda _: reactor.stop())
reactor.run()
