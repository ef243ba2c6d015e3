# A line protocol behind a login: the portal checks the password, the realm makes each user's avatar.
from zope.interface import Attribute, Interface, implementer

from twisted.cred import checkers, credentials, error, portal
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic


# What a logged-in user gets: the protocol only ever talks to this interface.
class IShellAvatar(Interface):
    name = Attribute("The name of the user the avatar acts for.")

    def greeting():
        """What the user is told on logging in."""


@implementer(IShellAvatar)
class ShellAvatar:
    def __init__(self, name):
        self.name = name

    def greeting(self):
        return f"Welcome, {self.name}!"


# The realm: given the user the checker let in, it makes their avatar and says how to log them out.
@implementer(portal.IRealm)
class ShellRealm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        if IShellAvatar not in interfaces:
            raise NotImplementedError("ShellRealm only makes shell avatars")
        name = avatarId.decode()
        return IShellAvatar, ShellAvatar(name), lambda: print(f"{name} logged out", flush=True)


class ShellProtocol(basic.LineReceiver):
    avatar = None
    logout = None

    def connectionMade(self):
        self.sendLine(b"Log in with: LOGIN name password")

    def lineReceived(self, line):
        command, *args = line.decode().split(" ")
        if command == "LOGIN" and len(args) == 2:
            self.login(args[0], args[1])
        elif not self.avatar:
            self.sendLine(b"Log in first.")
        elif command == "WHOAMI":
            self.sendLine(self.avatar.name.encode())
        elif command == "QUIT":
            self.transport.loseConnection()
        else:
            self.sendLine(f"Unknown command: {command}".encode())

    def login(self, name, password):
        d = self.factory.portal.login(credentials.UsernamePassword(name.encode(), password.encode()), None, IShellAvatar)

        def loggedIn(triple):
            _, self.avatar, self.logout = triple
            self.sendLine(self.avatar.greeting().encode())

        def failed(reason):
            reason.trap(error.UnauthorizedLogin)
            self.sendLine(b"Login failed.")

        d.addCallbacks(loggedIn, failed)

    def connectionLost(self, reason):
        if self.logout:
            self.logout()


class ShellFactory(protocol.ServerFactory):
    protocol = ShellProtocol

    def __init__(self, portal):
        self.portal = portal


checker = checkers.InMemoryUsernamePasswordDatabaseDontUse()
checker.addUser(b"moshez", b"secret")
checker.addUser(b"shawn", b"hunter2")
shellPortal = portal.Portal(ShellRealm(), [checker])
endpoints.serverFromString(reactor, "tcp:1079").listen(ShellFactory(shellPortal))
reactor.run()
