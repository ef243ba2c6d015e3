# AMP goes both ways: the client subscribes, then the server calls the client.
from twisted.internet import endpoints, protocol, reactor, task
from twisted.protocols import amp


# Sent by the client: "call me `count` times, every `every` seconds".
class Subscribe(amp.Command):
    arguments = [(b"every", amp.Float()), (b"count", amp.Integer())]
    response = []


# Sent by the server to the client, once per tick.
class Tick(amp.Command):
    arguments = [(b"number", amp.Integer())]
    response = []


class Ticker(amp.AMP):
    @Subscribe.responder
    def subscribe(self, every, count):
        state = {"number": 0}

        def tick():
            state["number"] += 1
            self.callRemote(Tick, number=state["number"])
            if state["number"] == count:
                loop.stop()

        loop = task.LoopingCall(tick)
        loop.start(every, now=False)
        return {}


endpoints.serverFromString(reactor, "tcp:8750").listen(protocol.Factory.forProtocol(Ticker))


# The other side: a client that subscribes to three ticks and answers each one.
class Listener(amp.AMP):
    ticks = 0

    @Tick.responder
    def tick(self, number):
        self.ticks += 1
        print(f"tick {number} after {reactor.seconds() - started:.1f} s", flush=True)
        if self.ticks == 3:
            print("got 3 ticks", flush=True)
            self.transport.loseConnection()
        return {}


started = reactor.seconds()
endpoint = endpoints.TCP4ClientEndpoint(reactor, "localhost", 8750)


def subscribe(listener):
    d = listener.callRemote(Subscribe, every=0.5, count=3)
    d.addCallback(lambda _: print("subscribed", flush=True))
    return d


endpoints.connectProtocol(endpoint, Listener()).addCallback(subscribe)
reactor.run()
