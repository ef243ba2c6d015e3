import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RecordingClientFactory, RecordingProtocol, captureLog, newSimulation } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import type { Failure } from "../python/failure";
import { MAX_REQUEST_BODY, datetimeToString, parse_qs, unquote } from "./http";
import { NoResource, Resource, type IResource } from "./resource";
import { NOT_DONE_YET, Request, Site } from "./server";
import { Data, File } from "./static";
import { Redirect, redirectTo } from "./util";

let reactor: HostedReactor;
let restore: () => void;
let logged: ReturnType<typeof captureLog>;
beforeEach(() => {
  ({ reactor, restore } = newSimulation());
  logged = captureLog();
});
afterEach(() => {
  logged.stop();
  restore();
});

/** Listens with a Site on `root` at port 8080. */
function serve(root: IResource, site = new Site(root)) {
  site.noisy = false;
  return { site, port: reactor.listenTCP(8080, site) };
}

/** Connects a raw client, sends `data`, runs the simulation for `seconds`, and returns the client. */
function send(data: string, seconds = 1): RecordingProtocol {
  const factory = new RecordingClientFactory();
  reactor.connectTCP("127.0.0.1", 8080, factory);
  reactor.advance(0.01);
  const client = factory.built[0]!;
  client.transport!.write(data);
  reactor.advance(seconds);
  return client;
}

function body(response: string): string {
  return response.slice(response.indexOf("\r\n\r\n") + 4);
}

class Hello extends Resource {
  override isLeaf = true;
  render_GET(request: Request) {
    return `hello ${request.args["name"]?.[0] ?? "world"}`;
  }
}

