"""A real Twisted PB server for the engine's PB client tests.

Usage: twisted_pb_server.py ROOT_PORT LOGIN_PORT
Prints "ready" once both ports listen.
"""
import sys

from twisted.cred import checkers, portal
from twisted.internet import defer, reactor
from twisted.spread import pb
from zope.interface import implementer


class Echoer(pb.Referenceable):
    def remote_shout(self, text):
        return text.upper()


class Oops(pb.Error):
    pass


class FingerRoot(pb.Root):
    def remote_getUser(self, user):
        return user + b" is happy"

    def remote_echo(self, value):
        return value

    def remote_later(self, value):
        d = defer.Deferred()
        reactor.callLater(0.05, d.callback, value * 2)
        return d

    def remote_echoer(self):
        return Echoer()

    def remote_callBack(self, ref):
        return ref.callRemote("shout", "from the server")

    def remote_oops(self):
        raise Oops("expected trouble")

    def remote_boom(self):
        raise TypeError("unexpected trouble")


class User(pb.Avatar):
    def __init__(self, name):
        self.name = name

    def perspective_whoami(self):
        return self.name.decode()


@implementer(portal.IRealm)
class Realm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        return pb.IPerspective, User(avatarId), lambda: None


reactor.listenTCP(int(sys.argv[1]), pb.PBServerFactory(FingerRoot()), interface="127.0.0.1")
checker = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"1234")
reactor.listenTCP(int(sys.argv[2]), pb.PBServerFactory(portal.Portal(Realm(), [checker])), interface="127.0.0.1")
reactor.callWhenRunning(lambda: print("ready", flush=True))
reactor.run()
