# Connected UDP: a socket that talks to one address only.
from twisted.internet import protocol, reactor


# The echo server from the last step, without the printing.
class Echo(protocol.DatagramProtocol):
    def datagramReceived(self, data, addr):
        self.transport.write(data, addr)


class Helloer(protocol.DatagramProtocol):
    def __init__(self, port):
        self.port = port

    def startProtocol(self):
        self.transport.connect("127.0.0.1", self.port)
        print("now we can only send to port %d" % (self.port,))
        self.transport.write(b"hello")  # no need for an address

    def datagramReceived(self, data, addr):
        print(f"received {data.decode()} from port {addr[1]}")

    # Possibly called when nothing listens where we send.
    def connectionRefused(self):
        print("No one listening")


reactor.listenUDP(9999, Echo())
# 0: any free port, we don't care which.
reactor.listenUDP(0, Helloer(9999))
# A second helloer, a second later, to a port where nobody listens.
reactor.callLater(1, reactor.listenUDP, 0, Helloer(9998))
reactor.run()
