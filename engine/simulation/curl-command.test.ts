import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";
import { parseCurlArgs, parseHttpUrl } from "./curl-command";

const webServer = `
import { endpoints, protocol, reactor } from "twisted/internet";
class Web extends protocol.Protocol {
  dataReceived(data: string) {
    const path = data.split(" ")[1];
    this.transport!.write("HTTP/1.0 200 OK\\r\\nContent-Type: text/html\\r\\n\\r\\n<h1>" + path + "</h1>");
    this.transport!.loseConnection();
  }
}
const f = new protocol.ServerFactory();
f.protocol = Web;
endpoints.serverFromString(reactor, "tcp:8000").listen(f);
reactor.run();
`;

function run(world: World, argv: string[]) {
  const handle = world.exec(argv);
  world.advanceTo(world.seconds() + 5, () => handle.ended);
  return handle;
}

describe("curl on the simulated network", () => {
  it("prints the body of a GET", () => {
    const world = new World();
    world.start(webServer, "web.ts");
    const handle = run(world, ["curl", "http://localhost:8000/moshez"]);
    expect(handle.stdout).toBe("<h1>/moshez</h1>");
    expect(handle.exitCode).toBe(0);
  });

  it("prints the status line and headers too with -i", () => {
    const world = new World();
    world.start(webServer, "web.ts");
    expect(run(world, ["curl", "-i", "localhost:8000/"]).stdout).toBe("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>/</h1>");
  });

  it("says the connection was refused, with curl's exit code 7", () => {
    const handle = run(new World(), ["curl", "http://localhost:8000/"]);
    expect(handle.stderr).toBe("curl: (7) Failed to connect to localhost port 8000: Connection refused\n");
    expect(handle.exitCode).toBe(7);
  });

  it("says an unknown host could not be resolved, with exit code 6", () => {
    const handle = run(new World(), ["curl", "http://nowhere.example/"]);
    expect(handle.stderr).toBe("curl: (6) Could not resolve host: nowhere.example\n");
    expect(handle.exitCode).toBe(6);
  });

  it("reads URLs with and without a scheme or port", () => {
    expect(parseHttpUrl("http://localhost:8000/a/b")).toEqual({ host: "localhost", port: 8000, path: "/a/b" });
    expect(parseHttpUrl("example.com")).toEqual({ host: "example.com", port: 80, path: "/" });
    expect(parseHttpUrl("ftp://example.com/")).toBeNull();
  });
});

/** A twisted.web Site on 8000 that shows what each request carried. */
const echoSite = `
import { endpoints, reactor } from "twisted/internet";
import { resource, server } from "twisted/web";
class Echo extends resource.Resource {
  isLeaf = true;
  render_GET(request: server.Request) { return this.show(request); }
  render_POST(request: server.Request) { return this.show(request); }
  render_PUT(request: server.Request) { return this.show(request); }
  show(request: server.Request) {
    return request.method + " " + request.uri + " " + JSON.stringify(request.args) + " x=" + request.getHeader("x-thing") + " ua=" + request.getHeader("user-agent") + " body=" + request.content!.read();
  }
}
endpoints.serverFromString(reactor, "tcp:8000").listen(new server.Site(new Echo()));
reactor.run();
`;

