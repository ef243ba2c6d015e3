# The answer comes from a web page, even to a client that has closed its sending half.
from zope.interface import implementer

from twisted.internet import defer, endpoints, interfaces, protocol, reactor
from twisted.protocols import basic
from twisted.web import client, error, resource, server, static
from twisted.web.iweb import IAgentEndpointFactory


@implementer(interfaces.IHalfCloseableProtocol)
class FingerProtocol(basic.LineReceiver):
    asked = False

    def lineReceived(self, user):
        self.asked = True
        d = self.factory.getUser(user)

        def onError(err):
            return b"Internal error in server"

        d.addErrback(onError)

        def writeResponse(message):
            self.transport.write(message + b"\r\n")
            self.transport.loseConnection()

        d.addCallback(writeResponse)

    # The client has closed its sending half: it will say no more, but it still listens.
    def readConnectionLost(self):
        # With a question asked, the answer is on its way and writeResponse closes.
        # Without one, there is nothing to answer: close now rather than wait forever.
        if not self.asked:
            self.transport.loseConnection()

    def writeConnectionLost(self):
        pass


class FingerFactory(protocol.ServerFactory):
    protocol = FingerProtocol

    def __init__(self, prefix):
        self.prefix = prefix

    def getUser(self, user):
        return getPage(self.prefix + user)


# Twisted removed client.getPage; this is the same helper built on Agent and
# readBody: the response's status and headers first, then its body.
def getPage(url):
    d = agent.request(b"GET", url)

    def gotResponse(response):
        body = client.readBody(response)
        if response.code >= 400:
            body.addCallback(lambda page: defer.fail(error.Error(response.code, response.phrase, page)))
        return body

    return d.addCallback(gotResponse)


# This machine has no Internet: a stand-in for livejournal.com runs here on
# 127.0.0.1, and the agent connects there whatever host a URL names.
livejournal = resource.Resource()
livejournal.putChild(b"~moshez", static.Data(b"Happy and well (from the web)", "text/plain; charset=utf-8"))
standIn = reactor.listenTCP(0, server.Site(livejournal), interface="127.0.0.1")


@implementer(IAgentEndpointFactory)
class ToStandIn:
    def endpointForURI(self, uri):
        return endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", standIn.getHost().port)


agent = client.Agent.usingEndpointFactory(reactor, ToStandIn())

fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079")
fingerEndpoint.listen(FingerFactory(prefix=b"http://livejournal.com/~"))
reactor.run()
