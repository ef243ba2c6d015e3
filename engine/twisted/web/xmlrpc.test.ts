import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLog, newSimulation } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import { Deferred } from "../internet/defer";
import type { Failure } from "../python/failure";
import { Agent, readBody, type Response } from "./client";
import { Resource } from "./resource";
import { Site } from "./server";
import { ExpatError, parseXml } from "./xml-parse";
import { Binary, DateTime, Fault, Handler, Proxy, XMLRPC, addIntrospection, dumps, loads, withRequest } from "./xmlrpc";
import { ResponseError, describeDecodeError, pyFloatRepr } from "./xmlrpc-codec";

describe("the XML-RPC encoding, as Python's xmlrpc.client writes it", () => {
  it("loads skips tags it does not know, and names XML that is neither a call nor a response ResponseError(), as Python's Unmarshaller does", () => {
    // What Python 3.11's xmlrpc.client.loads gives for each.
    expect(loads("<methodCall><foo/><methodName>a</methodName></methodCall>")).toEqual([[], "a"]);
    expect(loads("<foo><params><param><value><string>x</string></value></param></params></foo>")).toEqual([["x"], null]);
    expect(loads("<methodCall><methodName>a</methodName><params><junk/><param><value><int>1</int></value></param></params></methodCall>")).toEqual([[1], "a"]);
    for (const text of ["<?xml version='1.0'?>\n<greeting>hi</greeting>\n", "<methodResponse><bar/></methodResponse>", "<methodCall></methodCall>"]) {
      let thrown: unknown = null;
      try {
        loads(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ResponseError);
      expect(describeDecodeError(thrown)).toBe("ResponseError()");
    }
  });

  it("dumps a response of every type exactly as Python does", () => {
    const value = [1, true, "a<&>b", 1.5, [1, "x"], { k: null, b: 2 }, new DateTime("20260101T10:11:12"), new Binary(new TextEncoder().encode("hello world".repeat(8)))];
    // What Python 3.11's xmlrpc.client.dumps((value,), methodresponse=True, allow_none=True) returns.
    expect(dumps([value], null, true, true)).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><int>1</int></value>\n<value><boolean>1</boolean></value>\n" +
        "<value><string>a&lt;&amp;&gt;b</string></value>\n<value><double>1.5</double></value>\n<value><array><data>\n<value><int>1</int></value>\n" +
        "<value><string>x</string></value>\n</data></array></value>\n<value><struct>\n<member>\n<name>k</name>\n<value><nil/></value></member>\n<member>\n" +
        "<name>b</name>\n<value><int>2</int></value>\n</member>\n</struct></value>\n<value><dateTime.iso8601>20260101T10:11:12</dateTime.iso8601></value>\n" +
        "<value><base64>\naGVsbG8gd29ybGRoZWxsbyB3b3JsZGhlbGxvIHdvcmxkaGVsbG8gd29ybGRoZWxsbyB3b3JsZGhl\nbGxvIHdvcmxkaGVsbG8gd29ybGRoZWxsbyB3b3JsZA==\n</base64></value>\n" +
        "</data></array></value>\n</param>\n</params>\n</methodResponse>\n",
    );
  });

  it("dumps a Fault and a call as Python does", () => {
    expect(dumps(new Fault(8001, "procedure foo not found"), null, true)).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>8001</int></value>\n</member>\n" +
        "<member>\n<name>faultString</name>\n<value><string>procedure foo not found</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n",
    );
    expect(dumps(["a", 1], "echo")).toBe(
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>echo</methodName>\n<params>\n<param>\n<value><string>a</string></value>\n</param>\n<param>\n<value><int>1</int></value>\n</param>\n</params>\n</methodCall>\n",
    );
  });

  it("refuses what XML-RPC cannot carry, with Python's errors", () => {
    expect(() => dumps([null], null, true)).toThrow("cannot marshal None unless allow_none is enabled");
    expect(() => dumps([2 ** 31], null, true)).toThrow("int exceeds XML-RPC limits");
    expect(() => dumps([() => 1], null, true)).toThrow("cannot marshal function objects");
    expect(() => dumps([new Map()], null, true)).toThrow("cannot marshal Map objects");
  });

  it("writes doubles as Python's repr does", () => {
    expect([1e21, 1e16, 1e15, 1e-7, 1e-4, 0.1, -0.0, 2.5e-5, 123.456, Infinity, -Infinity, NaN].map(pyFloatRepr)).toEqual([
      "1e+21", "1e+16", "1000000000000000.0", "1e-07", "0.0001", "0.1", "-0.0", "2.5e-05", "123.456", "inf", "-inf", "nan",
    ]);
  });

  it("loads what it dumps, and untyped values as strings", () => {
    const value = [7, false, "x & y", -2.5, { a: [1, 2], b: {} }, []];
    expect(loads(dumps([value], null, true))).toEqual([[value], null]);
    const [params, name] = loads("<methodCall><methodName>f</methodName><params><param><value>plain</value></param></params></methodCall>");
    expect([params, name]).toEqual([["plain"], "f"]);
    const [[[date, binary]]] = loads(dumps([[new DateTime("20260107T06:13:23"), new Binary(new Uint8Array([0, 255, 1]))]], null, true)) as [[[DateTime, Binary]], null];
    expect(date).toBeInstanceOf(DateTime);
    expect(date.value).toBe("20260107T06:13:23");
    expect([...binary.data]).toEqual([0, 255, 1]);
  });

  it("raises the Fault a response carries", () => {
    expect(() => loads(dumps(new Fault(42, "nope"), null, true))).toThrow(Fault);
    try {
      loads(dumps(new Fault(42, "nope"), null, true));
    } catch (thrown) {
      expect([(thrown as Fault).faultCode, (thrown as Fault).faultString, (thrown as Fault).message]).toEqual([42, "nope", "<Fault 42: 'nope'>"]);
    }
  });

  it("the parser is strict: mismatched tags, junk, DOCTYPE and unknown entities are ExpatErrors", () => {
    expect(() => parseXml("<a><b></a>")).toThrow("mismatched tag: line 1, column 8");
    expect(() => parseXml("nonsense")).toThrow("syntax error: line 1, column 0");
    expect(() => parseXml("")).toThrow("no element found: line 1, column 0");
    expect(() => parseXml("<a/><b/>")).toThrow(ExpatError);
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(ExpatError);
    expect(() => parseXml("<a>&nbsp;</a>")).toThrow("undefined entity");
    expect(parseXml('<?xml version="1.0"?><!-- hi --><a x="1"><![CDATA[<b>]]>&#65;&amp;</a>')).toEqual({ name: "a", children: ["<b>", "A&"] });
  });
});

