# The twin of xmlrpc-client.ts: twisted.web.xmlrpc.Proxy against the XML-RPC server, one call after another.
import json

from twisted.internet import defer, reactor
from twisted.web import xmlrpc

proxy = xmlrpc.Proxy(b"http://127.0.0.1:1079/RPC2")
calls = [
    ("echo", proxy, "echo", ["Happy and well"]),
    ("add", proxy, "add", [40, 2]),
    ("every type", proxy, "echo", [[1, True, "x <&> y", {"k": [2.5, -1]}, []]]),
    ("deferred", proxy, "later", ["eventually"]),
    ("sub-handler", proxy, "math.square", [12]),
    ("unknown", proxy, "nosuch", []),
    ("own fault", proxy, "fault", []),
    ("failing", proxy, "fail", []),
    ("none", proxy, "nothing", []),
    ("none allowed", xmlrpc.Proxy(b"http://127.0.0.1:1079/RPC2n"), "nothing", []),
    ("not xml-rpc", xmlrpc.Proxy(b"http://127.0.0.1:1079/nothere"), "echo", [1]),
]


def report(label, d):
    def ok(value):
        print("%s: %s" % (label, json.dumps(value, separators=(",", ":"))))

    def failed(f):
        if isinstance(f.value, xmlrpc.Fault):
            print("%s: Fault %s %s" % (label, f.value.faultCode, f.value.faultString))
        else:
            print("%s: %s" % (label, type(f.value).__name__))

    return d.addCallbacks(ok, failed)


chain = defer.succeed(None)
for label, p, method, args in calls:
    chain.addCallback(lambda _, label=label, p=p, method=method, args=args: report(label, p.callRemote(method, *args)))
chain.addBoth(lambda _: reactor.stop())
reactor.run()
