# A sender that reaches every member of group 228.0.0.5, on every host.
from twisted.internet import protocol, reactor

GROUP = "228.0.0.5"


class MulticastPingClient(protocol.DatagramProtocol):
    def startProtocol(self):
        # Join the group, so we hear the group's datagrams (our own included).
        self.transport.joinGroup(GROUP)
        # Members on this host (this socket too) hear what we send to the group.
        self.transport.setLoopbackMode(1)
        # Ping the group in a second, once everyone is listening.
        reactor.callLater(1, self.transport.write, b"Client: Ping", (GROUP, 9999))

    def datagramReceived(self, datagram, address):
        print(f"Datagram {datagram.decode()} received")


reactor.listenMulticast(9999, MulticastPingClient(), listenMultiple=True)
reactor.run()
