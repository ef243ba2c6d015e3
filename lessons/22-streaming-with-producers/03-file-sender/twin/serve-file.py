# Send a file to every client with basic.FileSender, then hang up.
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic
from twisted.python import filepath


class ServeFile(protocol.Protocol):
    def connectionMade(self):
        file = filepath.FilePath(self.factory.path).open()
        sending = basic.FileSender().beginFileTransfer(file, self.transport)
        sending.addCallback(self.sent)
        sending.addErrback(lambda reason: print(f"The transfer stopped: {reason.getErrorMessage()}"))

    def sent(self, lastByte):
        print("Sent the whole file, ending in a newline" if lastByte == b"\n" else "Sent the whole file")
        self.transport.loseConnection()


class ServeFileFactory(protocol.ServerFactory):
    protocol = ServeFile

    def __init__(self, path):
        self.path = path


endpoints.TCP4ServerEndpoint(reactor, 8030).listen(ServeFileFactory("/srv/fox.txt"))
reactor.run()
