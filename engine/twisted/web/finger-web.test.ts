/**
 * The finger tutorial's web and XML-RPC front ends (finger15, finger17,
 * finger18), written as a learner would and run through the runtime in a
 * simulated world, answered over the simulated network: the checks the
 * stage-2 and stage-3 lessons will make (escaping, 404 below a user, HEAD,
 * 405 on POST, NOT_DONE_YET rendering after a virtual second, Fault 8001,
 * 405 on GET /RPC2, and the tutorial's XML-RPC client).
 */
import { describe, expect, it } from "vitest";
import { World } from "../../runtime/world";

const finger15 = `
import { endpoints, reactor } from "twisted/internet";
import { resource, server, static as webStatic } from "twisted/web";
import { escape } from "html";

const users: Record<string, string> = { moshez: "happy and well" };

class UserStatusTree extends resource.Resource {
  getChild(path: string, request: server.Request) {
    const status = users[path] ?? "No such user";
    return new webStatic.Data("<h1>" + escape(path) + "</h1><p>" + escape(status) + "</p>", "text/html");
  }
}

endpoints.serverFromString(reactor, "tcp:8000").listen(new server.Site(new UserStatusTree()));
reactor.run();
`;

const finger18 = `
import { defer, endpoints, reactor } from "twisted/internet";
import { resource, server, xmlrpc } from "twisted/web";
import { escape } from "html";

class FingerService {
  users: Record<string, string> = { moshez: "happy and well", shawn: "alive" };
  getUser(user: string) {
    return defer.succeed(this.users[user] ?? "No such user");
  }
  getUsers() {
    const d = new defer.Deferred<string[]>();
    reactor.callLater(1, () => d.callback(Object.keys(this.users)));
    return d;
  }
}

class UserStatusTree extends resource.Resource {
  constructor(private service: FingerService) {
    super();
    this.putChild("RPC2", new UserStatusXR(service));
  }
  render_GET(request: server.Request) {
    this.service.getUsers().addCallback((users: string[]) => {
      request.write("<ul>" + users.map((u) => '<li><a href="' + u + '">' + u + "</a></li>").join("") + "</ul>");
      request.finish();
    });
    return server.NOT_DONE_YET;
  }
  getChild(path: string, request: server.Request): resource.IResource {
    if (path === "") return new UserStatusTree(this.service);
    return new UserStatus(path, this.service);
  }
}

class UserStatus extends resource.Resource {
  constructor(private user: string, private service: FingerService) {
    super();
  }
  render_GET(request: server.Request) {
    this.service.getUser(this.user).addCallback((status: string) => {
      request.write("<h1>" + escape(this.user) + "</h1><p>" + escape(status) + "</p>");
      request.finish();
    });
    return server.NOT_DONE_YET;
  }
}

class UserStatusXR extends xmlrpc.XMLRPC {
  constructor(private service: FingerService) {
    super();
  }
  xmlrpc_getUser(user: string) {
    return this.service.getUser(user);
  }
}

endpoints.serverFromString(reactor, "tcp:8000").listen(new server.Site(new UserStatusTree(new FingerService())));

// The tutorial's fingerXRclient, in the same program: ask over XML-RPC after a while.
reactor.callLater(5, () => {
  const proxy = new xmlrpc.Proxy("http://127.0.0.1:8000/RPC2");
  proxy.callRemote("getUser", "moshez").addCallback((status: string) => console.log("XML-RPC says: " + status));
  proxy.callRemote("nosuch").addErrback((f: any) => console.log("fault " + f.value.faultCode + ": " + f.value.faultString));
});
reactor.run();
`;

function curl(world: World, ...args: string[]) {
  const handle = world.exec(["curl", ...args]);
  world.advanceTo(world.seconds() + 10, () => handle.ended);
  return handle;
}

describe("finger15: a Resource whose getChild returns static.Data", () => {
  it("answers /moshez with the status, escapes what it echoes, 404s below a user, fakes nothing for HEAD and refuses POST", () => {
    const world = new World();
    expect(world.start(finger15, "finger15.ts")).toEqual({ status: "running" });
    expect(curl(world, "-i", "http://localhost:8000/moshez").stdout).toMatch(
      /^HTTP\/1.0 200 OK\r\nServer: TwistedWeb\/22.4.0\r\nDate: [^\r]+\r\nContent-Type: text\/html\r\nContent-Length: 36\r\n\r\n<h1>moshez<\/h1><p>happy and well<\/p>$/,
    );
    expect(curl(world, "http://localhost:8000/%3Cb%3E").stdout).toBe("<h1>&lt;b&gt;</h1><p>No such user</p>");
    expect(curl(world, "-i", "http://localhost:8000/moshez/extra").stdout).toMatch(/^HTTP\/1.0 404 Not Found\r\n[^]*No Such Resource/);
    expect(curl(world, "-I", "http://localhost:8000/moshez").stdout).toMatch(/Content-Length: 36\r\n\r\n$/);
    expect(curl(world, "-i", "-d", "x", "http://localhost:8000/moshez").stdout).toMatch(/^HTTP\/1.0 405 Method Not Allowed\r\n[^]*Allow: HEAD, GET\r\n/);
  });
});

describe("finger18: Resource subclasses, NOT_DONE_YET and XML-RPC", () => {
  it("renders the user list once getUsers fires, a virtual second later", () => {
    const world = new World();
    world.start(finger18, "finger18.ts");
    const started = world.seconds();
    const handle = curl(world, "http://localhost:8000/");
    expect(handle.stdout).toBe('<ul><li><a href="moshez">moshez</a></li><li><a href="shawn">shawn</a></li></ul>');
    expect(world.seconds() - started).toBeGreaterThanOrEqual(1);
  });

  it("renders one user asynchronously, escaped", () => {
    const world = new World();
    world.start(finger18, "finger18.ts");
    expect(curl(world, "http://localhost:8000/shawn").stdout).toBe("<h1>shawn</h1><p>alive</p>");
    expect(curl(world, "http://localhost:8000/%3Cscript%3E").stdout).toBe("<h1>&lt;script&gt;</h1><p>No such user</p>");
  });

  it("GET /RPC2 is 405 with Allow: POST; the XML-RPC client gets the status, and Fault 8001 for an unknown procedure", () => {
    const world = new World();
    world.start(finger18, "finger18.ts");
    expect(curl(world, "-i", "http://localhost:8000/RPC2").stdout).toMatch(/^HTTP\/1.0 405 Method Not Allowed\r\n[^]*Allow: POST\r\n/);
    world.advance(10);
    const printed = world.output.filter((line) => line.stream === "stdout").map((line) => line.text);
    expect(printed).toEqual(["XML-RPC says: happy and well", "fault 8001: procedure nosuch not found"]);
  });
});
