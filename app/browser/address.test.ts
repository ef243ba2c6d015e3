import { describe, expect, it } from "vitest";
import { hostAndPort, readAddress, resolveLink } from "./address";

const here = "http://localhost:8000/users/moshez";

describe("the address bar", () => {
  it("opens a full http:// URL as typed, without its fragment", () => {
    expect(readAddress("http://localhost:8000/moshez#plan", here)).toEqual({ ok: true, url: "http://localhost:8000/moshez" });
  });

  it("adds http:// to a host, port and path, and / to a bare host", () => {
    expect(readAddress("  localhost:8000/moshez ", here)).toEqual({ ok: true, url: "http://localhost:8000/moshez" });
    expect(readAddress("localhost:8000", here)).toEqual({ ok: true, url: "http://localhost:8000/" });
  });

  it("reads a path as one on the page shown now", () => {
    expect(readAddress("/RPC2", here)).toEqual({ ok: true, url: "http://localhost:8000/RPC2" });
  });

  it("says why https and other schemes cannot be opened", () => {
    expect(readAddress("https://localhost:8000/", here)).toEqual({ ok: false, message: expect.stringMatching(/plain HTTP only/) });
    expect(readAddress("ftp://localhost/", here)).toEqual({ ok: false, message: "Only http:// addresses can be opened here, not ftp://." });
  });

  it("asks for an address when there is none, and names one that does not parse", () => {
    expect(readAddress("   ", here)).toEqual({ ok: false, message: "Type an address, e.g. http://localhost:8000/" });
    expect(readAddress("localhost:99999/", here)).toEqual({ ok: false, message: expect.stringMatching(/^"localhost:99999\/" is not an address/) });
  });
});

describe("links on a page", () => {
  it("resolve against the page's URL", () => {
    expect(resolveLink("glyph", here)).toBe("http://localhost:8000/users/glyph");
    expect(resolveLink("/RPC2", here)).toBe("http://localhost:8000/RPC2");
    expect(resolveLink("http://example.com/a#b", here)).toBe("http://example.com/a");
  });

  it("cannot be followed to another scheme or a fragment of the same page", () => {
    expect(resolveLink("mailto:moshez@example.com", here)).toBeNull();
    expect(resolveLink("javascript:alert(1)", here)).toBeNull();
    expect(resolveLink("https://example.com/", here)).toBeNull();
    expect(resolveLink("#top", here)).toBeNull();
  });
});

describe("hostAndPort", () => {
  it("names the port, 80 when the URL leaves it out", () => {
    expect(hostAndPort("http://localhost:8000/x")).toBe("localhost:8000");
    expect(hostAndPort("http://example.com/")).toBe("example.com:80");
  });
});
