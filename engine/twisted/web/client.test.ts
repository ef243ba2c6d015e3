import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation, serverFactory } from "../../../test/support/simulation";
import { serveWebPages } from "../../simulation/web-host";
import type { HostedReactor } from "../../simulation/simulated-network";
import type { Deferred } from "../internet/defer";
import { Protocol } from "../internet/protocol";
import type { Failure } from "../python/failure";
import { Agent, getPage, Headers, PartialDownloadError, readBody, ResponseFailed, ResponseNeverReceived, type Response } from "./client";
import { Error as WebError, PageRedirect } from "./error";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

/** Runs the simulation until `d` fires; returns its result or its Failure. */
function settle<T>(d: Deferred<T>): { ok: true; value: T } | { ok: false; failure: Failure } {
  let outcome: { ok: true; value: T } | { ok: false; failure: Failure } | null = null;
  d.addCallbacks(
    (value: T) => void (outcome = { ok: true, value }),
    (failure: Failure) => void (outcome = { ok: false, failure }),
  );
  reactor.advance(60);
  if (!outcome) throw new Error("the Deferred never fired");
  return outcome;
}

/** A server on web.example:80 that answers every request with `reply` (written in `pieces`), then maybe closes. */
function rawServer(pieces: string[], close = true): { requests: string[] } {
  const seen = { requests: [] as string[] };
  const host = reactor.host.network.getHost("web.example") ?? reactor.host.network.addHost("web.example");
  host.listenTCP(
    80,
    serverFactory(
      () =>
        new (class extends Protocol {
          override dataReceived(data: string) {
            seen.requests.push(data);
            for (const piece of pieces) this.transport!.write(piece);
            if (close) this.transport!.loseConnection();
          }
        })(),
    ),
  );
  return seen;
}

describe("Agent and readBody", () => {
  it("sends an HTTP/1.1 request that asks to close, and fires with the response, then its body", () => {
    const lj = reactor.host.network.addHost("livejournal.com");
    const site = serveWebPages(lj, { pages: { "/~moshez": "Happy and well" } });
    const response = settle(new Agent(reactor).request("GET", "http://livejournal.com/~moshez"));
    expect(response.ok).toBe(true);
    const r = (response as { value: Response }).value;
    expect([r.code, r.phrase, r.length, r.version]).toEqual([200, "OK", 14, ["HTTP", 1, 1]]);
    expect(r.headers.getRawHeaders("content-type")).toEqual(["text/plain; charset=utf-8"]);
    expect(site.requests).toEqual(["GET /~moshez HTTP/1.1"]);
    expect(settle(readBody(r))).toEqual({ ok: true, value: "Happy and well" });
  });

  it("a 404 is a response like any other", () => {
    serveWebPages(reactor.host.network.addHost("livejournal.com"), { pages: {} });
    const response = settle(new Agent(reactor).request("GET", "http://livejournal.com/~nobody"));
    expect(response.ok && response.value.code).toBe(404);
  });

  it("reads chunked bodies and bodies split across many segments", () => {
    reactor.host.network.setConditions({ segmentation: "bytewise" });
    rawServer(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHappy\r\n9\r\n and well\r\n0\r\n\r\n"]);
    const body = settle(new Agent(reactor).request("GET", "http://web.example/").addCallback(readBody));
    expect(body).toEqual({ ok: true, value: "Happy and well" });
  });

  it("a body without a length ends when the server closes: readBody calls that a partial download", () => {
    rawServer(["HTTP/1.0 200 OK\r\n\r\nHappy and well"]);
    const body = settle(new Agent(reactor).request("GET", "http://web.example/").addCallback(readBody));
    expect(body.ok).toBe(false);
    const error = (body as { failure: Failure }).failure.value as PartialDownloadError;
    expect(error).toBeInstanceOf(PartialDownloadError);
    expect(error.response).toBe("Happy and well");
  });

  it("a server that closes before answering gives ResponseNeverReceived; a garbled status line, ResponseFailed", () => {
    rawServer([]);
    const never = settle(new Agent(reactor).request("GET", "http://web.example/"));
    expect(!never.ok && never.failure.value).toBeInstanceOf(ResponseNeverReceived);
    const other = reactor.host.network.addHost("garbled.example");
    other.listenTCP(80, serverFactory(() => new (class extends Protocol {
      override dataReceived() {
        this.transport!.write("SPDY/9 banana\r\n\r\n");
      }
    })()));
    const garbled = settle(new Agent(reactor).request("GET", "http://garbled.example/"));
    expect(!garbled.ok && garbled.failure.value).toBeInstanceOf(ResponseFailed);
  });

  it("sends extra headers but keeps its own Host and Connection", () => {
    const seen = rawServer(["HTTP/1.1 204 No Content\r\n\r\n"]);
    const headers = new Headers({ "User-Agent": ["finger/1.0"], Host: ["elsewhere"] });
    settle(new Agent(reactor).request("GET", "http://web.example:80/a?b=c", headers));
    expect(seen.requests).toEqual(["GET /a?b=c HTTP/1.1\r\nConnection: close\r\nHost: web.example\r\nUser-Agent: finger/1.0\r\n\r\n"]);
  });
});

describe("getPage, the tutorial's helper", () => {
  it("fires with the body", () => {
    serveWebPages(reactor.host.network.addHost("livejournal.com"), { pages: { "/~moshez": "Happy and well" } });
    expect(settle(getPage("http://livejournal.com/~moshez"))).toEqual({ ok: true, value: "Happy and well" });
  });

  it("fails with error.Error for a 404, whose message reads as Twisted's", () => {
    serveWebPages(reactor.host.network.addHost("livejournal.com"), { pages: {} });
    const page = settle(getPage("http://livejournal.com/~nobody"));
    expect(page.ok).toBe(false);
    const error = (page as { failure: Failure }).failure.value as InstanceType<typeof WebError>;
    expect(error).toBeInstanceOf(WebError);
    expect([error.name, error.status, error.message]).toEqual(["Error", "404", "404 Not Found"]);
    expect(error.response).toContain("No Such Resource");
  });

  it("fails with the connection's error when nothing listens or the name is unknown", () => {
    reactor.host.network.addHost("livejournal.com");
    const refused = settle(getPage("http://livejournal.com/~moshez"));
    expect(!refused.ok && (refused.failure.value as Error).name).toBe("ConnectionRefusedError");
    const unknown = settle(getPage("http://nowhere.example/"));
    expect(!unknown.ok && (unknown.failure.value as Error).name).toBe("DNSLookupError");
    const https = settle(getPage("https://livejournal.com/"));
    expect(!https.ok && (https.failure.value as Error).name).toBe("SchemeNotSupported");
  });

  it("follows redirects, unless told not to", () => {
    const host = reactor.host.network.addHost("web.example");
    host.listenTCP(80, serverFactory(() => new (class extends Protocol {
      override dataReceived(data: string) {
        const body = data.startsWith("GET /new") ? "moved here" : "";
        const head = data.startsWith("GET /new") ? "HTTP/1.1 200 OK" : "HTTP/1.1 301 Moved Permanently\r\nLocation: /new";
        this.transport!.write(`${head}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        this.transport!.loseConnection();
      }
    })()));
    expect(settle(getPage("http://web.example/old"))).toEqual({ ok: true, value: "moved here" });
    const stay = settle(getPage("http://web.example/old", { followRedirect: false }));
    expect(!stay.ok && stay.failure.value).toBeInstanceOf(PageRedirect);
  });
});
