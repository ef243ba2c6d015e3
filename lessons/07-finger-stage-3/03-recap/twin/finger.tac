# Do everything properly (finger18, bytes-correct): Resource subclasses, pages rendered later
import html

from twisted.application import internet, service, strports
from twisted.internet import defer, endpoints, protocol, reactor
from twisted.protocols import basic
from twisted.web import resource, server, xmlrpc
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


class UserStatusTree(resource.Resource):
    def __init__(self, service):
        resource.Resource.__init__(self)
        self.service = service

    def render_GET(self, request):
        d = self.service.getUsers()

        def formatUsers(users):
            items = []
            for user in users:
                name = html.escape(user.decode("utf-8"))
                items.append('<li><a href="%s">%s</a></li>' % (name, name))
            return "<ul>" + "".join(items) + "</ul>"

        d.addCallback(formatUsers)
        d.addCallback(lambda page: request.write(page.encode("utf-8")))
        d.addCallback(lambda _: request.finish())
        return server.NOT_DONE_YET

    def getChild(self, path, request):
        if path == b"":
            return self
        return UserStatus(path, self.service)


class UserStatus(resource.Resource):
    def __init__(self, user, service):
        resource.Resource.__init__(self)
        self.user = user
        self.service = service

    def render_GET(self, request):
        d = self.service.getUser(self.user)

        def formatStatus(status):
            name = html.escape(self.user.decode("utf-8"))
            return "<h1>%s</h1><p>%s</p>" % (name, html.escape(status.decode("utf-8")))

        d.addCallback(formatStatus)
        d.addCallback(lambda page: request.write(page.encode("utf-8")))
        d.addCallback(lambda _: request.finish())
        return server.NOT_DONE_YET


class UserStatusXR(xmlrpc.XMLRPC):
    def __init__(self, service):
        xmlrpc.XMLRPC.__init__(self)
        self.service = service

    # XML-RPC sends text; the service keeps bytes.
    def xmlrpc_getUser(self, user):
        d = self.service.getUser(user.encode("utf-8"))
        d.addCallback(lambda status: status.decode("utf-8"))
        return d

    def xmlrpc_getUsers(self):
        d = self.service.getUsers()
        d.addCallback(lambda users: [user.decode("utf-8") for user in users])
        return d


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

    def getUsers(self):
        return defer.succeed(list(self.users.keys()))

    def getFingerFactory(self):
        f = protocol.ServerFactory()
        f.protocol = FingerProtocol
        f.getUser = self.getUser
        return f

    def getResource(self):
        r = UserStatusTree(self)
        r.putChild(b"RPC2", UserStatusXR(self))
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
