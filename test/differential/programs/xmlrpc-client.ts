// Calls the XML-RPC server of xmlrpc-server.ts / xmlrpc_server.py with twisted.web.xmlrpc.Proxy, one call
// after another, printing each outcome; then stops (twin of xmlrpc_client.py).
import { defer, reactor } from "twisted/internet";
import { xmlrpc } from "twisted/web";

const proxy = new xmlrpc.Proxy("http://127.0.0.1:1079/RPC2");
const calls: [string, xmlrpc.Proxy, string, unknown[]][] = [
  ["echo", proxy, "echo", ["Happy and well"]],
  ["add", proxy, "add", [40, 2]],
  ["every type", proxy, "echo", [[1, true, "x <&> y", { k: [2.5, -1] }, []]]],
  ["deferred", proxy, "later", ["eventually"]],
  ["sub-handler", proxy, "math.square", [12]],
  ["unknown", proxy, "nosuch", []],
  ["own fault", proxy, "fault", []],
  ["failing", proxy, "fail", []],
  ["none", proxy, "nothing", []],
  ["none allowed", new xmlrpc.Proxy("http://127.0.0.1:1079/RPC2n"), "nothing", []],
  ["not xml-rpc", new xmlrpc.Proxy("http://127.0.0.1:1079/nothere"), "echo", [1]],
];

function report(label: string, d: defer.Deferred<unknown>) {
  return d.addCallbacks(
    (value: unknown) => console.log(`${label}: ${JSON.stringify(value)}`),
    (f: any) => {
      if (f.value instanceof xmlrpc.Fault) console.log(`${label}: Fault ${f.value.faultCode} ${f.value.faultString}`);
      else console.log(`${label}: ${f.value.name}`);
    },
  );
}

let chain: defer.Deferred<unknown> = defer.succeed(null);
for (const [label, p, method, args] of calls) chain = chain.addCallback(() => report(label, p.callRemote(method, ...args)));
chain.addBoth(() => reactor.stop());
reactor.run();
