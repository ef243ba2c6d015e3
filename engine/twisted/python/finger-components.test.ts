/**
 * The finger tutorial's stage 4 (finger19.tac: "Do everything properly, and
 * componentize") written as a learner would in TypeScript and run by twistd
 * in a simulated world: interfaces declared with zope/interface, one
 * FingerService implementing IFingerService, and adapters registered with
 * components.registerAdapter that turn it into a finger factory, a web
 * resource and an IRC client factory. Each front end is then used for real:
 * finger on port 79, curl on port 8000, a user of the IRC network.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { World } from "../../runtime/world";

const FINGER19_TAC = readFileSync(path.join(import.meta.dirname, "../../../test/fixtures/finger19.tac.ts"), "utf8");

function run(world: World, argv: string[]): string {
  const handle = world.exec(argv);
  world.advanceTo(world.seconds() + 10, () => handle.ended);
  return handle.stdout;
}

function startFinger19(): World {
  const world = new World();
  world.writeFile("/etc/users", "moshez: happy and well\nshawn: alive\n<b>: bold\n");
  expect(world.start(FINGER19_TAC, "finger19.tac.ts")).toEqual({ status: "running" });
  world.advance(1);
  return world;
}

describe("finger19.tac: one service, adapted to every front end", () => {
  it("adapts the service with the registered adapters, and says what it could not adapt exactly as Twisted does", () => {
    const world = startFinger19();
    // twistd sends what the program prints to the log, as Twisted's does.
    const printed = world.output.filter((line) => line.stream === "log").map((line) => line.text);
    expect(printed.slice(1, 4)).toEqual([
      "finger factory: FingerFactoryFromService, web root: UserStatusTree",
      "FingerService provides IFingerService: true, IFingerFactory: false",
      "setter factory: null",
    ]);
    expect(printed[4]).toMatch(
      /^TypeError: \('Could not adapt', <__main__\.FingerService object at 0x[0-9a-f]+>, <InterfaceClass __main__\.IFingerSetterFactory>\)$/,
    );
  });

  it("answers finger on port 79 through IFingerFactory(f)", () => {
    const world = startFinger19();
    expect(run(world, ["finger", "moshez@localhost"])).toBe("happy and well\n");
    expect(run(world, ["finger", "nobody@localhost"])).toBe("No such user\n");
  });

  it("serves the web through resource.IResource(f): the user list, one user escaped, and XML-RPC below /RPC2", () => {
    const world = startFinger19();
    expect(run(world, ["curl", "http://localhost:8000/"])).toBe(
      '<ul><li><a href="moshez">moshez</a></li><li><a href="shawn">shawn</a></li><li><a href="<b>"><b></a></li></ul>',
    );
    expect(run(world, ["curl", "http://localhost:8000/%3Cb%3E"])).toBe("<h1><b></h1><p>bold</p>");
    expect(run(world, ["curl", "-i", "http://localhost:8000/RPC2"])).toMatch(/^HTTP\/1.0 405 Method Not Allowed\r\n/);
  });

  it("joins IRC through IIRCClientFactory(f) as fingerbot and answers a private message", () => {
    const world = startFinger19();
    const network = world.ircNetwork("irc.freenode.org");
    expect(network.clientNicks()).toEqual(["fingerbot"]);
    const alice = network.user("alice");
    alice.say("fingerbot", "moshez");
    world.advance(1);
    expect(alice.heardFrom("fingerbot")).toEqual(["Status of moshez: happy and well"]);
  });

  it("rereads /etc/users every 30 seconds, so a changed status shows up in every front end", () => {
    const world = startFinger19();
    world.writeFile("/etc/users", "moshez: gone fishing\n");
    world.advance(30);
    expect(run(world, ["finger", "moshez@localhost"])).toBe("gone fishing\n");
    expect(run(world, ["curl", "http://localhost:8000/moshez"])).toBe("<h1>moshez</h1><p>gone fishing</p>");
  });
});

describe("finger19a: one in-memory service that is both an IFingerService and an IFingerSetterService", () => {
  const finger19a = FINGER19_TAC.replace(
    /class FingerService extends service\.Service implements IFingerService \{[^]*?\n\}\nimplementer\(IFingerService\)\(FingerService\);/,
    `class MemoryFingerService extends service.Service implements IFingerService, IFingerSetterService {
  constructor(private users: Record<string, string>) {
    super();
  }
  getUser(user: string) {
    return defer.succeed(this.users[user] ?? "No such user");
  }
  getUsers() {
    return defer.succeed(Object.keys(this.users));
  }
  setUser(user: string, status: string) {
    this.users[user] = status;
  }
}
implementer(IFingerService, IFingerSetterService)(MemoryFingerService);`,
  )
    .replace('const f = new FingerService("/etc/users");', 'const f = new MemoryFingerService({ moshez: "Happy and well" });')
    .replace(
      "// What the adapters made",
      'strports.service("tcp:1079:interface=127.0.0.1", IFingerSetterFactory(f)).setServiceParent(serviceCollection);\n// What the adapters made',
    )
    .replace(/console\.log\("setter factory[^]*$/, "");

  it("adapts the same object to the setter factory, so a status set on 1079 shows on 79", () => {
    const world = new World();
    expect(finger19a).toContain("implementer(IFingerService, IFingerSetterService)(MemoryFingerService)");
    expect(world.start(finger19a, "finger19a.tac.ts")).toEqual({ status: "running" });
    world.advance(1);
    expect(world.listeningPorts().map((p) => p.port)).toEqual(expect.arrayContaining([79, 1079, 8000]));
    expect(run(world, ["finger", "moshez@localhost"])).toBe("Happy and well\n");
    const setter = world.connect("127.0.0.1", 1079);
    world.advance(0.1);
    setter.send("moshez\r\nGone fishing\r\n");
    setter.close();
    world.advance(1);
    expect(run(world, ["finger", "moshez@localhost"])).toBe("Gone fishing\n");
  });
});

describe("finger20: the web frontend of the componentized service", () => {
  const finger20 = FINGER19_TAC.replace(
    /class UserStatusTree extends resource\.Resource \{[^]*?\nclass FingerService /,
    `class UserStatusTree extends resource.Resource {
  constructor(private service: IFingerService) {
    super();
    // add a specific child for the path "RPC2"
    this.putChild("RPC2", new UserStatusXR(this.service));
    // need to do this for resources at the root of the site
    this.putChild("", this);
  }
  _cb_render_GET(users: string[], request: server.Request) {
    const userOutput = users.map((user) => '<li><a href="' + user + '">' + user + "</a></li>").join("");
    request.write("<html><head><title>Users</title></head><body><h1>Users</h1><ul>" + userOutput + "</ul></body></html>");
    request.finish();
  }
  render_GET(request: server.Request) {
    const d = this.service.getUsers();
    d.addCallback((users: string[]) => this._cb_render_GET(users, request));
    // signal that the rendering is not complete
    return server.NOT_DONE_YET;
  }
  getChild(path: string, request: server.Request): resource.IResource {
    return new UserStatus(path, this.service);
  }
}
components.registerAdapter(UserStatusTree, IFingerService, resource.IResource);

class UserStatus extends resource.Resource {
  constructor(private user: string, private service: IFingerService) {
    super();
  }
  _cb_render_GET(status: string, request: server.Request) {
    request.write("<html><head><title>" + this.user + "</title></head><body><h1>" + this.user + "</h1><p>" + status + "</p></body></html>");
    request.finish();
  }
  render_GET(request: server.Request) {
    this.service.getUser(this.user).addCallback((status: string) => this._cb_render_GET(status, request));
    return server.NOT_DONE_YET;
  }
}

class UserStatusXR extends xmlrpc.XMLRPC {
  constructor(private service: IFingerService) {
    super();
  }
  xmlrpc_getUser(user: string) {
    return this.service.getUser(user);
  }
  xmlrpc_getUsers() {
    return this.service.getUsers();
  }
}

class FingerService `,
  ).replace(
    "// What the adapters made",
    `reactor.callLater(5, () => {
  const proxy = new xmlrpc.Proxy("http://127.0.0.1:8000/RPC2");
  proxy.callRemote("getUsers").addCallback((users: string[]) => console.log("XML-RPC users: " + users.join(", ")));
});
// What the adapters made`,
  );

  it("serves the user list at /, each user below it, and getUsers over XML-RPC, all from resource.IResource(f)", () => {
    const world = new World();
    expect(finger20).toContain('this.putChild("", this);');
    world.writeFile("/etc/users", "moshez: happy and well\nshawn: alive\n");
    expect(world.start(finger20, "finger20.tac.ts")).toEqual({ status: "running" });
    world.advance(1);
    expect(run(world, ["curl", "http://localhost:8000/"])).toBe(
      '<html><head><title>Users</title></head><body><h1>Users</h1><ul><li><a href="moshez">moshez</a></li><li><a href="shawn">shawn</a></li></ul></body></html>',
    );
    expect(run(world, ["curl", "http://localhost:8000/shawn"])).toBe("<html><head><title>shawn</title></head><body><h1>shawn</h1><p>alive</p></body></html>");
    world.advance(10);
    expect(world.output.map((line) => line.text)).toContain("XML-RPC users: moshez, shawn");
  });
});

describe("zope.interface in a learner's program", () => {
  it("verifyObject reads the parameters of methods the runtime has instrumented, and names the learner's class", () => {
    const world = new World();
    const program = `
import { Interface, implementer, method, verify } from "zope/interface";
interface IFingerService { getUser(user: string): string; getUsers(): string[] }
const IFingerService = Interface<IFingerService>("IFingerService", { getUser: method("user"), getUsers: method() });
class Good { getUser(user: string) { for (let i = 0; i < 2; i++) user += ""; return user; } getUsers() { return []; } }
implementer(IFingerService)(Good);
class Bad { getUser(user: string, extra: string) { return user + extra; } getUsers(...rest: string[]) { return rest; } }
implementer(IFingerService as any)(Bad);
console.log(String(verify.verifyObject(IFingerService, new Good())));
try { verify.verifyObject(IFingerService, new Bad()); } catch (e: any) { console.log(e.name + ": " + e.message); }
`;
    expect(world.start(program, "verify.ts").status).toBe("exited");
    expect(world.output.filter((line) => line.stream === "stdout").map((line) => line.text.replace(/ at 0x[0-9a-f]+/, ""))).toEqual([
      "true",
      "BrokenMethodImplementation: The object <__main__.Bad object> has failed to implement interface __main__.IFingerService: The contract of __main__.IFingerService.getUser(user) is violated because 'Bad.getUser(user, extra)' requires too many arguments.",
    ]);
  });
});
