// The twin of xmlrpc_server.py: XML-RPC resources for the differential test and the real-peer test.
import { endpoints, reactor, task } from "twisted/internet";
import { resource, server, xmlrpc } from "twisted/web";

class Example extends xmlrpc.XMLRPC {
  xmlrpc_echo(x: unknown) {
    return x;
  }
  xmlrpc_add(a: number, b: number) {
    return a + b;
  }
  xmlrpc_fail() {
    throw new Error("broken");
  }
  xmlrpc_fault() {
    throw new xmlrpc.Fault(123, "The fault procedure is faulty.");
  }
  xmlrpc_later(x: unknown) {
    return task.deferLater(reactor, 0.01, () => x);
  }
  xmlrpc_nothing() {
    return null;
  }
}

class MathHandler extends xmlrpc.XMLRPC {
  xmlrpc_square(x: number) {
    return x * x;
  }
}

const root = new resource.Resource();
const rpc = new Example();
rpc.putSubHandler("math", new MathHandler());
xmlrpc.addIntrospection(rpc);
root.putChild("RPC2", rpc);
root.putChild("RPC2n", new Example(true));
endpoints.serverFromString(reactor, "tcp:1079:interface=127.0.0.1").listen(new server.Site(root));
reactor.run();
