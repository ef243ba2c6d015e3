# A worker process that answers AMP commands over its stdin and stdout, and the parent that starts it.
import sys

from twisted.internet import defer, protocol, reactor, stdio
from twisted.protocols import amp


# CPU-heavy work: how many primes are there below n?
def countPrimes(n):
    count = 0
    for candidate in range(2, n):
        prime = True
        divisor = 2
        while divisor * divisor <= candidate:
            if candidate % divisor == 0:
                prime = False
                break
            divisor += 1
        if prime:
            count += 1
    return count


class CountPrimes(amp.Command):
    arguments = [(b"n", amp.Integer())]
    response = [(b"count", amp.Integer())]


# The child's side: AMP over its own stdin and stdout.
class Worker(amp.AMP):
    @CountPrimes.responder
    def countPrimes(self, n):
        return {"count": countPrimes(n)}

    # The parent closed our stdin: there is no more work, so the process ends.
    def connectionLost(self, reason):
        amp.AMP.connectionLost(self, reason)
        reactor.stop()


# The parent's side: AMP over the child's pipes. This protocol is AMP's transport.
class WorkerConnector(protocol.ProcessProtocol):
    def __init__(self):
        self.amp = amp.AMP()
        self.ended = defer.Deferred()

    def connectionMade(self):
        self.amp.makeConnection(self)

    def outReceived(self, data):
        self.amp.dataReceived(data)

    def errReceived(self, data):
        print(f"worker said: {data.decode().strip()}", flush=True)

    def processEnded(self, reason):
        self.amp.connectionLost(reason)
        self.ended.callback(reason.getErrorMessage())

    # What AMP calls on its transport.
    def write(self, data):
        self.transport.write(data)

    def loseConnection(self):
        self.transport.closeStdin()

    def getPeer(self):
        return "worker process"

    def getHost(self):
        return "parent process"


if sys.argv[1:] == ["child"]:
    stdio.StandardIO(Worker())
else:
    worker = WorkerConnector()
    reactor.spawnProcess(worker, sys.executable, [sys.executable, sys.argv[0], "child"])

    def done(result):
        print(f"primes below 5000: {result['count']}", flush=True)
        worker.loseConnection()

    def ended(why):
        print(f"the worker ended: {why}", flush=True)
        reactor.stop()

    worker.amp.callRemote(CountPrimes, n=5000).addCallback(done)
    worker.ended.addCallback(ended)
reactor.run()
