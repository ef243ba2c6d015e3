import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";
import { parseHttpUrl } from "./curl-command";

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
