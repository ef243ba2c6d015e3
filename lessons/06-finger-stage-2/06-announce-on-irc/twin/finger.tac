# Read from file, announce on the web and on IRC (finger16, with bytes handled).
import html

from twisted.application import internet, service, strports
from twisted.internet import defer, endpoints, protocol, reactor
from twisted.protocols import basic
from twisted.web import resource, server, static
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


class FingerFactory(protocol.ServerFactory):
    protocol = FingerProtocol

    def __init__(self, service):
        self.service = service

    def getUser(self, user):
        return self.service.getUser(user)


class IRCReplyBot(irc.IRCClient):
    def connectionMade(self):
        self.nickname = self.factory.nickname
        irc.IRCClient.connectionMade(self)

    def signedOn(self):
        self.join("#twisted")

    def privmsg(self, user, channel, msg):
        # IRCClient hands us text (str); the service keeps bytes.
        nick = user.split("!")[0]
        if self.nickname.lower() == channel.lower():
            d = self.factory.getUser(msg.encode("utf-8"))

            def onError(err):
                return b"Internal error in server"

            d.addErrback(onError)
            d.addCallback(lambda status: "Status of " + msg + ": " + status.decode("utf-8"))
            d.addCallback(lambda text: self.msg(nick, text))


class IRCBotFactory(protocol.ClientFactory):
    protocol = IRCReplyBot

    def __init__(self, nickname, service):
        self.nickname = nickname
        self.service = service

    def getUser(self, user):
        return self.service.getUser(user)


class FingerService(service.Service):
    def __init__(self, filename):
        self.filename = filename
        self.users = {}
        self.call = None

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
        return FingerFactory(self)

    def getIRCBot(self, nickname):
        return IRCBotFactory(nickname, self)

    def getResource(self):
        def getData(path, request):
            status = self.users.get(path, b"No such user")
            name = html.escape(path.decode("utf-8"), quote=False)
            text = "<h1>" + name + "</h1><p>" + html.escape(status.decode("utf-8"), quote=False) + "</p>"
            return static.Data(text.encode("utf-8"), "text/html")

        r = resource.Resource()
        r.getChild = getData
        return r


application = service.Application("finger", uid=1, gid=1)
f = FingerService("/etc/users")
serviceCollection = service.IServiceCollection(application)
f.setServiceParent(serviceCollection)
strports.service("tcp:79", f.getFingerFactory()).setServiceParent(serviceCollection)
strports.service("tcp:8000", server.Site(f.getResource())).setServiceParent(serviceCollection)
internet.ClientService(
    endpoints.clientFromString(reactor, "tcp:irc.freenode.org:6667"),
    f.getIRCBot("fingerbot"),
).setServiceParent(serviceCollection)
