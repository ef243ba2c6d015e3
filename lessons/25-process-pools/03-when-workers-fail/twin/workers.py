# A pool of worker processes that survives its workers: a crash or a stuck job costs one job, not the pool.
import os
import sys

from twisted.internet import defer, protocol, reactor, stdio, task
from twisted.protocols import amp
from twisted.python import failure


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


# A job that kills its worker, and one that takes far too long.
class Crash(amp.Command):
    arguments = []
    response = []


class Stall(amp.Command):
    arguments = [(b"seconds", amp.Float())]
    response = []


# The child's side: AMP over its own stdin and stdout.
class Worker(amp.AMP):
    @CountPrimes.responder
    def countPrimes(self, n):
        return {"count": countPrimes(n)}

    @Crash.responder
    def crash(self):
        os._exit(1)
        return {}

    @Stall.responder
    def stall(self, seconds):
        return task.deferLater(reactor, seconds, lambda: {})

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
        # The pool hears first, and replaces a worker that died; then the call it was answering fails with reason.
        self.ended.callback(reason.getErrorMessage())
        self.amp.connectionLost(reason)

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
        # How many workers the pool has started, replacements included.
        self.started = 0
        self._stopping = False

    def start(self):
        """Starts the smallest number of workers."""
        while len(self.workers) < self.min:
            self._idle.append(self._startWorker())

    def doWork(self, command, timeout=None, **args):
        """Runs command on the first idle worker: a Deferred that fires with its answer."""
        result = defer.Deferred()
        self._queue.append((command, args, result, timeout))
        self._dispatch()
        return result

    def stop(self):
        """Closes every worker's stdin: a Deferred that fires once all have ended."""
        self._stopping = True
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
            command, args, result, timeout = self._queue.pop(0)

            def finished(outcome, busy=worker):
                busy.jobsDone += 1
                if isinstance(outcome, failure.Failure) and outcome.check(defer.TimeoutError):
                    # The worker is stuck in the job: put a new one in its place, and kill it.
                    self._retire(busy)
                    busy.transport.signalProcess("KILL")
                elif busy in self.workers:
                    self._idle.append(busy)
                self._dispatch()
                return outcome

            call = worker.amp.callRemote(command, **args)
            if timeout is not None:
                call.addTimeout(timeout, reactor)
            call.addBoth(finished).chainDeferred(result)

    def _startWorker(self):
        worker = WorkerConnector()
        reactor.spawnProcess(worker, sys.executable, [sys.executable, sys.argv[0], "child"])
        self.workers.append(worker)
        self.started += 1
        # A worker that ends while the pool runs has died: it is replaced.
        worker.ended.addCallback(lambda _: self._retire(worker))
        return worker

    # Takes a worker out of the pool, and starts another while the pool is below its smallest size.
    def _retire(self, worker):
        if worker not in self.workers or self._stopping:
            return
        self.workers.remove(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        if len(self.workers) < self.min:
            self._idle.append(self._startWorker())


if sys.argv[1:] == ["child"]:
    stdio.StandardIO(Worker())
else:
    pool = ProcessPool(2, 2)
    pool.start()

    def failed(what):
        def report(reason):
            print(f"{what}: {reason.type.__name__}: {reason.getErrorMessage()}", flush=True)

        return report

    def show(text):
        return lambda result: print(text.format(**(result or {})), flush=True)

    def finish(_):
        print(f"the pool started {pool.started} workers in all", flush=True)
        return pool.stop()

    d = pool.doWork(Crash)
    d.addCallbacks(show("the crash job answered"), failed("a worker crashed"))
    d.addCallback(lambda _: pool.doWork(CountPrimes, n=1000))
    d.addCallback(show("after the crash, primes below 1000: {count}"))
    d.addCallback(lambda _: pool.doWork(Stall, timeout=1, seconds=10.0))
    d.addCallbacks(show("the stalled job answered"), failed("a job timed out"))
    d.addCallback(lambda _: pool.doWork(CountPrimes, n=2000))
    d.addCallback(show("after the timeout, primes below 2000: {count}"))
    d.addCallback(finish)
    d.addCallback(lambda _: reactor.stop())
reactor.run()
