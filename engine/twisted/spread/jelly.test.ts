import { describe, expect, it } from "vitest";
import { InsecureJelly, SecurityOptions, Unpersistable, globalSecurity, jelly, setUnjellyableForClass, unjelly, Unjellyable, tuple, isTuple } from "./jelly";
import { atom } from "./jelly-types";

class Point {
  constructor(
    public x = 0,
    public y = 0,
  ) {}
}

describe("jelly's security", () => {
  it("unjelly refuses a class the taster was not told about", () => {
    const sexp = jelly(new Point(1, 2));
    expect(() => unjelly(sexp, globalSecurity)).toThrow(new InsecureJelly("Module __main__ not allowed (in type __main__.Point)."));
  });

  it("a class allowed with allowInstancesOf travels with its state", () => {
    const taster = new SecurityOptions();
    taster.allowInstancesOf(Point);
    const point = unjelly(jelly(new Point(1, 2), taster), taster) as Point;
    expect(point).toBeInstanceOf(Point);
    expect([point.x, point.y]).toEqual([1, 2]);
  });

  it("jelly with a security policy sends an unknown instance as unpersistable", () => {
    const value = unjelly(jelly([new Point()], globalSecurity), globalSecurity) as unknown[];
    expect(value[0]).toBeInstanceOf(Unpersistable);
  });

  it("a type the policy does not allow is refused by name", () => {
    const strict = new SecurityOptions();
    expect(() => unjelly([atom("list"), 1], strict)).toThrow(InsecureJelly);
    expect(unjelly([atom("unicode"), new TextEncoder().encode("ok")], strict)).toBe("ok");
  });

  it("setUnjellyableForClass lets a type name be rebuilt by the registered class", () => {
    class Copy extends Unjellyable {}
    setUnjellyableForClass("remote.Thing", Copy);
    const copy = unjelly([atom("remote.Thing"), [atom("dictionary"), [[atom("unicode"), new TextEncoder().encode("a")], 1]]], globalSecurity);
    expect(copy).toBeInstanceOf(Copy);
    expect((copy as { a: number }).a).toBe(1);
  });

  it("keeps shared and circular structure, and tuples", () => {
    const shared = [1];
    const circular: unknown[] = [];
    circular.push(circular);
    const back = unjelly(jelly([shared, shared, circular, tuple(1, 2)])) as unknown[][];
    expect(back[0]).toBe(back[1]);
    expect(back[2]![0]).toBe(back[2]);
    expect(isTuple(back[3])).toBe(true);
  });
});
