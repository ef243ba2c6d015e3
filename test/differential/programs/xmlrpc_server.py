# The twin of xmlrpc-server.ts: XML-RPC resources on real Twisted 22.4 for the differential test.
from twisted.internet import endpoints, reactor, task
from twisted.web import resource, server, xmlrpc


class Example(xmlrpc.XMLRPC):
    def xmlrpc_echo(self, x):
        return x

    def xmlrpc_add(self, a, b):
        return a + b

    def xmlrpc_fail(self):
        raise ValueError("broken")

    def xmlrpc_fault(self):
        raise xmlrpc.Fault(123, "The fault procedure is faulty.")

    def xmlrpc_later(self, x):
        return task.deferLater(reactor, 0.01, lambda: x)

    def xmlrpc_nothing(self):
        return None


class Math(xmlrpc.XMLRPC):
    def xmlrpc_square(self, x):
        return x * x


root = resource.Resource()
rpc = Example()
rpc.putSubHandler("math", Math())
xmlrpc.addIntrospection(rpc)
root.putChild(b"RPC2", rpc)
root.putChild(b"RPC2n", Example(allowNone=True))
endpoints.serverFromString(reactor, "tcp:1079:interface=127.0.0.1").listen(server.Site(root))
reactor.run()
