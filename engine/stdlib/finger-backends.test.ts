/**
 * The finger tutorial's stage 5, pluggable backends, on the simulated host:
 * a LocalFingerService that reads ~/.plan of the account pwd.getpwnam finds
 * (finger19c_changes.py), one that asks the local finger command
 * (finger19b_changes.py), and the pieces they stand on: pwd over
 * /etc/passwd, FilePath's errors, and child()'s refusal to leave a directory.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";
import { getpwall, getpwnam, parsePasswd } from "./pwd";
import { FilePath, InsecurePath } from "../twisted/python/filepath";
import { FileNotFoundError, IsADirectoryError, PermissionError } from "../twisted/python/builtins";
import { newSimulation } from "../../test/support/simulation";

/**
 * Malformed lines, and what glibc makes of them: the expected entries below
 * are what Python's pwd.getpwall() printed on Debian with this text
 * bind-mounted over /etc/passwd.
 */
const MESSY_PASSWD = [
  "root:x:0:0:root:/root:/bin/bash",
  "# a comment",
  "moshez:x:1000:1000:Moshe Zadka,,,:/home/moshez:/bin/sh",
  "",
  "short:x:1001",
  "badid:x:abc:100::/home/badid:/bin/sh",
  "emptyid:x::100::/home/emptyid:/bin/sh",
  "extra:x:1002:1002::/home/extra:/bin/sh:more",
  "neg:x:-5:100::/home/neg:/bin/sh",
  " spaced:x:1003:1003::/home/spaced:/bin/sh",
  "noshell:x:1004:1004::/home/noshell:",
  "plus:x:+5:100::/home/plus:/bin/sh",
  "trail:x:7 :100::/home/trail:/bin/sh",
  "hex:x:0x10:100::/home/hex:/bin/sh",
  "six:x:9:100::/home/six",
  "big:x:99999999999:100::/home/big:/bin/sh",
  "glyph:x:1005:1005:Glyph:/home/glyph:/bin/sh",
].join("\n");

describe("pwd over a messy /etc/passwd", () => {
  it("reads every valid line and skips each invalid one, as glibc does", () => {
    expect(parsePasswd(MESSY_PASSWD).map((e) => [e.name, e.uid, e.gid, e.dir, e.shell])).toEqual([
      ["root", 0, 0, "/root", "/bin/bash"],
      ["moshez", 1000, 1000, "/home/moshez", "/bin/sh"],
      ["extra", 1002, 1002, "/home/extra", "/bin/sh:more"],
      ["spaced", 1003, 1003, "/home/spaced", "/bin/sh"],
      ["noshell", 1004, 1004, "/home/noshell", ""],
      ["plus", 5, 100, "/home/plus", "/bin/sh"],
      ["six", 9, 100, "/home/six", ""],
      ["glyph", 1005, 1005, "/home/glyph", "/bin/sh"],
    ]);
  });

  it("gives struct_passwd by field name and by index, and KeyError for a name with path characters", () => {
    const { reactor, restore } = newSimulation();
    try {
      reactor.host.fs.write("/etc/passwd", MESSY_PASSWD);
      const entry = getpwnam("moshez");
      expect([entry.pw_name, entry.pw_dir, entry[5], entry[2], entry.length]).toEqual(["moshez", "/home/moshez", "/home/moshez", 1000, 7]);
      expect([...entry]).toEqual(["moshez", "x", 1000, 1000, "Moshe Zadka,,,", "/home/moshez", "/bin/sh"]);
      expect(getpwall().map((e) => e.pw_name)).toContain("glyph");
      expect(() => getpwnam("../etc")).toThrow("getpwnam(): name not found: '../etc'");
      expect(() => getpwnam("badid")).toThrow("getpwnam(): name not found: 'badid'");
    } finally {
      restore();
    }
  });
});

describe("FilePath on the simulated host", () => {
  it("child() normalises the name and refuses one that leaves the directory, with Twisted's messages", () => {
    const home = new FilePath("/home");
    expect(home.child("moshez").path).toBe("/home/moshez");
    expect(home.child(".").path).toBe("/home");
    expect(home.child("").path).toBe("/home");
    expect(() => home.child("../etc")).toThrow(new InsecurePath("'../etc' contains one or more directory separators"));
    expect(() => home.child("..")).toThrow(new InsecurePath("'/' is not a child of /home"));
    expect(() => home.child("a/b")).toThrow(InsecurePath);
    expect(() => home.child("/etc")).toThrow("'/etc' contains one or more directory separators");
  });

  it("reading fails as Python's open() does: missing file, directory, a mode that forbids reading", () => {
    const { reactor, restore } = newSimulation();
    try {
      reactor.host.fs.write("/home/alice/.plan", "secret");
      reactor.host.fs.chmod("/home/alice/.plan", 0o600);
      const read = (path: string) => () => new FilePath(path).getContent();
      expect(read("/home/bob/.plan")).toThrow(new FileNotFoundError("/home/bob/.plan"));
      expect(read("/home/bob/.plan")).toThrow("[Errno 2] No such file or directory: '/home/bob/.plan'");
      expect(read("/home")).toThrow(IsADirectoryError);
      expect(read("/home")).toThrow("[Errno 21] Is a directory: '/home'");
      expect(read("/home/alice/.plan")).toThrow(PermissionError);
      expect(read("/home/alice/.plan")).toThrow("[Errno 13] Permission denied: '/home/alice/.plan'");
      reactor.host.fs.write("/home/alice/.plan", "still secret");
      expect(reactor.host.fs.mode("/home/alice/.plan")).toBe(0o600);
    } finally {
      restore();
    }
  });
});

