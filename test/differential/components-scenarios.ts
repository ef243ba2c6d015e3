/** zope.interface and twisted.python.components: adapters, declarations, verify (twin of components_scenarios.py). */
import { Attribute, implementedBy, implementer, Interface, method, providedBy, verify } from "../../engine/zope/interface";
import { Adapter, Componentized, getAdapterFactory, registerAdapter } from "../../engine/twisted/python/components";
import { Application, IService, IServiceCollection, MultiService, Service } from "../../engine/twisted/application/service";
import { IProtocol, IProtocolFactory } from "../../engine/twisted/internet/interfaces";
import { Protocol, ServerFactory } from "../../engine/twisted/internet/protocol";
import { IResource, Resource } from "../../engine/twisted/web/resource";
import { scenario, type Log } from "./harness";
// Loads the learner modules, which tell Python's repr() each engine class's module.
import "../../engine/runtime/modules";

/** A message as both sides print it: no addresses. */
function plain(text: unknown): string {
  return String(text).replace(/ at 0x[0-9a-f]+/g, "");
}

function raised(log: Log, run: () => unknown): void {
  try {
    log(`returned ${run() === true ? "True" : plain(run())}`);
  } catch (e) {
    log(`${(e as Error).name}: ${plain((e as Error).message)}`);
  }
}

