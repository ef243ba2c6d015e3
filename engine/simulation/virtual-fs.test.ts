import { describe, expect, it } from "vitest";
import { VirtualFileSystem } from "./virtual-fs";
import { DirectoryNotEmptyError, FileNotFoundError, IsADirectoryError } from "../twisted/python/builtins";
import { normalizePath } from "../twisted/python/paths";
import { cutSegments } from "./segmentation";
import { concatBytes } from "../twisted/internet/wire";
import { SeededRandom } from "./seeded-random";

describe("the virtual filesystem", () => {
  it("creates parent directories on write and lists entries sorted, with sizes in bytes", () => {
    const fs = new VirtualFileSystem();
    fs.seed({ "/home/moshez/.plan": "é", "/etc/users": "moshez: happy\n" });
    expect(fs.list("/").map((e) => [e.name, e.kind])).toEqual([["etc", "dir"], ["home", "dir"]]);
    expect(fs.list("/home/moshez")).toEqual([{ name: ".plan", path: "/home/moshez/.plan", kind: "file", size: 2 }]);
  });

  it("raises Python's errors by name", () => {
    const fs = new VirtualFileSystem();
    fs.mkdir("/etc");
    expect(() => fs.read("/etc/users")).toThrow(FileNotFoundError);
    expect(() => fs.read("/etc/users")).toThrow("[Errno 2] No such file or directory: '/etc/users'");
    expect(() => fs.read("/etc")).toThrow(IsADirectoryError);
    fs.write("/etc/users", "x");
    expect(() => fs.remove("/etc")).toThrow(DirectoryNotEmptyError);
    fs.remove("/etc", true);
    expect(fs.exists("/etc/users")).toBe(false);
  });

  it("appends, snapshots, and counts changes so a view knows to re-read", () => {
    const fs = new VirtualFileSystem();
    const before = fs.version;
    fs.append("/tmp/log", "a");
    fs.append("/tmp/log", "b");
    expect(fs.snapshot()).toEqual({ "/tmp/log": "ab" });
    expect(fs.version).toBeGreaterThan(before);
  });

  it("normalises paths, relative ones from a working directory", () => {
    expect(normalizePath("/a/./b/../c/")).toBe("/a/c");
    expect(normalizePath(".plan", "/home/moshez")).toBe("/home/moshez/.plan");
    expect(normalizePath("../..", "/a")).toBe("/");
  });
});

describe("segmentation", () => {
  it("never changes the bytes, whatever the strategy and seed", () => {
    const writes = [new TextEncoder().encode("hello "), new TextEncoder().encode("world, this is a stream")];
    for (const how of ["as-written", "random", "bytewise"] as const) {
      for (let seed = 1; seed < 20; seed++) {
        expect(concatBytes(cutSegments(writes, how, new SeededRandom(seed)))).toEqual(concatBytes(writes));
      }
    }
  });
});