const FINGER19C = readFileSync(path.join(import.meta.dirname, "../../test/fixtures/finger19c.tac.ts"), "utf8");

function ask(world: World, port: number, user: string): string {
  let answer = "";
  const client = world.connect("localhost", port, { onData: (data) => (answer += data) });
  world.advance(0.1);
  client.send(user + "\r\n");
  world.advance(1);
  return answer;
}

describe("finger19c: LocalFingerService reads ~/.plan of the account pwd finds", () => {
  function start(): World {
    const world = new World();
    world.writeFile("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nmoshez:x:1000:1000:Moshe:/home/moshez:/bin/sh\nalice:x:1001:1001::/home/alice:/bin/sh\nbob:x:1002:1002::/home/bob:/bin/sh\ncarol:x:1003:1003::/home/carol:/bin/sh\nbroken:x:oops\n");
    world.writeFile("/home/moshez/.plan", "  Working on the tutorial\n");
    world.writeFile("/home/alice/.plan", "private");
    world.chmod("/home/alice/.plan", 0o600);
    world.writeFile("/home/carol/.plan/inside", "a directory called .plan");
    world.writeFile("/etc/.plan", "THE SYSTEM'S SECRETS");
    expect(world.start(FINGER19C, "finger19c.tac.ts")).toEqual({ status: "running" });
    world.advance(1);
    return world;
  }

  it("answers with the plan, stripped, and 'No such user' for every way reading can fail", () => {
    const world = start();
    expect(ask(world, 79, "moshez")).toBe("Working on the tutorial\r\n");
    expect(ask(world, 79, "alice")).toBe("No such user\r\n");
    expect(ask(world, 79, "bob")).toBe("No such user\r\n");
    expect(ask(world, 79, "carol")).toBe("No such user\r\n");
    expect(ask(world, 79, "nobody-here")).toBe("No such user\r\n");
    expect(ask(world, 79, "broken")).toBe("No such user\r\n");
  });

  it("never reads outside the home directories, whatever the name", () => {
    const world = start();
    for (const name of ["../etc", "../../etc", "/etc", "..", "moshez/../../etc"]) {
      expect(ask(world, 79, name), name).toBe("No such user\r\n");
      expect(ask(world, 1079, name), name).not.toMatch(/SECRETS/);
    }
    expect(ask(world, 1079, "../etc")).toBe("InsecurePath: '../etc' contains one or more directory separators\r\n");
    expect(ask(world, 1079, "..")).toBe("InsecurePath: '/' is not a child of /home\r\n");
    expect(ask(world, 1079, "moshez")).toBe("Working on the tutorial\r\n");
  });
});

describe("a file only its owner may read, from the terminal", () => {
  it("cat says Permission denied, as for a file of another user's", () => {
    const world = new World();
    world.writeFile("/home/alice/.plan", "private\n");
    world.chmod("/home/alice/.plan", 0o600);
    const handle = world.exec(["cat", "/home/alice/.plan"]);
    world.advance(1);
    expect([handle.stdout, handle.stderr]).toEqual(["", "cat: /home/alice/.plan: Permission denied\n"]);
  });
});

describe("finger19b: LocalFingerService asks the local finger command", () => {
  it("answers with what finger prints, and finger keeps an unreadable plan to itself", () => {
    const world = new World();
    world.writeFile("/etc/passwd", "moshez:x:1000:1000:Moshe Zadka,,,:/home/moshez:/bin/sh\nalice:x:1001:1001:Alice:/home/alice:/bin/sh\n");
    world.writeFile("/home/moshez/.plan", "Working on the tutorial\n");
    world.writeFile("/home/alice/.plan", "private\n");
    world.chmod("/home/alice/.plan", 0o600);
    const program = FINGER19C.replace(
      /class LocalFingerService extends service\.Service \{[^]*?\n\}\nimplementer/,
      `class LocalFingerService extends service.Service {
  getUser(user: string) {
    return utils.getProcessOutput("finger", [user]);
  }
  getUsers() {
    return defer.succeed([] as string[]);
  }
}
implementer`,
    ).replace('import { defer, protocol } from "twisted/internet";', 'import { defer, protocol, utils } from "twisted/internet";');
    expect(world.start(program, "finger19b.tac.ts")).toEqual({ status: "running" });
    world.advance(1);
    expect(ask(world, 79, "moshez")).toMatch(/^Login: moshez\s+\t\t\tName: Moshe Zadka\n[^]*\nPlan:\nWorking on the tutorial\n\r\n$/);
    expect(ask(world, 79, "alice")).toMatch(/\nNo Plan\.\n\r\n$/);
  });
});
