# finger/finger.py: the finger library, every front end of stages 1 to 8 as adapters of one FingerService, and makeService(config)
import html

from zope.interface import Attribute, Interface, implementer

from twisted.application import internet, service, strports
from twisted.internet import defer, endpoints, protocol, reactor
from twisted.protocols import basic
from twisted.python import components
from twisted.spread import pb
from twisted.web import resource, server, xmlrpc
from twisted.words.protocols import irc


class IFingerService(Interface):
    def getUser(user):
        """
        Return a deferred returning L{bytes}.
        """

    def getUsers():
        """
        Return a deferred returning a L{list} of L{bytes}.
        """


class IFingerSetterService(Interface):
    def setUser(user, status):
        """
        Set the user's status to something.
        """


def catchError(err):
    return b"Internal error in server"


class FingerProtocol(basic.LineReceiver):
    def lineReceived(self, user):
        d = self.factory.getUser(user)
        d.addErrback(catchError)

        def writeValue(value):
            self.transport.write(value + b"\r\n")
            self.transport.loseConnection()

        d.addCallback(writeValue)


class IFingerFactory(Interface):
    def getUser(user):
        """
        Return a deferred returning L{bytes}.
        """

    def buildProtocol(addr):
        """
        Return a protocol returning L{bytes}.
        """


@implementer(IFingerFactory)
class FingerFactoryFromService(protocol.ServerFactory):
    protocol = FingerProtocol

    def __init__(self, service):
        self.service = service

    def getUser(self, user):
        return self.service.getUser(user)


components.registerAdapter(FingerFactoryFromService, IFingerService, IFingerFactory)


class FingerSetterProtocol(basic.LineReceiver):
    def connectionMade(self):
        self.lines = []

    def lineReceived(self, line):
        self.lines.append(line)

    def connectionLost(self, reason):
        if len(self.lines) == 2:
            self.factory.setUser(*self.lines)


class IFingerSetterFactory(Interface):
    def setUser(user, status):
        """
        Set the user's status to something.
        """

    def buildProtocol(addr):
        """
        Return a protocol.
        """


@implementer(IFingerSetterFactory)
class FingerSetterFactoryFromService(protocol.ServerFactory):
    protocol = FingerSetterProtocol

    def __init__(self, service):
        self.service = service

    def setUser(self, user, status):
        self.service.setUser(user, status)


components.registerAdapter(
    FingerSetterFactoryFromService, IFingerSetterService, IFingerSetterFactory
)


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
            d.addErrback(catchError)
            d.addCallback(lambda m: "Status of " + msg + ": " + m.decode("utf-8"))
            d.addCallback(lambda m: self.msg(nick, m))


class IIRCClientFactory(Interface):
    nickname = Attribute("The bot's nickname")

    def getUser(user):
        """
        Return a deferred returning L{bytes}.
        """

    def buildProtocol(addr):
        """
        Return a protocol.
        """


@implementer(IIRCClientFactory)
class IRCClientFactoryFromService(protocol.ClientFactory):
    protocol = IRCReplyBot
    nickname = None

    def __init__(self, service):
        self.service = service

    def getUser(self, user):
        return self.service.getUser(user)


components.registerAdapter(IRCClientFactoryFromService, IFingerService, IIRCClientFactory)


def page(title, body):
    # title is already escaped; it is both the page's title and its heading.
    return "<html><head><title>%s</title></head><body><h1>%s</h1>%s</body></html>" % (
        title,
        title,
        body,
    )


@implementer(resource.IResource)
class UserStatusTree(resource.Resource):
    def __init__(self, service):
        resource.Resource.__init__(self)
        self.service = service
        self.putChild(b"RPC2", UserStatusXR(self.service))
        # The root of the site is its own child b"": a GET of / renders this resource.
        self.putChild(b"", self)

    def render_GET(self, request):
        def formatUsers(users):
            items = []
            for user in users:
                name = html.escape(user.decode("utf-8"))
                items.append('<li><a href="%s">%s</a></li>' % (name, name))
            return page("Users", "<ul>" + "".join(items) + "</ul>")

        d = self.service.getUsers()
        d.addCallback(formatUsers)
        d.addCallback(lambda text: request.write(text.encode("utf-8")))
        d.addCallback(lambda _: request.finish())
        return server.NOT_DONE_YET

    def getChild(self, path, request):
        return UserStatus(path, self.service)


components.registerAdapter(UserStatusTree, IFingerService, resource.IResource)


class UserStatus(resource.Resource):
    def __init__(self, user, service):
        resource.Resource.__init__(self)
        self.user = user
        self.service = service

    def render_GET(self, request):
        def formatStatus(status):
            name = html.escape(self.user.decode("utf-8"))
            where = "sent over TLS" if request.isSecure() else "sent in the clear"
            return page(name, "<p>%s</p><p>(%s)</p>" % (html.escape(status.decode("utf-8")), where))

        d = self.service.getUser(self.user)
        d.addCallback(formatStatus)
        d.addCallback(lambda text: request.write(text.encode("utf-8")))
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


class IPerspectiveFinger(Interface):
    def remote_getUser(username):
        """
        Return a user's status.
        """

    def remote_getUsers():
        """
        Return the list of users.
        """


# A pb.Root is the object a PB client gets first; its remote_ methods are what the client may call.
@implementer(IPerspectiveFinger)
class PerspectiveFingerFromService(pb.Root):
    def __init__(self, service):
        self.service = service

    # PB sends text; the service keeps bytes.
    def remote_getUser(self, username):
        d = self.service.getUser(username.encode("utf-8"))
        d.addCallback(lambda status: status.decode("utf-8"))
        return d

    def remote_getUsers(self):
        d = self.service.getUsers()
        d.addCallback(lambda users: [user.decode("utf-8") for user in users])
        return d


components.registerAdapter(
    PerspectiveFingerFromService, IFingerService, IPerspectiveFinger
)


@implementer(IFingerService)
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

    def startService(self):
        self._read()
        service.Service.startService(self)

    def stopService(self):
        service.Service.stopService(self)
        self.call.cancel()


def makeService(config):
    s = service.MultiService()
    f = FingerService(config["file"])
    # The tutorial's listing forgets this line: a FingerService nobody starts never reads its file.
    f.setServiceParent(s)
    strports.service("tcp:79", IFingerFactory(f)).setServiceParent(s)

    site = server.Site(resource.IResource(f))
    strports.service("tcp:8000", site).setServiceParent(s)
    if config["ssl"]:
        strports.service(
            "ssl:port=443:certKey=cert.pem:privateKey=key.pem", site
        ).setServiceParent(s)

    if "ircnick" in config:
        i = IIRCClientFactory(f)
        i.nickname = config["ircnick"]
        ircserver = config["ircserver"]
        internet.ClientService(
            endpoints.HostnameEndpoint(reactor, ircserver, 6667), i
        ).setServiceParent(s)

    if "pbport" in config:
        internet.StreamServerEndpointService(
            endpoints.TCP4ServerEndpoint(reactor, int(config["pbport"])),
            pb.PBServerFactory(IPerspectiveFinger(f)),
        ).setServiceParent(s)
    return s
