import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";
import { LIVEJOURNAL_PAGES } from "./internet";

function curl(world: World, ...args: string[]): { out: string; err: string; code: number | null } {
  const result = { out: "", err: "", code: null as number | null };
  world.exec(["curl", ...args], {
    onStdout: (text) => (result.out += text),
    onStderr: (text) => (result.err += text),
    onExit: (code) => (result.code = code),
  });
  world.advance(1);
  return result;
}

describe("web hosts", () => {
  it("livejournal.com is on every world's Internet, serving moshez's page", () => {
    const world = new World();
    expect(world.listeningPorts()).toEqual([]);
    expect(curl(world, "http://livejournal.com/~moshez")).toEqual({ out: LIVEJOURNAL_PAGES["/~moshez"], err: "", code: 0 });
    // Built on first use, and quiet: its server is not the program's business.
    expect(world.listeningPorts()).toMatchObject([{ host: "livejournal.com", port: 80 }]);
    expect(world.output).toEqual([]);
  });

  it("answers with a status line and headers, 404 for unknown paths, and closes", () => {
    const world = new World();
    expect(curl(world, "-i", "http://livejournal.com/~moshez").out).toBe(
      "HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 29\r\nConnection: close\r\n\r\nHappy and well (from the web)",
    );
    expect(curl(world, "-i", "http://livejournal.com/~nobody").out).toMatch(/^HTTP\/1\.0 404 Not Found\r\n[\s\S]*No Such Resource/);
  });

  it("a lesson can replace the pages, slow the server down, or stop it", () => {
    const world = new World();
    world.serveWebPages("livejournal.com", { pages: { "/~moshez": "Out to lunch" }, delay: 2 });
    const started = world.seconds();
    let out = "";
    world.exec(["curl", "http://livejournal.com/~moshez"], { onStdout: (text) => (out += text) });
    world.advance(1.5);
    expect(out).toBe("");
    world.advance(1);
    expect(out).toBe("Out to lunch");
    expect(world.seconds() - started).toBeGreaterThanOrEqual(2);
    world.serveWebPages("livejournal.com", null);
    expect(curl(world, "http://livejournal.com/~moshez")).toMatchObject({ code: 7, err: "curl: (7) Failed to connect to livejournal.com port 80: Connection refused\n" });
  });

  it("serves a new host that a lesson names", () => {
    const world = new World();
    world.serveWebPages("status.example", { pages: { "/": "all good" } }, 8080);
    expect(curl(world, "http://status.example:8080/").out).toBe("all good");
    expect(curl(world, "http://nowhere.example/").code).toBe(6);
  });
});
