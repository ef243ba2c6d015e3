// The twin of web_site.py: a small Site for the raw-HTTP differential test (also run in the simulation).
import { endpoints, reactor } from "twisted/internet";
import { resource, server, static as webStatic, util } from "twisted/web";

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

class Hello extends resource.Resource {
  isLeaf = true;
  render_GET(request: server.Request) {
    const name = request.args["name"]?.[0] ?? "world";
    return `<p>Hello, ${escape(name)}!</p>`;
  }
  render_POST(request: server.Request) {
    return "got " + request.content!.read();
  }
}

class Slow extends resource.Resource {
  isLeaf = true;
  render_GET(request: server.Request) {
    request.write("first ");
    reactor.callLater(0.05, () => {
      request.write("second");
      request.finish();
    });
    return server.NOT_DONE_YET;
  }
}

class Info extends resource.Resource {
  isLeaf = true;
  render_GET(request: server.Request) {
    const show = (items: string[]) => "[" + items.map((item) => `'${item}'`).join(", ") + "]";
    const args = Object.keys(request.args).sort().map((key) => `${key}=${show(request.args[key]!)}`).join(", ");
    request.setHeader("content-type", "text/plain");
    return `method=${request.method} uri=${request.uri} path=${request.path} prepath=${show(request.prepath!)} postpath=${show(request.postpath!)} args={${args}}\n`;
  }
}

class Teapot extends resource.Resource {
  render_GET(request: server.Request) {
    request.setResponseCode(418, "I'm a teapot");
    request.setHeader("x-kind", "porcelain");
    return "";
  }
}

const root = new resource.Resource();
root.putChild("", new webStatic.Data("<h1>Home</h1>", "text/html"));
root.putChild("hello", new Hello());
root.putChild("slow", new Slow());
root.putChild("info", new Info());
root.putChild("old", new util.Redirect("/hello"));
root.putChild("teapot", new Teapot());
root.putChild("files", new webStatic.File("WWW_ROOT"));
endpoints.serverFromString(reactor, "tcp:1079:interface=127.0.0.1").listen(new server.Site(root));
reactor.run();
