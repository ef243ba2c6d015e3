import { describe, expect, it } from "vitest";
import {
  alsoProvides,
  Attribute,
  BrokenImplementation,
  BrokenMethodImplementation,
  classImplements,
  directlyProvidedBy,
  directlyProvides,
  DoesNotImplement,
  implementedBy,
  implementer,
  Interface,
  method,
  MultipleInvalid,
  noLongerProvides,
  providedBy,
  verify,
} from ".";
import { signatureOf } from "./repr";

interface IGreeter {
  /** The greeting's language. */
  language: string;
  /** Greets `who`. */
  greet(who: string): string;
}
const IGreeter = Interface<IGreeter>("IGreeter", {
  language: new Attribute("The greeting's language"),
  greet: method("who"),
});

interface ILoudGreeter extends IGreeter {
  /** Shouts `who`'s name. */
  shout(who: string, times?: number): string;
}
const ILoudGreeter = Interface<ILoudGreeter, [typeof IGreeter]>("ILoudGreeter", { shout: method("who", "times=1") }, [IGreeter]);

class Greeter implements IGreeter {
  language = "en";
  greet(who: string) {
    return `hello ${who}`;
  }
}
implementer(IGreeter)(Greeter);

class LoudGreeter extends Greeter implements ILoudGreeter {
  shout(who: string, times = 1) {
    return `HELLO ${who}`.repeat(times);
  }
}
implementer(ILoudGreeter)(LoudGreeter);

describe("an interface", () => {
  it("knows its name, module, members in declaration order, and prints as zope prints it", () => {
    expect([IGreeter.__name__, IGreeter.__module__, IGreeter.__identifier__, IGreeter.name]).toEqual(["IGreeter", "__main__", "__main__.IGreeter", "IGreeter"]);
    expect(String(IGreeter)).toBe("<InterfaceClass __main__.IGreeter>");
    expect(IGreeter.names()).toEqual(["language", "greet"]);
    expect(ILoudGreeter.names()).toEqual(["shout"]);
    expect(ILoudGreeter.names(true)).toEqual(["shout", "language", "greet"]);
    expect(ILoudGreeter.namesAndDescriptions(true).map(([name]) => name)).toEqual(["language", "greet", "shout"]);
    expect(String(ILoudGreeter.get("greet"))).toBe("__main__.IGreeter.greet(who)");
    expect(String(ILoudGreeter.get("shout"))).toBe("__main__.ILoudGreeter.shout(who, times=1)");
    expect(ILoudGreeter.get("language")?.__doc__).toBe("The greeting's language");
  });

  it("takes a dotted name's module for its own", () => {
    const IThing = Interface("twisted.test.IThing", {});
    expect([IThing.__module__, IThing.__name__, String(IThing)]).toEqual(["twisted.test", "IThing", "<InterfaceClass twisted.test.IThing>"]);
  });

  it("extends its bases and what they extend, never itself strictly", () => {
    expect(ILoudGreeter.extends(IGreeter)).toBe(true);
    expect(IGreeter.extends(ILoudGreeter)).toBe(false);
    expect(IGreeter.extends(IGreeter)).toBe(false);
    expect(IGreeter.extends(IGreeter, false)).toBe(true);
    expect(ILoudGreeter.__iro__).toEqual([ILoudGreeter, IGreeter]);
  });

  it("refuses members that are neither Attributes nor methods, and bases that are not interfaces", () => {
    expect(() => Interface("IBad", { x: 3 } as never)).toThrow("IBad.x must be an Attribute or a method(...), not 3");
    expect(() => Interface("IBad", {}, [Greeter] as never)).toThrow("<class '__main__.Greeter'> is not an interface, so IBad cannot extend it");
  });
});

