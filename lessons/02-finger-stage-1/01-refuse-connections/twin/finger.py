# A finger server that refuses connections.
from twisted.internet import reactor

reactor.run()
