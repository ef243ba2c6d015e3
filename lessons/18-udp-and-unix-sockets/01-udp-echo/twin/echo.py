# A UDP echo server: every datagram goes back to where it came from.
from twisted.internet import protocol, reactor


class Echo(protocol.DatagramProtocol):
    def datagramReceived(self, data, addr):
        print(f"received {data.decode()} from {addr[0]}")
        self.transport.write(data, addr)


reactor.listenUDP(9999, Echo())
reactor.run()
