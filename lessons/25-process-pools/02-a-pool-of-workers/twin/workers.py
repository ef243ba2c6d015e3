# A pool of worker processes: jobs wait in a queue and go to whichever worker is idle.
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
        # How many jobs this worker has answered.
        self.jobsDone = 0

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


class ProcessPool:
    def __init__(self, min, max):
        self.min = min
        self.max = max
        self.workers = []
        self._idle = []
        # Jobs waiting for a worker: the command, its arguments, and the Deferred its caller holds.
        self._queue = []

    def start(self):
        """Starts the smallest number of workers."""
        while len(self.workers) < self.min:
            self._idle.append(self._startWorker())

    def doWork(self, command, **args):
        """Runs command on the first idle worker: a Deferred that fires with its answer."""
        result = defer.Deferred()
        self._queue.append((command, args, result))
        self._dispatch()
        return result

    def stop(self):
        """Closes every worker's stdin: a Deferred that fires once all have ended."""
        for worker in self.workers:
            worker.loseConnection()
        return defer.gatherResults([worker.ended for worker in self.workers])

    # Hands queued jobs to idle workers, starting new ones up to the largest number.
    def _dispatch(self):
        while self._queue:
            worker = self._idle.pop(0) if self._idle else None
            if worker is None and len(self.workers) < self.max:
                worker = self._startWorker()
            if worker is None:
                return
            command, args, result = self._queue.pop(0)

            def finished(outcome, busy=worker):
                busy.jobsDone += 1
                self._idle.append(busy)
                self._dispatch()
                return outcome

            worker.amp.callRemote(command, **args).addBoth(finished).chainDeferred(result)

    def _startWorker(self):
        worker = WorkerConnector()
        reactor.spawnProcess(worker, sys.executable, [sys.executable, sys.argv[0], "child"])
        self.workers.append(worker)
        return worker


if sys.argv[1:] == ["child"]:
    stdio.StandardIO(Worker())
else:
    pool = ProcessPool(2, 3)
    pool.start()
    print(f"the pool started {len(pool.workers)} workers", flush=True)
    limits = [100, 200, 300, 400, 500, 600, 700, 800, 900]
    jobs = [pool.doWork(CountPrimes, n=n) for n in limits]

    def report(results):
        counts = " ".join(str(result["count"]) for result in results)
        print(f"primes below 100, 200, ... 900: {counts}", flush=True)
        used = len([worker for worker in pool.workers if worker.jobsDone > 0])
        print(f"{len(jobs)} jobs ran on {used} workers", flush=True)
        return pool.stop()

    def ended(_):
        print("every worker has ended", flush=True)
        reactor.stop()

    defer.gatherResults(jobs).addCallback(report).addCallback(ended)
reactor.run()
