import { describe, expect, it } from "vitest";
import { bodyKind, parseHttpResponse, type HttpResponse } from "./http-response";

function parsed(raw: string): HttpResponse {
  const result = parseHttpResponse(raw);
  if (!result.ok) throw new Error(result.problem);
  return result.response;
}

function problem(raw: string): string {
  const result = parseHttpResponse(raw);
  if (result.ok) throw new Error("expected a problem");
  return result.problem;
}

describe("reading a raw HTTP reply", () => {
  it("splits Twisted's reply into status line, headers and body", () => {
    const response = parsed("HTTP/1.0 200 OK\r\nServer: TwistedWeb/22.4.0\r\nContent-Length: 36\r\nContent-Type: text/html\r\n\r\n<h1>moshez</h1><p>happy and well</p>");
    expect(response).toEqual({
      statusLine: "HTTP/1.0 200 OK",
      version: "1.0",
      status: 200,
      reason: "OK",
      headers: [
        ["Server", "TwistedWeb/22.4.0"],
        ["Content-Length", "36"],
        ["Content-Type", "text/html"],
      ],
      body: "<h1>moshez</h1><p>happy and well</p>",
    });
  });

  it("accepts bare LF line ends and a status line without a reason, as browsers do", () => {
    const response = parsed("HTTP/1.1 404\nContent-Type: text/plain\n\nno");
    expect([response.status, response.reason, response.body]).toEqual([404, "", "no"]);
  });

  it("cuts the body at Content-Length, counted in UTF-8 bytes", () => {
    expect(parsed("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nné and more").body).toBe("né");
  });

  it("removes the chunked transfer coding", () => {
    expect(parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").body).toBe("hello world");
    expect(problem("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello")).toMatch(/chunks are malformed/);
  });

  it("names what is wrong with a reply that is not HTTP", () => {
    expect(problem("")).toMatch(/without sending anything back/);
    expect(problem("Happy and well\r\n")).toBe('The reply is not HTTP: it should start with a status line such as "HTTP/1.0 200 OK", but starts with "Happy and well".');
    expect(problem("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n<h1>hi</h1>")).toMatch(/headers never end/);
    expect(problem("HTTP/1.0 200 OK\r\n<h1>hi</h1>\r\n\r\n")).toBe('A header line is not "Name: value": "<h1>hi</h1>".');
    expect(problem("HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nshort")).toBe("The reply ended after 5 of the 10 body bytes its Content-Length promised.");
  });
});

describe("how a body is shown", () => {
  const withType = (type: string | null, body: string) => parsed(`HTTP/1.0 200 OK\r\n${type === null ? "" : `Content-Type: ${type}\r\n`}\r\n${body}`);

  it("renders text/html (with a charset or not) as a page, and other types as text", () => {
    expect(bodyKind(withType("text/html; charset=utf-8", "<h1>x</h1>"))).toBe("html");
    expect(bodyKind(withType("text/xml", "<?xml version='1.0'?><methodResponse/>"))).toBe("text");
    expect(bodyKind(withType("text/plain", "<h1>not a page</h1>"))).toBe("text");
  });

  it("sniffs a body without Content-Type by its first tag, as browsers do", () => {
    expect(bodyKind(withType(null, "  <H1>moshez</H1>"))).toBe("html");
    expect(bodyKind(withType(null, "<br>"))).toBe("html");
    expect(bodyKind(withType(null, "<blink>"))).toBe("text");
    expect(bodyKind(withType(null, "moshez: happy"))).toBe("text");
  });

  it("has nothing to show for an empty body", () => {
    expect(bodyKind(withType("text/html", ""))).toBe("empty");
  });
});
