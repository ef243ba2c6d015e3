# A member of multicast group 228.0.0.5 that answers pings.
from twisted.internet import protocol, reactor


class MulticastPingPong(protocol.DatagramProtocol):
    def startProtocol(self):
        # Let datagrams cross up to 5 routers (the default TTL, 1, stays on the local network).
        self.transport.setTTL(5)
        # Join the group: from now on datagrams sent to 228.0.0.5 reach this socket.
        self.transport.joinGroup("228.0.0.5")

    def datagramReceived(self, datagram, address):
        print(f"Datagram {datagram.decode()} received")
        if datagram == b"Client: Ping":
            # Answer the sender directly (unicast), not the whole group.
            self.transport.write(b"Server: Pong", address)


# listenMultiple: other programs on this host may share port 9999.
reactor.listenMulticast(9999, MulticastPingPong(), listenMultiple=True)
reactor.run()
