# Stage 2 so far: one FingerService behind a finger server and a web server.
import html

from twisted.application import service, strports
from twisted.internet import defer, protocol, reactor
from twisted.protocols import basic
from twisted.web import resource, server, static


class FingerProtocol(basic.LineReceiver):
    def lineReceived(self, user):
        d = self.factory.getUser(user)

        def onError(err):
            return b"Internal error in server"

        d.addErrback(onError)

        def writeResponse(message):
            self.transport.write(message + b"\r\n")
            self.transport.loseConnection()

        d.addCallback(writeResponse)


class FingerService(service.Service):
    def __init__(self, filename):
        self.filename = filename
        self.users = {}

    def _read(self):
        # Book the next read first; replace the statuses only once the whole file is read.
        self.call = reactor.callLater(30, self._read)
        users = {}
        with open(self.filename, "rb") as f:
            for line in f:
                if b":" not in line:
                    continue
                user, status = line.split(b":", 1)
                users[user.strip()] = status.strip()
        self.users = users

    def startService(self):
        self._read()
        service.Service.startService(self)

    def stopService(self):
        service.Service.stopService(self)
        self.call.cancel()

    def getUser(self, user):
        return defer.succeed(self.users.get(user, b"No such user"))

    def getFingerFactory(self):
        f = protocol.ServerFactory()
        f.protocol = FingerProtocol
        f.getUser = self.getUser
        return f

    def getResource(self):
        def getData(path, request):
            # path is bytes: the part of the URL after the slash, %-decoded
            status = self.users.get(path, b"No such user").decode("utf-8")
            text = "<h1>" + html.escape(path.decode("utf-8")) + "</h1><p>" + html.escape(status) + "</p>"
            return static.Data(text.encode("utf-8"), "text/html")

        r = resource.Resource()
        r.getChild = getData
        return r


application = service.Application("finger", uid=1, gid=1)
f = FingerService("/etc/users")
serviceCollection = service.IServiceCollection(application)
f.setServiceParent(serviceCollection)
strports.service("tcp:79", f.getFingerFactory()).setServiceParent(serviceCollection)
strports.service("tcp:8000", server.Site(f.getResource())).setServiceParent(
    serviceCollection
)
