import { describe, expect, it } from "vitest";
import { Attribute, implementer, Interface, method } from "../../zope/interface";
import { Adapter, Componentized, getAdapterFactory, registerAdapter, settings } from "./components";

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

class PersonName implements IName {
  constructor(readonly person: Person) {}
  name() {
    return this.person.first;
  }
}
registerAdapter(PersonName, Person, IName);

class ShoutFromName implements IShout {
  constructor(readonly named: IName) {}
  shout() {
    return this.named.name().toUpperCase();
  }
}
registerAdapter(ShoutFromName, IName, IShout);

describe("registerAdapter and adaptation", () => {
  it("adapts an instance of the class it was registered for, and of its subclasses", () => {
    expect(IName(new Person("moshez")).name()).toBe("moshez");
    expect(IName(new Child("glyph"))).toBeInstanceOf(PersonName);
  });

  it("adapts what provides the interface it was registered for, and passes a provider through untouched", () => {
    const provider = implementer(IName)(class {
      name() {
        return "radix";
      }
    });
    const named = new provider();
    expect(IName(named)).toBe(named);
    expect(IShout(named).shout()).toBe("RADIX");
  });

  it("accepts a plain function as the factory, called without new", () => {
    const IAge = Interface<{ age: number }>("IAge", { age: new Attribute("The age") });
    registerAdapter((person: Person) => ({ age: person.first.length }), Person, IAge);
    expect(IAge(new Person("abc"))).toEqual({ age: 3 });
  });

  it("finds an adapter registered to an interface that extends the one asked for", () => {
    class Robot {}
    class LoudRobotName implements ILoudName {
      constructor(readonly robot: Robot) {}
      name() {
        return "robot";
      }
      volume() {
        return 11;
      }
    }
    registerAdapter(LoudRobotName, Robot, ILoudName);
    expect(IName(new Robot()).name()).toBe("robot");
    expect(getAdapterFactory(Robot, IName, null)).toBe(LoudRobotName);
    expect(getAdapterFactory(Person, IShout, null)).toBeNull();
    expect(getAdapterFactory(IName, IShout, null)).toBe(ShoutFromName);
  });

  it("adapts a string through an adapter registered for String, as Python's for str", () => {
    const IWord = Interface<{ word: string }>("IWord", { word: new Attribute("The word") });
    registerAdapter((text: string) => ({ word: text.toUpperCase() }), String, IWord);
    expect(IWord("moshez")).toEqual({ word: "MOSHEZ" });
    expect(IWord(42, null)).toBeNull();
  });

  it("uses the default when nothing adapts, and otherwise raises Twisted's TypeError", () => {
    class Rock {}
    expect(IName(new Rock(), null)).toBeNull();
    expect(() => IName(new Rock())).toThrow(/^\('Could not adapt', <__main__\.Rock object at 0x[0-9a-f]+>, <InterfaceClass __main__\.IName>\)$/);
  });

  it("refuses a second adapter for the same pair unless ALLOW_DUPLICATES, and refuses no interface at all", () => {
    expect(() => registerAdapter(PersonName, Person, IName)).toThrow(/^an adapter \(<class '__main__\.PersonName'>\) was already registered\.$/);
    settings.ALLOW_DUPLICATES = true;
    try {
      registerAdapter(PersonName, Person, IName);
    } finally {
      settings.ALLOW_DUPLICATES = false;
    }
    expect(() => registerAdapter(PersonName, Person)).toThrow("You need to pass an Interface");
  });
});

describe("Componentized", () => {
  class Bag extends Componentized {}
  class BagName extends Adapter<Bag> implements IName {
    name() {
      return "bag";
    }
  }
  implementer(IName)(BagName);
  registerAdapter(BagName, Bag, IName);

  it("makes its component once with the registered adapter and keeps it", () => {
    const bag = new Bag();
    const first = IName(bag);
    expect(first).toBeInstanceOf(BagName);
    expect((first as BagName).original).toBe(bag);
    expect(IName(bag)).toBe(first);
    expect(bag.getComponent(IName)).toBe(first);
  });

  it("keeps a component set by hand, forgets it on unsetComponent, and answers getComponent's default", () => {
    const bag = new Bag();
    const named = { name: () => "by hand" };
    bag.setComponent(IName, named);
    expect(IName(bag)).toBe(named);
    expect(bag.removeComponent(named)).toEqual([IName]);
    expect(bag.getComponent(IShout, null as never)).toBeNull();
    expect(() => bag.unsetComponent(IShout)).toThrow("'__main__.IShout'");
  });

  it("does not keep a temporary adapter", () => {
    class Box extends Componentized {}
    class BoxName extends Adapter<Box> {
      override temporaryAdapter = true;
      name() {
        return "box";
      }
    }
    registerAdapter(BoxName, Box, IName);
    const box = new Box();
    expect(IName(box)).not.toBe(IName(box));
  });

  it("an Adapter passes adaptation of itself on to the original's components", () => {
    const bag = new Bag();
    const named = { name: () => "kept" };
    bag.setComponent(IName, named);
    expect(IName(new Adapter(bag))).toBe(named);
  });
});

describe("Twisted's own classes", () => {
  it("provide the interfaces they declare, and pass verifyObject for them as in Twisted", async () => {
    const { verify } = await import("../../zope/interface");
    const { IResource, Resource } = await import("../web/resource");
    const { IProtocol, IProtocolFactory } = await import("../internet/interfaces");
    const { Factory, Protocol, ServerFactory } = await import("../internet/protocol");
    const { IProcess, IService, IServiceCollection, MultiService, Process, Service } = await import("../application/service");
    const pairs: [unknown, object][] = [
      [IResource, new Resource()],
      [IProtocol, new Protocol()],
      [IProtocolFactory, new Factory()],
      [IProtocolFactory, new ServerFactory()],
      [IService, new Service()],
      [IService, new MultiService()],
      [IServiceCollection, new MultiService()],
      [IProcess, new Process()],
    ];
    for (const [iface, obj] of pairs) expect(verify.verifyObject(iface as never, obj), `${iface} ${obj.constructor.name}`).toBe(true);
    expect(IServiceCollection.providedBy(new Service())).toBe(false);
    expect(IResource.providedBy(new Protocol())).toBe(false);
  });
});