describe("XMLRPC and Proxy on the simulated network", () => {
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

  class Finger extends XMLRPC {
    xmlrpc_getUser(user: string) {
      return user === "moshez" ? "Happy and well" : "No such user";
    }
    xmlrpc_slow(x: number) {
      const d = new Deferred<number>();
      reactor.callLater(1, () => d.callback(x * 2));
      return d;
    }
    xmlrpc_boom() {
      throw new Error("boom");
    }
    xmlrpc_who = withRequest(function (this: Finger, request: { getClientAddress(): { host: string } }, greeting: string) {
      return `${greeting} ${request.getClientAddress().host}`;
    });
    xmlrpc_handled(x: number) {
      return new (class extends Handler {
        override run(y: unknown) {
          reactor.callLater(0.5, () => this.result.callback(`handled ${String(y)}`));
        }
      })(this, x);
    }
  }

  function listen(): void {
    const root = new Resource();
    const rpc = new Finger();
    addIntrospection(rpc);
    root.putChild("RPC2", rpc);
    const site = new Site(root);
    site.noisy = false;
    reactor.listenTCP(7080, site);
  }

  function settle<T>(d: Deferred<T>): { ok: true; value: T } | { ok: false; failure: Failure } {
    let outcome: { ok: true; value: T } | { ok: false; failure: Failure } | null = null;
    d.addCallbacks(
      (value: T) => void (outcome = { ok: true, value }),
      (failure: Failure) => void (outcome = { ok: false, failure }),
    );
    reactor.advance(10);
    if (!outcome) throw new Error("the Deferred never fired");
    return outcome;
  }

  const proxy = () => new Proxy("http://127.0.0.1:7080/RPC2");

  it("callRemote fires with the result, plain or from a Deferred", () => {
    listen();
    expect(settle(proxy().callRemote("getUser", "moshez"))).toEqual({ ok: true, value: "Happy and well" });
    expect(settle(proxy().callRemote("slow", 21))).toEqual({ ok: true, value: 42 });
    expect(settle(proxy().callRemote("who", "hi"))).toEqual({ ok: true, value: "hi 127.0.0.1" });
    expect(settle(proxy().callRemote("system.listMethods"))).toEqual({ ok: true, value: ["getUser", "slow", "boom", "handled", "who", "system.listMethods", "system.methodHelp", "system.methodSignature"] });
  });

  it("a Handler's result cannot be sent: Fault 8002 'Can't serialize output', as in Twisted 22.4 (which marshals the Deferred itself)", () => {
    listen();
    const result = settle(proxy().callRemote("handled", 3)) as { failure: Failure };
    const fault = result.failure.value as Fault;
    expect([fault.faultCode, fault.faultString]).toEqual([8002, "Can't serialize output: cannot marshal Deferred objects"]);
  });

  it("an unknown procedure fails with Fault 8001, a throwing one with 8002 'error' (and the error is logged)", () => {
    listen();
    const missing = settle(proxy().callRemote("nosuch"));
    expect(missing.ok).toBe(false);
    const fault = (missing as { failure: Failure }).failure.value as Fault;
    expect(fault).toBeInstanceOf(Fault);
    expect([fault.faultCode, fault.faultString]).toEqual([8001, "procedure nosuch not found"]);
    const boom = (settle(proxy().callRemote("boom")) as { failure: Failure }).failure.value as Fault;
    expect([boom.faultCode, boom.faultString]).toEqual([8002, "error"]);
    expect(logged.lines.some((line) => line.includes("boom"))).toBe(true);
  });

  it("GET /RPC2 gets Twisted's 405 page with Allow: POST", () => {
    listen();
    const response = settle(new Agent(reactor).request("GET", "http://127.0.0.1:7080/RPC2"));
    const r = (response as { value: Response }).value;
    expect([r.code, r.headers.getRawHeaders("allow")]).toEqual([405, ["POST"]]);
    const page = (settle(readBody(r)) as { value: string }).value;
    expect(page).toContain('<p>Your browser approached me (at /RPC2) with the method "GET".  I only allow the method POST here.</p>');
  });

  it("a Proxy to a page that is not XML-RPC fails with ValueError of the status", () => {
    listen();
    const result = settle(new Proxy("http://127.0.0.1:7080/nothere").callRemote("x"));
    expect(String((result as { failure: Failure }).failure.value)).toBe("ValueError: ('404', 'Not Found')");
  });

  it("a Proxy to a closed port fails with ConnectionRefusedError", () => {
    const result = settle(new Proxy("http://127.0.0.1:7081/RPC2").callRemote("x"));
    expect(((result as { failure: Failure }).failure.value as Error).name).toBe("ConnectionRefusedError");
  });

  it("a malformed call is a Fault, never a crash: the server goes on answering", () => {
    listen();
    const body = "<methodCall><methodName>getUser</methodName><params><param><value><int>x</int></value></param></params></methodCall>";
    const post = new Agent(reactor).request("POST", "http://127.0.0.1:7080/RPC2", null, new (class {
      readonly body = new TextEncoder().encode(body);
      readonly length = this.body.length;
    })());
    const r = (settle(post) as { value: Response }).value;
    const text = (settle(readBody(r)) as { value: string }).value;
    expect(() => loads(text)).toThrow("<Fault 8002: \"Can't deserialize input: invalid literal for int() with base 10: 'x'\">");
    expect(settle(proxy().callRemote("getUser", "nobody"))).toEqual({ ok: true, value: "No such user" });
  });
});