describe("declarations", () => {
  it("an implementer's instances provide the interface, its subclasses' instances too, and the bases of a declared interface", () => {
    expect(IGreeter.providedBy(new Greeter())).toBe(true);
    expect(IGreeter.implementedBy(Greeter)).toBe(true);
    expect(ILoudGreeter.providedBy(new Greeter())).toBe(false);
    expect(IGreeter.providedBy(new LoudGreeter())).toBe(true);
    expect(IGreeter.implementedBy(LoudGreeter)).toBe(true);
    expect([...implementedBy(LoudGreeter)]).toEqual([ILoudGreeter, IGreeter]);
    expect([...providedBy(new Greeter())]).toEqual([IGreeter]);
    expect(IGreeter.providedBy(Greeter)).toBe(false);
    expect(IGreeter.providedBy(null)).toBe(false);
    expect(IGreeter.providedBy("text")).toBe(false);
  });

  it("implementer returns the class, and refuses what is not a class or not an interface", () => {
    class Plain {
      language = "fr";
      greet() {
        return "salut";
      }
    }
    expect(implementer(IGreeter)(Plain)).toBe(Plain);
    expect(() => implementer(Plain as never)).toThrow("implementer takes interfaces, not <class '__main__.Plain'>");
    expect(() => classImplements(3 as never, IGreeter)).toThrow("classImplements takes a class, not 3");
  });

  it("directlyProvides replaces an object's own declarations, alsoProvides adds, noLongerProvides withdraws", () => {
    const IExtra = Interface("IExtra", {});
    const thing = {};
    directlyProvides(thing, IGreeter);
    expect(IGreeter.providedBy(thing)).toBe(true);
    alsoProvides(thing, IExtra);
    expect([...directlyProvidedBy(thing)]).toEqual([IGreeter, IExtra]);
    directlyProvides(thing, IExtra);
    expect(IGreeter.providedBy(thing)).toBe(false);
    noLongerProvides(thing, IExtra);
    expect(IExtra.providedBy(thing)).toBe(false);
    const greeter = new Greeter();
    expect(() => noLongerProvides(greeter, IGreeter)).toThrow("Can only remove directly provided interfaces.");
  });
});

describe("calling an interface", () => {
  it("returns a provider itself, asks __conform__ first, then falls back to the alternate", () => {
    const greeter = new Greeter();
    expect(IGreeter(greeter)).toBe(greeter);
    const conforming = { __conform__: (iface: unknown) => (iface === IGreeter ? greeter : null) };
    expect(IGreeter(conforming)).toBe(greeter);
    expect(IGreeter(42, "fallback")).toBe("fallback");
    expect(IGreeter(42, null)).toBeNull();
  });

  it("raises Twisted's TypeError when nothing adapts and there is no alternate", () => {
    class Stranger {}
    const stranger = new Stranger();
    let thrown: unknown;
    try {
      IGreeter(stranger);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as TypeError).message).toMatch(/^\('Could not adapt', <__main__\.Stranger object at 0x[0-9a-f]+>, <InterfaceClass __main__\.IGreeter>\)$/);
    expect((thrown as { args: unknown[] }).args).toEqual(["Could not adapt", stranger, IGreeter]);
    expect(() => IGreeter(undefined)).toThrow("('Could not adapt', None, <InterfaceClass __main__.IGreeter>)");
    expect(() => IGreeter("it's")).toThrow(`('Could not adapt', "it's", <InterfaceClass __main__.IGreeter>)`);
  });
});

