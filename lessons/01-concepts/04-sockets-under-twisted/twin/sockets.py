# One short conversation, printed next to the socket calls Twisted makes for you.
from twisted.internet import protocol, reactor
from twisted.protocols import basic


def show(socketCall, twisted):
    print(f"{socketCall:<40}| {twisted}")


class ServerProtocol(basic.LineReceiver):
    def connectionMade(self):
        show("server: accept()", "buildProtocol(), connectionMade()")
        self.sendLine(b"Whose status?")
        show('server: send("Whose status?\\r\\n")', 'sendLine("Whose status?")')

    def lineReceived(self, line):
        user = line.decode()
        show(f'server: recv() -> "{user}\\r\\n"', f'lineReceived("{user}")')
        self.sendLine(b"Happy and well")
        show('server: send("Happy and well\\r\\n")', 'sendLine("Happy and well")')
        self.transport.loseConnection()
        show("server: close()", "transport.loseConnection()")


class ClientProtocol(basic.LineReceiver):
    def lineReceived(self, line):
        text = line.decode()
        show(f'client: recv() -> "{text}\\r\\n"', f'lineReceived("{text}")')
        if text == "Whose status?":
            self.sendLine(b"alice")
            show('client: send("alice\\r\\n")', 'sendLine("alice")')

    def connectionLost(self, reason):
        show('client: recv() -> "" (the peer closed)', "connectionLost(reason)")
        reactor.stop()


serverFactory = protocol.ServerFactory.forProtocol(ServerProtocol)
clientFactory = protocol.ClientFactory.forProtocol(ClientProtocol)
serverFactory.noisy = False
clientFactory.noisy = False

show("the socket call", "what you write with Twisted")
reactor.listenTCP(1079, serverFactory)
show("server: socket(), bind(1079), listen()", "reactor.listenTCP(1079, factory)")
reactor.connectTCP("localhost", 1079, clientFactory)
show("client: socket(), connect()", 'reactor.connectTCP("localhost", 1079, factory)')
reactor.run()
