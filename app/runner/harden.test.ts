import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { hardenBuiltIns } from "./harden";

/** The realm's own TypeError is another class than this one's: match its message. */
const FROZEN = /read only|Cannot (assign|redefine|change|define)|not extensible/;

/** A fresh realm with its built-ins frozen, as the runner's worker has them. */
function hardenedRealm(): (code: string) => unknown {
  const global = runInNewContext("globalThis") as typeof globalThis;
  hardenBuiltIns(global);
  return (code) => global.eval(`"use strict";${code}`);
}

describe("the runner's frozen built-ins", () => {
  it("refuse a patched Array.prototype.push, the way a program faked '4 of 4 passed'", () => {
    const run = hardenedRealm();
    expect(() => run("Array.prototype.push = function () { return 0; };")).toThrow(FROZEN);
    expect(run("const a = []; a.push(1, 2); a.length")).toBe(2);
  });

  it("refuse a patched Map.prototype.get, so no run can poison the next", () => {
    const run = hardenedRealm();
    expect(() => run("Map.prototype.get = () => 'poison';")).toThrow(FROZEN);
    expect(() => run("Object.defineProperty(Map.prototype, 'get', { value: () => 'poison' });")).toThrow(FROZEN);
    expect(run("new Map([[1, 'one']]).get(1)")).toBe("one");
  });

  it("refuse new global built-ins, and patched iterators and statics", () => {
    const run = hardenedRealm();
    expect(() => run("globalThis.Map = class {};")).toThrow(FROZEN);
    expect(() => run("Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true });")).toThrow(FROZEN);
    expect(() => run("JSON.stringify = () => '{}';")).toThrow(FROZEN);
    expect(() => run("String.prototype.includes = () => true;")).toThrow(FROZEN);
    expect(run("[...[1, 2, 3]].length")).toBe(3);
  });

  it("still let objects have their own toString, name and message by assignment", () => {
    const run = hardenedRealm();
    expect(run("const o = {}; o.toString = () => 'mine'; String(o)")).toBe("mine");
    expect(run("class E extends Error { constructor() { super(); this.name = 'E'; this.message = 'm'; } } String(new E())")).toBe("E: m");
    expect(run("function F() {} F.prototype.constructor = F; F.prototype.toString = () => 'f'; String(new F())")).toBe("f");
    expect(() => run("Object.prototype.toString = () => 'x';")).toThrow(FROZEN);
  });
});