describe("verifyObject and verifyClass", () => {
  it("pass a complete, declared implementation", () => {
    expect(verify.verifyObject(ILoudGreeter, new LoudGreeter())).toBe(true);
    expect(verify.verifyClass(ILoudGreeter, LoudGreeter)).toBe(true);
  });

  it("report a missing method, an extra required parameter, a non-method, and too few parameters, in zope's words", () => {
    class TooMany {
      language = "en";
      greet(who: string, how: string) {
        return who + how;
      }
    }
    // The type checker already refuses this class; zope's run-time check is for code it cannot see.
    implementer(IGreeter as never)(TooMany);
    expect(() => verify.verifyObject(IGreeter, new TooMany())).toThrow(BrokenMethodImplementation);
    expect(() => verify.verifyObject(IGreeter, new TooMany())).toThrow(
      /^The object <__main__\.TooMany object at 0x[0-9a-f]+> has failed to implement interface __main__\.IGreeter: The contract of __main__\.IGreeter\.greet\(who\) is violated because 'TooMany\.greet\(who, how\)' requires too many arguments\.$/,
    );

    class NotAMethod {
      language = "en";
      greet = 3;
    }
    implementer(IGreeter as never)(NotAMethod);
    expect(() => verify.verifyObject(IGreeter, new NotAMethod())).toThrow(/because '3' is not a method\.$/);

    class TooFew {
      greet() {
        return "";
      }
    }
    implementer(IGreeter as never)(TooFew);
    let thrown: unknown;
    try {
      verify.verifyObject(IGreeter, new TooFew());
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MultipleInvalid);
    expect((thrown as MultipleInvalid).exceptions.map((e) => e.constructor)).toEqual([BrokenImplementation, BrokenMethodImplementation]);
    expect((thrown as Error).message).toMatch(
      /^The object <__main__\.TooFew object at 0x[0-9a-f]+> has failed to implement interface __main__\.IGreeter:\n {4}The __main__\.IGreeter\.language attribute was not provided\n {4}The contract of __main__\.IGreeter\.greet\(who\) is violated because 'TooFew\.greet\(\)' doesn't allow enough arguments$/,
    );
  });

  it("an undeclared object fails with DoesNotImplement unless tentative; a class is not asked for attributes its constructor may set", () => {
    const duck = { language: "en", greet: (who: string) => who };
    expect(() => verify.verifyObject(IGreeter, duck)).toThrow(DoesNotImplement);
    expect(() => verify.verifyObject(IGreeter, duck)).toThrow(/: Does not declaratively implement the interface\.$/);
    expect(verify.verifyObject(IGreeter, duck, true)).toBe(true);
    class Later {
      greet(who: string) {
        return who;
      }
    }
    implementer(IGreeter as never)(Later);
    expect(verify.verifyClass(IGreeter, Later)).toBe(true);
    expect(() => verify.verifyObject(IGreeter, new Later())).toThrow(/The __main__\.IGreeter\.language attribute was not provided\.$/);
  });

  it("verifyClass takes a getter on trust, as zope takes a property, without running it", () => {
    class Computed {
      get greet(): (who: string) => string {
        throw new Error("needs an instance");
      }
    }
    implementer(IGreeter as never)(Computed);
    expect(verify.verifyClass(IGreeter, Computed)).toBe(true);
  });

  it("treat a parameter with a default as optional and a rest parameter as Python's *args", () => {
    const IMany = Interface("IMany", { run: method("a", "b", "*rest") });
    const many = { run: (a: number, b = 2, ...rest: number[]) => a + b + rest.length };
    expect(verify.verifyObject(IMany, many, true)).toBe(true);
    const noRest = { run: (a: number, b = 2) => a + b };
    expect(() => verify.verifyObject(IMany, noRest, true)).toThrow(/because 'run\(a, b=2\)' doesn't support variable arguments\.$/);
  });
});

describe("reading a function's signature", () => {
  it("finds parameters, defaults (even with commas and parentheses inside) and rest parameters", () => {
    expect(signatureOf(function f(a: number, b = [1, 2], c = g(1, 2), ...rest: number[]) {
      return [a, b, c, rest];
    })).toEqual({ positional: ["a", "b", "c"], required: ["a"], optional: { b: "[1, 2]", c: "g(1, 2)" }, varargs: "rest", kwargs: null });
    expect(signatureOf((x: number) => x)?.positional).toEqual(["x"]);
    expect(signatureOf(Math.max)).toBeNull();
    expect(signatureOf(Greeter)).toBeNull();
  });
});

function g(a: number, b: number) {
  return a + b;
}

// Without a type argument, an interface types its providers loosely, as Python does.
const ILoose = Interface("ILoose", { getUser: method("user") });
const looseStatus: string = ILoose({ getUser: (user: string) => user }, null)?.getUser("moshez");
void looseStatus;

// The type checker holds an interface's run-time members to its TypeScript type.
// @ts-expect-error greet is missing
Interface<IGreeter>("IMissing", { language: new Attribute() });
// @ts-expect-error greet takes one parameter, not two
Interface<IGreeter>("IWrongArity", { language: new Attribute(), greet: method("who", "how") });
// @ts-expect-error a class without greet cannot be declared an IGreeter implementer
implementer(IGreeter)(class { language = "en"; });
