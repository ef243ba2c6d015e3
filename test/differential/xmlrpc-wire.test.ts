/**
 * twisted.web.xmlrpc on the wire, two ways: the same XML-RPC resources
 * (programs/xmlrpc-server.ts under `npm run serve`, programs/xmlrpc_server.py
 * on real Twisted 22.4) receive the same raw calls and must answer with the
 * same bytes, Date aside: results of every type, Deferred results, Faults
 * (8001 for an unknown procedure, 8002 for a failure or a call that cannot be
 * read or answered, the method's own), sub-handlers, introspection, allowNone,
 * and the 405 page for GET /RPC2.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchange, normaliseDate, startPython, startServeGroup, type PythonServer, type ServedGroup } from "../support/raw-http";
import { REPO, freePort } from "../support/serve-harness";

const PYTHON = "/usr/bin/python3";
const programs = path.join(REPO, "test/differential/programs");
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.web.xmlrpc"], { stdio: "ignore" }).status === 0;

const v = (type: string, text: string) => `<value><${type}>${text}</${type}></value>`;
const call = (method: string, ...params: string[]) =>
  `<?xml version="1.0"?>\n<methodCall>\n<methodName>${method}</methodName>\n<params>\n${params.map((p) => `<param>\n${p}\n</param>\n`).join("")}</params>\n</methodCall>\n`;

function post(body: string, resource = "/RPC2"): string[] {
  // The raw client sends each character as one byte: send the body's UTF-8 bytes that way.
  const bytes = Buffer.from(body, "utf8");
  return [`POST ${resource} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: text/xml\r\nContent-Length: ${bytes.length}\r\n\r\n`, bytes.toString("latin1")];
}

const EVERY_TYPE =
  "<value><array><data>" +
  v("int", "7") + v("i4", "-3") + v("boolean", "1") + v("string", "a &lt;b&gt; &amp; ü") + "<value>untyped</value>" + v("double", "1.5") + v("double", "-0.25") +
  v("dateTime.iso8601", "20260107T06:13:23") + v("base64", "aGVsbG8gd29ybGQ=") +
  "<value><struct><member><name>k</name>" + v("string", "x") + "</member><member><name>n</name>" + v("int", "2") + "</member></struct></value>" +
  "<value><array><data></data></array></value>" +
  "</data></array></value>";

const EXCHANGES: { name: string; pieces: string[] }[] = [
  { name: "echo a string", pieces: post(call("echo", v("string", "Happy and well"))) },
  { name: "add two ints", pieces: post(call("add", v("int", "40"), v("int", "2"))) },
  { name: "echo every type back: int, boolean, string, double, dateTime, base64, struct, array", pieces: post(call("echo", EVERY_TYPE)) },
  { name: "a Deferred result", pieces: post(call("later", v("string", "eventually"))) },
  { name: "Fault 8001 for an unknown procedure", pieces: post(call("nosuch")) },
  { name: "Fault 8001 for an unknown sub-handler", pieces: post(call("nosuch.thing")) },
  { name: "Fault 8002 'error' for a call with too few arguments", pieces: post(call("add", v("int", "1"))) },
  { name: "a sub-handler's procedure", pieces: post(call("math.square", v("int", "12"))) },
  { name: "introspection: system.listMethods", pieces: post(call("system.listMethods")) },
  { name: "Fault 8002 'error' for a procedure that throws", pieces: post(call("fail")) },
  { name: "the procedure's own Fault", pieces: post(call("fault")) },
  { name: "null without allowNone: Fault 8002 Can't serialize output", pieces: post(call("nothing")) },
  { name: "null with allowNone: <nil/>", pieces: post(call("nothing"), "/RPC2n") },
  { name: "nil in a struct with allowNone", pieces: post(call("echo", `<value><struct><member><name>a</name><value><nil/></value></member></struct></value>`), "/RPC2n") },
  { name: "Fault 8002 for an unknown value type", pieces: post(call("echo", v("foo", "1"))) },
  { name: "Fault 8002 for a bad int", pieces: post(call("echo", v("int", "x"))) },
  { name: "Fault 8002 for a body that is not XML", pieces: post("nonsense") },
  { name: "Fault 8002 for an empty body", pieces: post("") },
  { name: "Fault 8002 for a mismatched tag", pieces: post("<a><b></a>") },
  { name: "Fault 8002 for an unclosed call", pieces: post("<methodCall><methodName>echo</methodName>") },
  { name: "Fault 8002 for junk after the call", pieces: post(`${call("echo", v("int", "1"))}<extra/>`) },
  { name: "Fault 8002 for an undefined entity", pieces: post(call("echo", v("string", "&nbsp;"))) },
  { name: "a character reference and CDATA in a string", pieces: post(call("echo", v("string", "&#65;&#x42;<![CDATA[<c>]]>"))) },
  { name: "GET /RPC2: 405 Method Not Allowed, Allow: POST", pieces: ["GET /RPC2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"] },
  { name: "GET /RPC2 over HTTP/1.0", pieces: ["GET /RPC2 HTTP/1.0\r\n\r\n"] },
];

describe.skipIf(!realTwisted)(
  realTwisted ? "twisted.web.xmlrpc on the wire, engine vs real Twisted 22.4" : "twisted.web.xmlrpc on the wire (SKIPPED: python3-twisted not installed)",
  () => {
    let twin: PythonServer | null = null;
    let served: ServedGroup | null = null;
    let twinPort = 0;
    let enginePort = 0;

    beforeAll(async () => {
      twinPort = await freePort();
      enginePort = await freePort();
      [twin, served] = await Promise.all([
        startPython(PYTHON, path.join(programs, "xmlrpc_server.py"), twinPort),
        startServeGroup(REPO, path.join(programs, "xmlrpc-server.ts"), enginePort),
      ]);
    }, 40_000);

    afterAll(async () => {
      await Promise.all([twin?.stop(), served?.stop()]);
    }, 20_000);

    for (const { name, pieces } of EXCHANGES) {
      it(name, async () => {
        const [expected, actual] = await Promise.all([exchange(twinPort, pieces), exchange(enginePort, pieces)]);
        expect(expected.response.length, "real Twisted answered").toBeGreaterThan(0);
        expect(normaliseDate(actual.response)).toBe(normaliseDate(expected.response));
      }, 20_000);
    }
  },
);
