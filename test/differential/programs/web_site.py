# The twin of web-site.ts: a small Site on real Twisted 22.4 for the raw-HTTP differential test.
from html import escape

from twisted.internet import endpoints, reactor
from twisted.web import resource, server, static, util


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        name = request.args.get(b"name", [b"world"])[0].decode("utf-8")
        return ("<p>Hello, %s!</p>" % escape(name)).encode("utf-8")

    def render_POST(self, request):
        return b"got " + request.content.read()


class Slow(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.write(b"first ")

        def later():
            request.write(b"second")
            request.finish()

        reactor.callLater(0.05, later)
        return server.NOT_DONE_YET


class Info(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        def show(items):
            return "[" + ", ".join(repr(item.decode("utf-8")) for item in items) + "]"

        args = ", ".join(
            "%s=%s" % (key.decode("utf-8"), show(values)) for key, values in sorted(request.args.items())
        )
        request.setHeader(b"content-type", b"text/plain")
        return (
            "method=%s uri=%s path=%s prepath=%s postpath=%s args={%s}\n"
            % (
                request.method.decode(),
                request.uri.decode(),
                request.path.decode(),
                show(request.prepath),
                show(request.postpath),
                args,
            )
        ).encode("utf-8")


class Teapot(resource.Resource):
    def render_GET(self, request):
        request.setResponseCode(418, b"I'm a teapot")
        request.setHeader(b"x-kind", b"porcelain")
        return b""


root = resource.Resource()
root.putChild(b"", static.Data(b"<h1>Home</h1>", "text/html"))
root.putChild(b"hello", Hello())
root.putChild(b"slow", Slow())
root.putChild(b"info", Info())
root.putChild(b"old", util.Redirect(b"/hello"))
root.putChild(b"teapot", Teapot())
root.putChild(b"files", static.File("WWW_ROOT"))
endpoints.serverFromString(reactor, "tcp:1079:interface=127.0.0.1").listen(server.Site(root))
reactor.run()
