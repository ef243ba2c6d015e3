"""A real Twisted PB client for the engine's PB server tests.

Usage: twisted_pb_client.py ROOT_PORT LOGIN_PORT
Prints one line per call: LABEL OK repr(result) or LABEL ERR type message pbError|-.
"""
import sys

from twisted.cred.credentials import UsernamePassword
from twisted.internet import defer, reactor, task
from twisted.spread import pb


class Shouter(pb.Referenceable):
    def remote_shout(self, text):
        return text.upper()


def show(label, d):
    def ok(value):
        if isinstance(value, pb.RemoteReference):
            value = "RemoteReference"
        print(label, "OK", repr(value), flush=True)

    def bad(f):
        kind = f.type.decode() if isinstance(f.type, bytes) else str(f.type)
        print(label, "ERR", kind, f.getErrorMessage(), "pbError" if f.check(pb.Error) else "-", flush=True)

    return d.addCallbacks(ok, bad)


@defer.inlineCallbacks
def main(reactor, rootPort, loginPort):
    factory = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", rootPort, factory)
    root = yield factory.getRootObject()
    yield show("getUser", root.callRemote("getUser", b"moshez"))
    yield show("echoStr", root.callRemote("echo", "h\u00e9llo"))
    yield show("echoMixed", root.callRemote("echo", [1, 2.5, None, True, b"b", (1, 2)]))
    yield show("echoDict", root.callRemote("echo", {"a": 1}))
    yield show("later", root.callRemote("later", 21))
    echoer = yield root.callRemote("echoer")
    yield show("echoer", echoer.callRemote("shout", "hi"))
    yield show("callBack", root.callRemote("callBack", Shouter()))
    yield show("nosuch", root.callRemote("nosuch"))
    yield show("oops", root.callRemote("oops"))
    yield show("boom", root.callRemote("boom"))
    factory.disconnect()

    good = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", loginPort, good)
    avatar = yield good.login(UsernamePassword(b"alice", b"1234"))
    yield show("whoami", avatar.callRemote("whoami"))
    good.disconnect()
    bad = pb.PBClientFactory()
    reactor.connectTCP("127.0.0.1", loginPort, bad)
    yield show("badLogin", bad.login(UsernamePassword(b"alice", b"wrong")))
    bad.disconnect()


task.react(main, [int(sys.argv[1]), int(sys.argv[2])])
