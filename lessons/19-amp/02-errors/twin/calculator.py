# Errors across AMP: a declared exception comes back to the caller as itself.
from twisted.internet import defer, endpoints, protocol, reactor
from twisted.protocols import amp


class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Divide(amp.Command):
    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
    response = [(b"result", amp.Float())]
    errors = {ZeroDivisionError: b"ZERO_DIVISION"}


class Calculator(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @Divide.responder
    def divide(self, numerator, denominator):
        return {"result": numerator / denominator}


endpoints.serverFromString(reactor, "tcp:8750").listen(protocol.Factory.forProtocol(Calculator))


# The other side: a client that divides twice, then checks the connection still works.
class Client(amp.AMP):
    def connectionLost(self, reason):
        amp.AMP.connectionLost(self, reason)
        print(f"client: connection lost ({reason.getErrorMessage()})", flush=True)


def describe(f):
    return f"{type(f.value).__name__}: {f.getErrorMessage()}"


@defer.inlineCallbacks
def calls(client):
    quotient = yield client.callRemote(Divide, numerator=10, denominator=4)
    print(f"10 / 4 = {quotient['result']}", flush=True)
    failed = yield client.callRemote(Divide, numerator=1, denominator=0).addErrback(describe)
    print(f"1 / 0 failed: {failed}", flush=True)
    total = yield client.callRemote(Sum, a=1, b=2).addErrback(describe)
    print(f"after the error: {total if isinstance(total, str) else '1 + 2 = %d' % total['total']}", flush=True)


endpoint = endpoints.TCP4ClientEndpoint(reactor, "localhost", 8750)
endpoints.connectProtocol(endpoint, Client()).addCallback(calls)
reactor.run()
