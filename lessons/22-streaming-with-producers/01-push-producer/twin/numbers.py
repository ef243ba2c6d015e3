# Stream the numbers 0 to 19999, one a line, pausing whenever the client falls behind.
from zope.interface import implementer

from twisted.internet import endpoints, interfaces, protocol, reactor


@implementer(interfaces.IPushProducer)
class NumberStream:
    def __init__(self, transport, last):
        self.transport = transport
        self.last = last
        self.next = 0
        self.paused = False

    def produce(self):
        """Writes until the transport pauses us or the numbers run out."""
        while not self.paused and self.next <= self.last:
            self.transport.write(b"%d\r\n" % (self.next,))
            self.next += 1
        if self.next > self.last:
            print(f"Sent {self.last + 1} numbers")
            self.transport.unregisterProducer()
            self.transport.loseConnection()

    def pauseProducing(self):
        print(f"Paused at {self.next}")
        self.paused = True

    def resumeProducing(self):
        print(f"Resumed at {self.next}")
        self.paused = False
        self.produce()

    def stopProducing(self):
        self.paused = True


class Numbers(protocol.Protocol):
    def connectionMade(self):
        stream = NumberStream(self.transport, 19999)
        self.transport.registerProducer(stream, True)
        stream.produce()


factory = protocol.ServerFactory()
factory.protocol = Numbers
endpoints.TCP4ServerEndpoint(reactor, 8030).listen(factory)
reactor.run()
