# A small file server: a client names a file in /srv, and gets it through FileSender.
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic
from twisted.python import filepath


class FileServer(basic.LineReceiver):
    def lineReceived(self, line):
        name = line.decode()
        try:
            file = filepath.FilePath("/srv").child(name).open()
        except (OSError, filepath.InsecurePath):
            # No such file, a directory, or a name like ../etc/passwd that leaves /srv.
            self.sendLine(b"No such file: " + line)
            self.transport.loseConnection()
            return
        sending = basic.FileSender().beginFileTransfer(file, self.transport)
        sending.addCallback(lambda _: self.sent(name))
        sending.addErrback(lambda reason: print(f"Stopped sending {name}: {reason.getErrorMessage()}"))

    def sent(self, name):
        print(f"Sent {name}")
        self.transport.loseConnection()


factory = protocol.ServerFactory()
factory.protocol = FileServer
endpoints.TCP4ServerEndpoint(reactor, 8030).listen(factory)
reactor.run()
