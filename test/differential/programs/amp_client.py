# The twin of amp-client.ts: calls every command of the AMP servers and prints what came back.
from twisted.internet import defer, endpoints, reactor
from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Divide(amp.Command):
    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
    response = [(b"result", amp.Float())]
    errors = {ZeroDivisionError: b"ZERO_DIVISION"}


class Greet(amp.Command):
    arguments = [(b"name", amp.Unicode()), (b"raw", amp.String()), (b"loud", amp.Boolean(optional=True))]
    response = [(b"greeting", amp.Unicode()), (b"size", amp.Integer())]


class Collect(amp.Command):
    arguments = [
        (b"numbers", amp.ListOf(amp.Integer())),
        (b"people", amp.AmpList([(b"name", amp.Unicode()), (b"age", amp.Integer())])),
    ]
    response = [(b"total", amp.Float()), (b"oldest", amp.Unicode()), (b"names", amp.ListOf(amp.Unicode()))]


class Later(amp.Command):
    arguments = [(b"x", amp.Integer())]
    response = [(b"x", amp.Integer())]


class Boom(amp.Command):
    pass


class Nope(amp.Command):
    pass


class Client(amp.AMP):
    def connectionLost(self, reason):
        amp.AMP.connectionLost(self, reason)
        print(f"connection lost: {reason.getErrorMessage()}", flush=True)
        reactor.stop()


def describe(f):
    return f"{type(f.value).__name__}: {f.value}"


@defer.inlineCallbacks
def calls(proto):
    total = yield proto.callRemote(Sum, a=13, b=81)
    print(f"sum: {total['total']}", flush=True)
    quotient = yield proto.callRemote(Divide, numerator=10, denominator=4)
    print(f"divide: {quotient['result']}", flush=True)
    byZero = yield proto.callRemote(Divide, numerator=1, denominator=0).addErrback(describe)
    print(f"divide by zero: {byZero}", flush=True)
    greeting = yield proto.callRemote(Greet, name="Wörld", raw=b"\x00\xff\n", loud=True)
    print(f"greet: {greeting['greeting']} {greeting['size']}", flush=True)
    quiet = yield proto.callRemote(Greet, name="you", raw=b"")
    print(f"greet quietly: {quiet['greeting']} {quiet['size']}", flush=True)
    collected = yield proto.callRemote(
        Collect, numbers=[1, 2, 3], people=[{"name": "ann", "age": 30}, {"name": "bob", "age": 41}]
    )
    print(f"collect: {collected['total']:.1f} {collected['oldest']} {','.join(collected['names'])}", flush=True)
    later = yield proto.callRemote(Later, x=7)
    print(f"later: {later['x']}", flush=True)
    nope = yield proto.callRemote(Nope).addErrback(describe)
    print(f"nope: {nope}", flush=True)
    forgot = yield proto.callRemote(Sum, a=1).addErrback(describe)
    print(f"forgot: {forgot}", flush=True)
    boom = yield proto.callRemote(Boom).addErrback(describe)
    print(f"boom: {boom}", flush=True)


def failed(f):
    print(f"failed: {describe(f)}", flush=True)
    reactor.stop()


connected = endpoints.connectProtocol(endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", 1079), Client())
connected.addCallback(calls)
connected.addErrback(failed)
reactor.run()
