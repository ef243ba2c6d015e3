# An AMP server with one command, and a client (the other side) that calls it.
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import amp


# The command: what it takes and what it answers, each with a type.
class Sum(amp.Command):
    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
    response = [(b"total", amp.Integer())]


class Calculator(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}


endpoints.serverFromString(reactor, "tcp:8750").listen(protocol.Factory.forProtocol(Calculator))

# The other side: a client that calls Sum once and prints the answer.
endpoint = endpoints.TCP4ClientEndpoint(reactor, "localhost", 8750)


def call(client):
    d = client.callRemote(Sum, a=13, b=81)
    d.addCallback(lambda result: print(f"13 + 81 = {result['total']}", flush=True))
    return d


endpoints.connectProtocol(endpoint, amp.AMP()).addCallback(call)
reactor.run()
