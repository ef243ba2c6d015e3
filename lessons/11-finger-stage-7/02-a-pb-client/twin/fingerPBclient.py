# The tutorial's PB client (fingerPBclient, fixed), and, so that it has something to call,
# a small PB finger server in the same program.
from twisted.internet import defer, reactor
from twisted.spread import pb


# The server: a root like the last step's, on a dictionary instead of /etc/users.
class FingerRoot(pb.Root):
    def __init__(self, users):
        self.users = users

    def remote_getUser(self, username):
        return defer.succeed(self.users.get(username, b"No such user"))

    def remote_getUsers(self):
        return defer.succeed(list(self.users.keys()))


reactor.listenTCP(8889, pb.PBServerFactory(FingerRoot({b"moshez": b"happy and well", b"shawn": b"alive"})))


# The client: get the root object of the PB server on `host`, then call its methods.
def ask(host):
    factory = pb.PBClientFactory()
    # connectTCP tells the factory when the connection fails, and the factory fails getRootObject's Deferred.
    reactor.connectTCP(host, 8889, factory)
    return factory.getRootObject().addCallbacks(gotObject, gotNoObject)


def gotObject(object):
    print("got object: " + type(object).__name__)
    # The keys are bytes on Python 3: ask for b"moshez", not "moshez".
    d = object.callRemote("getUser", b"moshez")
    d.addCallback(lambda data: print("server sent: " + data.decode()))
    d.addCallback(lambda _: object.callRemote("getUsers"))
    d.addCallback(lambda users: print("users: " + ", ".join(user.decode() for user in users)))
    d.addCallback(lambda _: object.callRemote("nope"))
    d.addErrback(lambda reason: print("nope failed: " + reason.getErrorMessage()))
    return d


def gotNoObject(reason):
    print("no object: " + reason.getErrorMessage())


d = ask("127.0.0.1")
# finger.example.org runs a finger server on port 79, and no PB server.
d.addCallback(lambda _: ask("finger.example.org"))
d.addBoth(lambda _: reactor.stop())
reactor.run()