const pyList = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(", ")}]`;
const pyBool = (value: boolean) => (value ? "True" : "False");

interface IName {
  name(): string;
}
const IName = Interface<IName>("IName", { name: method() });
interface IShout {
  shout(): string;
}
const IShout = Interface<IShout>("IShout", { shout: method() });
interface ILoudName extends IName {
  volume(): number;
}
const ILoudName = Interface<ILoudName, [typeof IName]>("ILoudName", { volume: method() }, [IName]);

class Person {
  constructor(readonly first: string) {}
}
class Child extends Person {}
class PersonName {
  constructor(readonly person: Person) {}
  name() {
    return this.person.first;
  }
}
class ShoutFromName {
  constructor(readonly named: IName) {}
  shout() {
    return this.named.name().toUpperCase();
  }
}
class Named {
  name() {
    return "radix";
  }
}
implementer(IName)(Named);
class Robot {}
class LoudRobotName {
  constructor(readonly robot: Robot) {}
  name() {
    return "robot";
  }
  volume() {
    return 11;
  }
}
class Rock {}

class Base {
  name() {
    return "base";
  }
}
implementer(IName)(Base);
class Sub extends Base {
  shout() {
    return "SUB";
  }
}
implementer(IShout)(Sub);

interface IUser {
  status: string;
  getUser(user: string): unknown;
  getUsers(): unknown;
}
const IUser = Interface<IUser>("IUser", {
  status: new Attribute("The user's status"),
  getUser: method("user"),
  getUsers: method(),
});
class Empty {}
implementer(IUser as never)(Empty);
class TooMany {
  status = "here";
  getUser(user: string, extra: string) {
    return [user, extra];
  }
  getUsers() {}
}
implementer(IUser as never)(TooMany);
class NotAMethod {
  status = "here";
  getUser = 3;
  getUsers() {}
}
implementer(IUser as never)(NotAMethod);
class TooFew {
  getUser() {}
  getUsers(...args: unknown[]) {
    return args;
  }
}
implementer(IUser as never)(TooFew);
class Undeclared {
  status = "here";
  getUser(user: string) {
    return user;
  }
  getUsers() {}
}

class Bag extends Componentized {}
class BagName extends Adapter<Bag> {
  name() {
    return "bag";
  }
}
implementer(IName)(BagName);
class Box extends Componentized {}
class BoxName extends Adapter<Box> {
  override temporaryAdapter = true;
  name() {
    return "box";
  }
}

export const componentsScenarios = [
  scenario("registerAdapter from a class adapts its instances and its subclasses' instances", (log) => {
    registerAdapter(PersonName, Person, IName);
    log(`person: ${IName(new Person("moshez")).name()}`);
    log(`child: ${IName(new Child("glyph")).name()} via ${IName(new Child("glyph")).constructor.name}`);
  }),

  scenario("registerAdapter from an interface adapts its providers; a provider adapts to itself", (log) => {
    registerAdapter(ShoutFromName, IName, IShout);
    const named = new Named();
    log(`itself: ${pyBool(IName(named) === named)}`);
    log(`shout: ${IShout(named).shout()}`);
  }),

  scenario("an adapter to an interface that extends the one asked for adapts too", (log) => {
    registerAdapter(LoudRobotName, Robot, ILoudName);
    log(`name: ${IName(new Robot()).name()}`);
    log(`factory: ${(getAdapterFactory(Robot, IName, null) as Function).name}`);
    log(`none: ${getAdapterFactory(Rock, IName, null) === null ? "None" : "?"}`);
  }),

  scenario("the default argument answers when nothing adapts; without it, TypeError Could not adapt", (log) => {
    log(`default: ${IName(new Rock(), null) === null ? "None" : "?"}`);
    log(`default value: ${IName(new Rock(), "fallback")}`);
    raised(log, () => IName(new Rock()));
    raised(log, () => IName(null));
    raised(log, () => IName("it's"));
  }),

  scenario("registering a second adapter for the same pair raises ValueError", (log) => {
    class Twice {}
    registerAdapter(PersonName, Twice, IShout);
    raised(log, () => registerAdapter(ShoutFromName, Twice, IShout));
  }),

  scenario("providedBy and implementedBy see a base class's declaration in its subclasses", (log) => {
    log(`IName by Sub(): ${pyBool(IName.providedBy(new Sub()))}`);
    log(`IShout by Base(): ${pyBool(IShout.providedBy(new Base()))}`);
    log(`IName implementedBy Sub: ${pyBool(IName.implementedBy(Sub))}`);
    log(`list implementedBy Sub: ${pyList([...implementedBy(Sub)].map((i) => i.__name__))}`);
    log(`list providedBy Base(): ${pyList([...providedBy(new Base())].map((i) => i.__name__))}`);
    log(`class provides IName: ${pyBool(IName.providedBy(Sub))}`);
    log(`ILoudName extends IName: ${pyBool(ILoudName.extends(IName))}, IName extends IName: ${pyBool(IName.extends(IName))}`);
    log(`repr: ${ILoudName} ${ILoudName.get("name")} ${pyList(ILoudName.names(true))}`);
  }),

  scenario("verifyObject names each missing attribute and method, and every broken contract", (log) => {
    for (const candidate of [new Empty(), new TooMany(), new NotAMethod(), new TooFew()]) raised(log, () => verify.verifyObject(IUser, candidate));
  }),

  scenario("verifyObject on an undeclared object: DoesNotImplement, unless tentative", (log) => {
    raised(log, () => verify.verifyObject(IUser, new Undeclared()));
    raised(log, () => verify.verifyObject(IUser, new Undeclared(), true));
  }),

  scenario("verifyClass checks methods but not attributes", (log) => {
    raised(log, () => verify.verifyClass(IUser, TooFew));
    raised(log, () => verify.verifyClass(IUser, Empty));
  }),

  scenario("a Componentized keeps the adapter it was adapted with, unless it is temporary", (log) => {
    registerAdapter(BagName, Bag, IName);
    registerAdapter(BoxName, Box, IName);
    const bag = new Bag();
    const first = IName(bag) as BagName;
    log(`bag: ${first.name()} kept: ${pyBool(IName(bag) === first)} original: ${pyBool(first.original === bag)}`);
    const box = new Box();
    log(`box: ${IName(box).name()} kept: ${pyBool(IName(box) === IName(box))}`);
    log(`getComponent default: ${bag.getComponent(IShout, null as never) === null ? "None" : "?"}`);
  }),

  scenario("Twisted's own classes provide the interfaces they declare; a lone Service adapts to no collection", (log) => {
    log(`Resource: ${pyBool(IResource.providedBy(new Resource()))} ${pyBool(verify.verifyObject(IResource, new Resource()))}`);
    log(`ServerFactory: ${pyBool(IProtocolFactory.implementedBy(ServerFactory))}`);
    log(`Protocol: ${pyBool(verify.verifyObject(IProtocol, new Protocol()))}`);
    log(`MultiService: ${pyBool(IServiceCollection.providedBy(new MultiService()))} ${pyBool(IService.providedBy(new MultiService()))}`);
    const app = Application("finger");
    log(`application: ${IServiceCollection(app).constructor.name} ${pyBool((IServiceCollection(app) as unknown) === IService(app))}`);
    raised(log, () => IServiceCollection(new Service()));
  }),
];
