# The chapter in one program: datagrams, a multicast group and a Unix socket, on one reactor.
from twisted.internet import endpoints, protocol, reactor

GROUP = "228.0.0.5"


# UDP: one protocol for the whole socket; every answer names its address.
class DatagramEcho(protocol.DatagramProtocol):
    def datagramReceived(self, data, addr):
        self.transport.write(data, addr)


# Multicast: a member of the group that answers pings by unicast.
class MulticastPingPong(protocol.DatagramProtocol):
    def startProtocol(self):
        self.transport.joinGroup(GROUP)

    def datagramReceived(self, datagram, address):
        if datagram == b"Client: Ping":
            self.transport.write(b"Server: Pong", address)


# Streams: one factory, one protocol per connection, on TCP and on a Unix socket alike.
class StreamEcho(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


reactor.listenUDP(9999, DatagramEcho())
reactor.listenMulticast(9998, MulticastPingPong(), listenMultiple=True)
streams = protocol.Factory.forProtocol(StreamEcho)
endpoints.serverFromString(reactor, "tcp:8000").listen(streams)
endpoints.serverFromString(reactor, "unix:/tmp/echo.sock").listen(streams)
reactor.run()
