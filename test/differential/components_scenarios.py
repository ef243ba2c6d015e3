"""zope.interface and twisted.python.components: adapters, declarations, verify (twin of components-scenarios.ts)."""
import re

from twisted.python import components
from zope.interface import Attribute, Interface, implementedBy, implementer, providedBy
from zope.interface.verify import verifyClass, verifyObject

from harness import scenario


def plain(text):
    """A message as both sides print it: no addresses, this module read as __main__ (a learner's program)."""
    return re.sub(r" at 0x[0-9a-f]+", "", str(text)).replace("components_scenarios.", "__main__.")


def raised(log, run):
    try:
        log("returned " + plain(run()))
    except Exception as e:
        log(type(e).__name__ + ": " + plain(e))


class IName(Interface):
    def name():
        """The name."""


class IShout(Interface):
    def shout():
        """The name, loud."""


class ILoudName(IName):
    def volume():
        """How loud."""


class Person:
    def __init__(self, first):
        self.first = first


class Child(Person):
    pass


class PersonName:
    def __init__(self, person):
        self.person = person

    def name(self):
        return self.person.first


class ShoutFromName:
    def __init__(self, named):
        self.named = named

    def shout(self):
        return self.named.name().upper()


@implementer(IName)
class Named:
    def name(self):
        return "radix"


class Robot:
    pass


class LoudRobotName:
    def __init__(self, robot):
        self.robot = robot

    def name(self):
        return "robot"

    def volume(self):
        return 11


class Rock:
    pass


@scenario("registerAdapter from a class adapts its instances and its subclasses' instances")
def _(log):
    components.registerAdapter(PersonName, Person, IName)
    log("person: " + IName(Person("moshez")).name())
    log("child: " + IName(Child("glyph")).name() + " via " + type(IName(Child("glyph"))).__name__)


@scenario("registerAdapter from an interface adapts its providers; a provider adapts to itself")
def _(log):
    components.registerAdapter(ShoutFromName, IName, IShout)
    named = Named()
    log("itself: " + str(IName(named) is named))
    log("shout: " + IShout(named).shout())


@scenario("an adapter to an interface that extends the one asked for adapts too")
def _(log):
    components.registerAdapter(LoudRobotName, Robot, ILoudName)
    log("name: " + IName(Robot()).name())
    log("factory: " + components.getAdapterFactory(Robot, IName, None).__name__)
    log("none: " + str(components.getAdapterFactory(Rock, IName, None)))


@scenario("the default argument answers when nothing adapts; without it, TypeError Could not adapt")
def _(log):
    log("default: " + str(IName(Rock(), None)))
    log("default value: " + str(IName(Rock(), "fallback")))
    raised(log, lambda: IName(Rock()))
    raised(log, lambda: IName(None))
    raised(log, lambda: IName("it's"))


@scenario("registering a second adapter for the same pair raises ValueError")
def _(log):
    class Twice:
        pass

    components.registerAdapter(PersonName, Twice, IShout)
    raised(log, lambda: components.registerAdapter(ShoutFromName, Twice, IShout))


class Base:
    pass


implementer(IName)(Base)


class Sub(Base):
    pass


implementer(IShout)(Sub)


@scenario("providedBy and implementedBy see a base class's declaration in its subclasses")
def _(log):
    log("IName by Sub(): " + str(IName.providedBy(Sub())))
    log("IShout by Base(): " + str(IShout.providedBy(Base())))
    log("IName implementedBy Sub: " + str(IName.implementedBy(Sub)))
    log("list implementedBy Sub: " + plain([i.__name__ for i in implementedBy(Sub)]))
    log("list providedBy Base(): " + plain([i.__name__ for i in providedBy(Base())]))
    log("class provides IName: " + str(IName.providedBy(Sub)))
    log("ILoudName extends IName: " + str(ILoudName.extends(IName)) + ", IName extends IName: " + str(IName.extends(IName)))
    log("repr: " + plain(repr(ILoudName)) + " " + plain(ILoudName["name"]) + " " + plain(list(ILoudName.names(True))))


class IUser(Interface):
    status = Attribute("The user's status")

    def getUser(user):
        """Return a deferred returning a string."""

    def getUsers():
        """Return a deferred returning a list of strings."""


@implementer(IUser)
class Empty:
    pass


@implementer(IUser)
class TooMany:
    status = "here"

    def getUser(self, user, extra):
        pass

    def getUsers(self):
        pass


@implementer(IUser)
class NotAMethod:
    status = "here"
    getUser = 3

    def getUsers(self):
        pass


@implementer(IUser)
class TooFew:
    def getUser(self):
        pass

    def getUsers(self, *args):
        pass


class Undeclared:
    status = "here"

    def getUser(self, user):
        pass

    def getUsers(self):
        pass


@scenario("verifyObject names each missing attribute and method, and every broken contract")
def _(log):
    for candidate in (Empty(), TooMany(), NotAMethod(), TooFew()):
        raised(log, lambda: verifyObject(IUser, candidate))


@scenario("verifyObject on an undeclared object: DoesNotImplement, unless tentative")
def _(log):
    raised(log, lambda: verifyObject(IUser, Undeclared()))
    raised(log, lambda: verifyObject(IUser, Undeclared(), tentative=True))


@scenario("verifyClass checks methods but not attributes")
def _(log):
    raised(log, lambda: verifyClass(IUser, TooFew))
    raised(log, lambda: verifyClass(IUser, Empty))


class Bag(components.Componentized):
    pass


@implementer(IName)
class BagName(components.Adapter):
    def name(self):
        return "bag"


class Box(components.Componentized):
    pass


class BoxName(components.Adapter):
    temporaryAdapter = 1

    def name(self):
        return "box"


@scenario("a Componentized keeps the adapter it was adapted with, unless it is temporary")
def _(log):
    components.registerAdapter(BagName, Bag, IName)
    components.registerAdapter(BoxName, Box, IName)
    bag = Bag()
    first = IName(bag)
    log("bag: " + first.name() + " kept: " + str(IName(bag) is first) + " original: " + str(first.original is bag))
    box = Box()
    log("box: " + IName(box).name() + " kept: " + str(IName(box) is IName(box)))
    log("getComponent default: " + str(bag.getComponent(IShout, None)))


@scenario("Twisted's own classes provide the interfaces they declare; a lone Service adapts to no collection")
def _(log):
    from twisted.application import service
    from twisted.internet import interfaces, protocol
    from twisted.web import resource

    log("Resource: " + str(resource.IResource.providedBy(resource.Resource())) + " " + str(verifyObject(resource.IResource, resource.Resource())))
    log("ServerFactory: " + str(interfaces.IProtocolFactory.implementedBy(protocol.ServerFactory)))
    log("Protocol: " + str(verifyObject(interfaces.IProtocol, protocol.Protocol())))
    log("MultiService: " + str(service.IServiceCollection.providedBy(service.MultiService())) + " " + str(service.IService.providedBy(service.MultiService())))
    app = service.Application("finger")
    log("application: " + type(service.IServiceCollection(app)).__name__ + " " + str(service.IServiceCollection(app) is service.IService(app)))
    raised(log, lambda: service.IServiceCollection(service.Service()))
