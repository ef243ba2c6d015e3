# Send the numbers 0 to 19999 in chunks of 1000 lines, each chunk only when the transport asks for it.
from zope.interface import implementer

from twisted.internet import endpoints, interfaces, protocol, reactor


@implementer(interfaces.IPullProducer)
class NumberChunks:
    def __init__(self, transport, last, chunkLines):
        self.transport = transport
        self.last = last
        self.chunkLines = chunkLines
        self.next = 0
        self.asked = 0

    def resumeProducing(self):
        """The transport has sent everything so far: write the next chunk, or finish."""
        self.asked += 1
        if self.next > self.last:
            print(f"Asked {self.asked} times")
            self.transport.unregisterProducer()
            self.transport.loseConnection()
            return
        end = min(self.next + self.chunkLines - 1, self.last)
        self.transport.write(b"".join(b"%d\r\n" % (n,) for n in range(self.next, end + 1)))
        self.next = end + 1

    def stopProducing(self):
        self.next = self.last + 1


class Numbers(protocol.Protocol):
    def connectionMade(self):
        self.transport.registerProducer(NumberChunks(self.transport, 19999, 1000), False)


factory = protocol.ServerFactory()
factory.protocol = Numbers
endpoints.TCP4ServerEndpoint(reactor, 8030).listen(factory)
reactor.run()