describe("curl's -X, -d, -H and -I against a twisted.web Site", () => {
  it("-d POSTs a urlencoded body (several -d joined with &), which the Site reads into args", () => {
    const world = new World();
    world.start(echoSite, "web.ts");
    const handle = run(world, ["curl", "-d", "name=moshez", "-d", "x=1", "http://localhost:8000/form"]);
    expect(handle.stdout).toBe('POST /form {"name":["moshez"],"x":["1"]} x=null ua=curl/7.88.1 body=name=moshez&x=1');
  });

  it("-X sets the method and -H adds a header or replaces curl's own", () => {
    const world = new World();
    world.start(echoSite, "web.ts");
    const handle = run(world, ["curl", "-X", "PUT", "-H", "X-Thing: 42", "-H", "User-Agent: finger-test", "localhost:8000/a"]);
    expect(handle.stdout).toBe("PUT /a {} x=42 ua=finger-test body=");
  });

  it("-i shows Twisted's status line and headers; -I sends HEAD and shows only them", () => {
    const world = new World();
    world.start(echoSite, "web.ts");
    const full = run(world, ["curl", "-i", "localhost:8000/x"]).stdout;
    expect(full).toMatch(/^HTTP\/1.0 200 OK\r\nServer: TwistedWeb\/22.4.0\r\nDate: [^\r]+\r\nContent-Length: 37\r\nContent-Type: text\/html\r\n\r\nGET \/x /);
    const head = run(world, ["curl", "-I", "localhost:8000/x"]).stdout;
    expect(head).toMatch(/^HTTP\/1.0 200 OK\r\n[^]*\r\n\r\n$/);
  });

  it("POST to a resource without render_POST shows Twisted's 405 page", () => {
    const world = new World();
    world.start(
      `import { endpoints, reactor } from "twisted/internet";
       import { resource, server, static as webStatic } from "twisted/web";
       const root = new resource.Resource();
       root.putChild("", new webStatic.Data("<h1>Home</h1>", "text/html"));
       endpoints.serverFromString(reactor, "tcp:8000").listen(new server.Site(root));
       reactor.run();`,
      "web.ts",
    );
    const handle = run(world, ["curl", "-i", "-d", "x=1", "localhost:8000/"]);
    expect(handle.stdout).toMatch(/^HTTP\/1.0 405 Method Not Allowed\r\n[^]*Allow: HEAD, GET\r\n/);
    expect(handle.stdout).toContain("I only allow the methods HEAD, GET here.");
  });

  it("reads its options, and refuses unknown ones or a missing value", () => {
    expect(parseCurlArgs(["-i", "-X", "POST", "-d", "a", "-H", "A: b", "u"])).toEqual({ include: true, method: "POST", data: ["a"], headers: [["A", "b"]], urls: ["u"], maxTime: null, insecure: false });
    expect(parseCurlArgs(["-k", "https://localhost/"])).toMatchObject({ insecure: true });
    expect(parseHttpUrl("https://localhost/moshez")).toEqual({ host: "localhost", port: 443, path: "/moshez", secure: true });
    expect(parseCurlArgs(["-m", "2.5", "u"])).toMatchObject({ maxTime: 2.5 });
    expect(parseCurlArgs(["-m", "soon", "u"])).toBe('curl: option -m: expected a positive number of seconds, got "soon"');
    expect(parseCurlArgs(["-X"])).toBe("curl: option -X: requires parameter");
    expect(parseCurlArgs(["--frobnicate", "u"])).toBe("curl: option --frobnicate: is unknown");
    const handle = run(new World(), ["curl", "-Z", "localhost:8000/"]);
    expect(handle.exitCode).toBe(2);
  });
});

describe("curl -m against a program that never answers", () => {
  const silent = `
import { endpoints, protocol, reactor } from "twisted/internet";
const f = new protocol.ServerFactory();
f.protocol = protocol.Protocol;
endpoints.serverFromString(reactor, "tcp:8000").listen(f);
reactor.run();
`;

  it("gives up after that many seconds of virtual time, with curl's exit code 28, and drops the connection", () => {
    const world = new World();
    world.start(silent, "silent.ts");
    const handle = world.exec(["curl", "-i", "-m", "3", "localhost:8000/"]);
    world.advanceTo(2.9);
    expect(handle.ended).toBe(false);
    world.advanceTo(3.5);
    expect(handle.stderr).toBe("curl: (28) Operation timed out after 3000 milliseconds with 0 bytes received\n");
    expect(handle.exitCode).toBe(28);
    expect(world.connections()).toEqual([]);
  });

  it("is not reached by a program that answers in time", () => {
    const world = new World();
    world.start(webServer, "web.ts");
    const handle = run(world, ["curl", "-m", "3", "localhost:8000/a"]);
    world.advanceTo(world.seconds() + 5);
    expect(handle.stdout).toBe("<h1>/a</h1>");
    expect(handle.stderr).toBe("");
    expect(handle.exitCode).toBe(0);
  });
});

describe("finger with a port", () => {
  it("queries a lesson's server on 1079 with user@host:port", () => {
    const world = new World();
    world.start(
      `import { endpoints, protocol, reactor } from "twisted/internet";
       import { basic } from "twisted/protocols";
       class F extends basic.LineReceiver { lineReceived(u: string) { this.sendLine(u === "moshez" ? "Happy and well" : "No such user"); this.transport!.loseConnection(); } }
       const f = new protocol.ServerFactory(); f.protocol = F;
       endpoints.serverFromString(reactor, "tcp:1079").listen(f);
       reactor.run();`,
      "finger.ts",
    );
    const handle = run(world, ["finger", "moshez@localhost:1079"]);
    expect(handle.stdout).toBe("Happy and well\n");
  });
});
