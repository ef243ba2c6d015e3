# Read from a file, announce on finger, the web, IRC and XML-RPC (finger17, bytes-correct)
import html

from twisted.application import internet, service, strports
from twisted.internet import defer, endpoints, protocol, reactor
from twisted.protocols import basic
from twisted.web import resource, server, static, xmlrpc
from twisted.words.protocols import irc


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


class IRCReplyBot(irc.IRCClient):
    def connectionMade(self):
        self.nickname = self.factory.nickname
        irc.IRCClient.connectionMade(self)

    def signedOn(self):
        self.join("#twisted")

    def privmsg(self, user, channel, msg):
        nick = user.split("!")[0]
        if self.nickname.lower() == channel.lower():
            d = self.factory.getUser(msg.encode("utf-8"))
            d.addErrback(lambda err: b"Internal error in server")
            d.addCallback(lambda status: "Status of " + msg + ": " + status.decode("utf-8"))
            d.addCallback(lambda text: self.msg(nick, text))


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

    def getUser(self, user):
        return defer.succeed(self.users.get(user, b"No such user"))

    def getFingerFactory(self):
        f = protocol.ServerFactory()
        f.protocol = FingerProtocol
        f.getUser = self.getUser
        return f

    def getResource(self):
        def getData(path, request):
            status = self.users.get(path, b"No such user")
            text = "<h1>%s</h1><p>%s</p>" % (
                html.escape(path.decode("utf-8")),
                html.escape(status.decode("utf-8")),
            )
            return static.Data(text.encode("utf-8"), "text/html")

        r = resource.Resource()
        r.getChild = getData
        x = xmlrpc.XMLRPC()

        # XML-RPC sends text; the service keeps bytes.
        def xmlrpc_getUser(user):
            d = self.getUser(user.encode("utf-8"))
            d.addCallback(lambda status: status.decode("utf-8"))
            return d

        x.xmlrpc_getUser = xmlrpc_getUser
        r.putChild(b"RPC2", x)
        return r

    def getIRCBot(self, nickname):
        f = protocol.ClientFactory()
        f.protocol = IRCReplyBot
        f.nickname = nickname
        f.getUser = self.getUser
        return f

    def startService(self):
        self._read()
        service.Service.startService(self)

    def stopService(self):
        service.Service.stopService(self)
        self.call.cancel()


application = service.Application("finger", uid=1, gid=1)
f = FingerService("/etc/users")
serviceCollection = service.IServiceCollection(application)
f.setServiceParent(serviceCollection)
strports.service("tcp:79", f.getFingerFactory()).setServiceParent(serviceCollection)
strports.service("tcp:8000", server.Site(f.getResource())).setServiceParent(
    serviceCollection
)
internet.ClientService(
    endpoints.clientFromString(reactor, "tcp:irc.freenode.org:6667"),
    f.getIRCBot("fingerbot"),
).setServiceParent(serviceCollection)
