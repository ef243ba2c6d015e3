# The twin of amp-server.ts: an AMP server on real Twisted 22.4 for the crosswise differential test.
from twisted.internet import endpoints, protocol, reactor, task
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


class Calculator(amp.AMP):
    @Sum.responder
    def sum(self, a, b):
        return {"total": a + b}

    @Divide.responder
    def divide(self, numerator, denominator):
        return {"result": numerator / denominator}

    @Greet.responder
    def greet(self, name, raw, loud):
        greeting = f"Hello, {name}"
        return {"greeting": greeting.upper() if loud else greeting, "size": len(raw)}

    @Collect.responder
    def collect(self, numbers, people):
        oldest = max(people, key=lambda p: p["age"])
        return {"total": float(sum(numbers)), "oldest": oldest["name"], "names": [p["name"] for p in people]}

    @Later.responder
    def later(self, x):
        return task.deferLater(reactor, 0.01, lambda: {"x": x})

    @Boom.responder
    def boom(self):
        raise RuntimeError("kaboom")


endpoints.serverFromString(reactor, "tcp:1079").listen(protocol.Factory.forProtocol(Calculator))
reactor.run()
