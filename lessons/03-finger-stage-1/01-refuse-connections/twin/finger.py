# Stage 1, step 1: a finger server that refuses connections.
from twisted.internet import reactor

reactor.run()