describe("Site and Request on the simulated network", () => {
  it("answers a GET with Server, Date (virtual time), Content-Type and Content-Length, and keeps an HTTP/1.1 connection open", () => {
    const root = new Resource();
    root.putChild("hello", new Hello());
    serve(root);
    const client = send("GET /hello?name=moshez HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(client.received).toBe(
      `HTTP/1.1 200 OK\r\nServer: TwistedWeb/22.4.0\r\nDate: ${datetimeToString(0)}\r\nContent-Length: 12\r\nContent-Type: text/html\r\n\r\nhello moshez`,
    );
    expect(client.events).toEqual(["connectionMade"]);
    client.transport!.write("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    reactor.advance(1);
    expect(body(client.received.slice(client.received.lastIndexOf("HTTP/1.1")))).toBe("hello world");
    expect(client.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
    expect(logged.lines).toContain('"127.0.0.1" - - [01/Jan/1970:00:00:00 +0000] "GET /hello?name=moshez HTTP/1.1" 200 12 "-" "-"');
  });

  it("closes an idle keep-alive connection after the Site's 60-second timeout, as Twisted does", () => {
    serve(new Data("x", "text/plain"));
    const client = send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    reactor.advance(58);
    expect(client.events).toEqual(["connectionMade"]);
    reactor.advance(2);
    expect(client.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
    expect(logged.lines.some((line) => line.startsWith("Timing out client: IPv4Address(type='TCP', host='127.0.0.1'"))).toBe(true);
  });

  it("NOT_DONE_YET: notifyFinish fails when the client goes away, and a late finish() raises RuntimeError", () => {
    const outcome: string[] = [];
    let pending: Request | null = null;
    class Waiting extends Resource {
      override isLeaf = true;
      render_GET(request: Request) {
        pending = request;
        request.notifyFinish().addCallbacks(
          () => void outcome.push("finished"),
          (f: Failure) => void outcome.push(`failed ${(f.value as Error).name}`),
        );
        return NOT_DONE_YET;
      }
    }
    serve(new Waiting());
    const client = send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(client.received).toBe("");
    client.transport!.loseConnection();
    reactor.advance(1);
    expect(outcome).toEqual(["failed ConnectionDone"]);
    expect(() => pending!.finish()).toThrow(/Request.finish called on a request after its connection was lost/);
  });

  it("notifyFinish fires with null once the response is finished", () => {
    const outcome: unknown[] = [];
    class Later extends Resource {
      override isLeaf = true;
      render_GET(request: Request) {
        request.notifyFinish().addCallback((value: unknown) => void outcome.push(value));
        reactor.callLater(2, () => {
          request.write("late");
          request.finish();
        });
        return NOT_DONE_YET;
      }
    }
    serve(new Later());
    const client = send("GET / HTTP/1.0\r\n\r\n", 3);
    expect(body(client.received)).toBe("late");
    expect(outcome).toEqual([null]);
  });

  it("write after finish raises RuntimeError", () => {
    let error: unknown = null;
    class Twice extends Resource {
      override isLeaf = true;
      render_GET(request: Request) {
        request.write("once");
        request.finish();
        try {
          request.write("twice");
        } catch (thrown) {
          error = thrown;
        }
        return NOT_DONE_YET;
      }
    }
    serve(new Twice());
    send("GET / HTTP/1.0\r\n\r\n");
    expect(String(error)).toBe("RuntimeError: Request.write called on a request after Request.finish was called.");
  });

  it("refuses a Content-Length over the limit with 413 and closes, before reading the body", () => {
    serve(new Hello());
    const client = send(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${MAX_REQUEST_BODY + 1}\r\n\r\nabc`);
    expect(client.received).toBe("HTTP/1.1 413 Request Entity Too Large\r\n\r\n");
    expect(client.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
  });

  it("accepts a body of exactly the limit, however it is segmented", () => {
    class Size extends Resource {
      override isLeaf = true;
      render_POST(request: Request) {
        return String(request.content!.readBytes().length);
      }
    }
    serve(new Size());
    const client = send(`POST / HTTP/1.0\r\nContent-Length: ${MAX_REQUEST_BODY}\r\n\r\n${"x".repeat(MAX_REQUEST_BODY)}`, 30);
    expect(body(client.received)).toBe(String(MAX_REQUEST_BODY));
  });

  it("refuses a chunked body that grows over the limit", () => {
    serve(new Hello());
    const size = (MAX_REQUEST_BODY + 1).toString(16);
    const client = send(`POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${size}\r\nabc`);
    expect(client.received).toBe("HTTP/1.1 413 Request Entity Too Large\r\n\r\n");
  });

  it("answers headers over 16384 bytes in all with Twisted's bare 400, and closes", () => {
    serve(new Hello());
    const big = `X-Big: ${"a".repeat(6000)}\r\n`;
    const client = send(`GET / HTTP/1.1\r\n${big}${big}${big}\r\n`);
    expect(client.received).toBe("HTTP/1.1 400 Bad Request\r\n\r\n");
    expect(client.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
  });

  it("an exception in render_GET: the 500 'Processing Failed' page, and the error logged", () => {
    class Broken extends Resource {
      override isLeaf = true;
      render_GET(): string {
        throw new Error("oops");
      }
    }
    serve(new Broken());
    const client = send("GET / HTTP/1.0\r\n\r\n");
    expect(client.received).toMatch(/^HTTP\/1.0 500 Internal Server Error\r\n/);
    expect(body(client.received)).toBe("<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>");
    expect(logged.lines.some((line) => line.includes("oops"))).toBe(true);
  });

  it("a render method that returns neither text nor bytes: 500 'Request did not return bytes'", () => {
    class Wrong extends Resource {
      override isLeaf = true;
      render_GET() {
        return 42;
      }
    }
    serve(new Wrong());
    const client = send("GET / HTTP/1.0\r\n\r\n");
    expect(client.received).toMatch(/^HTTP\/1.0 500 Internal Server Error\r\n/);
    expect(body(client.received)).toContain("<title>500 - Request did not return bytes</title>");
  });

  it("GET / on a Resource that is not a leaf looks up the child '' and finds none: 404, as in Twisted", () => {
    class NotALeaf extends Resource {
      render_GET() {
        return "never";
      }
    }
    serve(new NotALeaf());
    expect(send("GET / HTTP/1.0\r\n\r\n").received).toMatch(/^HTTP\/1.0 404 Not Found\r\n/);
  });

  it("getChild makes children on demand (as finger's UserStatus), with prepath and postpath", () => {
    const seen: string[] = [];
    class User extends Resource {
      constructor(readonly user: string) {
        super();
      }
      render_GET(request: Request) {
        seen.push(`${request.prepath!.join("/")}|${request.postpath!.join("/")}`);
        return `<h1>${this.user}</h1>`;
      }
    }
    class Users extends Resource {
      override getChild(path: string): IResource {
        return path === "" ? new NoResource("Try a user") : new User(path);
      }
    }
    serve(new Users());
    expect(body(send("GET /moshez HTTP/1.0\r\n\r\n").received)).toBe("<h1>moshez</h1>");
    expect(body(send("GET / HTTP/1.0\r\n\r\n").received)).toContain("<p>Try a user</p>");
    expect(seen).toEqual(["moshez|"]);
  });

  it("reads a urlencoded POST body into args, and the body stays readable as content", () => {
    let content = "";
    class Form extends Resource {
      override isLeaf = true;
      render_POST(request: Request) {
        content = request.content!.read();
        return JSON.stringify(request.args);
      }
    }
    serve(new Form());
    const client = send("POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 15\r\n\r\na=1&b=x+y&a=%3C");
    expect(body(client.received)).toBe('{"a":["1","<"],"b":["x y"]}');
    expect(content).toBe("a=1&b=x+y&a=%3C");
  });

  it("write refuses anything but text or bytes with TypeError; Basic auth is read by getUser and getPassword", () => {
    const seen: unknown[] = [];
    class Picky extends Resource {
      override isLeaf = true;
      render_GET(request: Request) {
        try {
          request.write(42 as unknown as string);
        } catch (thrown) {
          seen.push(String(thrown));
        }
        seen.push(request.getUser(), request.getPassword());
        return "ok";
      }
    }
    serve(new Picky());
    send("GET / HTTP/1.0\r\nAuthorization: Basic bW9zaGV6OnNlY3JldDpzdGlsbA==\r\n\r\n");
    send("GET / HTTP/1.0\r\n\r\n");
    expect(seen).toEqual(["TypeError: Data must be a string or bytes, not number", "moshez", "secret:still", "TypeError: Data must be a string or bytes, not number", "", ""]);
  });

  it("tells the request who is asking and where: getClientAddress, getHost, isSecure, getHeader", () => {
    let facts: unknown[] = [];
    class Who extends Resource {
      override isLeaf = true;
      render_GET(request: Request) {
        facts = [request.getClientAddress().host, request.getHost().port, request.isSecure(), request.getHeader("HOST"), request.getHeader("missing")];
        return "ok";
      }
    }
    serve(new Who());
    send("GET / HTTP/1.0\r\nHost: example.com:8080\r\n\r\n");
    expect(facts).toEqual(["127.0.0.1", 8080, false, "example.com:8080", null]);
  });

  it("redirectTo and Redirect answer 302 with a Location", () => {
    const root = new Resource();
    root.putChild("old", new Redirect("/new"));
    class Manual extends Resource {
      override isLeaf = true;
      render_GET(request: Request) {
        return redirectTo("/elsewhere?a=<b>", request);
      }
    }
    root.putChild("manual", new Manual());
    serve(root);
    expect(send("GET /old/deeper HTTP/1.0\r\n\r\n").received).toMatch(/^HTTP\/1.0 302 Found\r\n[^]*Location: \/new\r\n/);
    const manual = send("GET /manual HTTP/1.0\r\n\r\n").received;
    expect(manual).toContain("Location: /elsewhere?a=<b>\r\n");
    expect(body(manual)).toContain('content="0;URL=/elsewhere?a=&lt;b&gt;"');
  });

  it("stopping the port stops the factory: its once-a-second log clock is cancelled, nothing stays pending", () => {
    const { port } = serve(new Hello());
    expect(reactor.getDelayedCalls().length).toBe(1);
    void (port as { stopListening(): unknown }).stopListening();
    reactor.advance(1);
    expect(reactor.getDelayedCalls()).toEqual([]);
  });
});

describe("static.File over the reactor's file system", () => {
  beforeEach(() => {
    const fs = reactor.fileSystem();
    fs.write("/srv/www/index.html", "<h1>Index</h1>");
    fs.write("/srv/www/notes.txt", "plain ü");
    fs.write("/srv/www/sub/a.css", "b{}");
  });

  it("serves a file with Accept-Ranges, its byte length and its type from the extension", () => {
    serve(new File("/srv/www"));
    const response = send("GET /notes.txt HTTP/1.0\r\n\r\n").received;
    expect(response).toMatch(/\r\nAccept-Ranges: bytes\r\nContent-Length: 8\r\nContent-Type: text\/plain\r\n\r\nplain ü$/);
  });

  it("serves index.html for the directory's own URL, and a listing where there is none", () => {
    serve(new File("/srv/www"));
    expect(body(send("GET / HTTP/1.0\r\n\r\n").received)).toBe("<h1>Index</h1>");
    expect(body(send("GET /sub/ HTTP/1.0\r\n\r\n").received)).toContain('<li><a href="a.css">a.css</a></li>');
  });

  it("redirects a directory without its slash, and answers a missing file with 404 'File not found.'", () => {
    serve(new File("/srv/www"));
    expect(send("GET /sub HTTP/1.0\r\n\r\n").received).toMatch(/^HTTP\/1.0 302 Found\r\n[^]*Location: \/sub\/\r\n/);
    const missing = send("GET /nope.txt HTTP/1.0\r\n\r\n").received;
    expect(missing).toMatch(/^HTTP\/1.0 404 Not Found\r\n/);
    expect(body(missing)).toContain("<p>File not found.</p>");
    expect(send("GET /../etc/passwd HTTP/1.0\r\n\r\n").received).toMatch(/^HTTP\/1.0 404 Not Found\r\n/);
  });

  it("answers HEAD with the headers only", () => {
    serve(new File("/srv/www"));
    expect(send("HEAD /notes.txt HTTP/1.0\r\n\r\n").received).toMatch(/Content-Length: 8\r\nContent-Type: text\/plain\r\n\r\n$/);
  });
});

describe("http helpers", () => {
  it("parse_qs: '+' is a space, escapes are UTF-8, blank values kept only when asked, ';' separates too", () => {
    expect(parse_qs("a=1&a=2;b=x+y&c=&d&e=%C3%BC")).toEqual({ a: ["1", "2"], b: ["x y"], e: ["ü"] });
    expect(parse_qs("c=", true)).toEqual({ c: [""] });
    expect(() => parse_qs("d", false, true)).toThrow();
  });

  it("unquote keeps a malformed escape", () => {
    expect(unquote("a%20b%zz%")).toBe("a b%zz%");
  });

  it("datetimeToString writes an RFC 1123 date", () => {
    expect(datetimeToString(1_796_624_003)).toBe("Mon, 07 Dec 2026 06:13:23 GMT");
  });
});
