"""
The Python half of the ClientService differential test
(client-service.test.ts): reads scenarios as JSON on stdin, runs each on real
Twisted's twisted.application.internet.ClientService with a task.Clock, a
jitter-free backoffPolicy and a scripted endpoint, and prints one transcript
per scenario as JSON lines ("1.5 connect attempt 2 -> ok", ...).
"""
import json
import re
import sys

from twisted.application.internet import ClientService, backoffPolicy
from twisted.internet import defer, protocol
from twisted.internet.error import ConnectionDone, ConnectionRefusedError
from twisted.internet.task import Clock
from twisted.internet.testing import StringTransport
from twisted.python import log
from twisted.python.failure import Failure


def run(scenario):
    lines = []
    clock = Clock()

    def out(text):
        lines.append("%g %s" % (clock.seconds(), text))

    def observer(event):
        text = log.textFromEventDict(event)
        if text and text.startswith("Scheduling retry"):
            out(re.sub(r"<\S* object at 0x[0-9a-f]+>", "<endpoint>", text))

    built = []

    class Recording(protocol.Protocol):
        def connectionMade(self):
            self.number = len(built)
            out("protocol %d connectionMade" % self.number)

        def connectionLost(self, reason):
            out("protocol %d connectionLost %s" % (self.number, reason.type.__name__))

    class Factory(protocol.Factory):
        def buildProtocol(self, addr):
            p = Recording()
            p.factory = self
            built.append(p)
            return p

    outcomes = list(scenario["outcomes"])
    attempts = [0]
    current = []

    class ScriptedEndpoint:
        def connect(self, factory):
            attempts[0] += 1
            outcome = outcomes.pop(0) if outcomes else "fail"
            out("connect attempt %d -> %s" % (attempts[0], outcome))
            if outcome == "fail":
                return defer.fail(ConnectionRefusedError())
            if outcome == "hang":
                return defer.Deferred(lambda d: out("attempt cancelled"))
            p = factory.buildProtocol(None)
            p.makeConnection(StringTransport())
            current[:] = [p]
            return defer.succeed(p)

    service = ClientService(ScriptedEndpoint(), Factory(), retryPolicy=backoffPolicy(jitter=lambda: 0), clock=clock)

    def report(label):
        def ok(result):
            name = "protocol %d" % result.number if isinstance(result, Recording) else repr(result)
            out("%s -> %s" % (label, name))
        def err(f):
            out("%s failed %s" % (label, f.type.__name__))
        return ok, err

    log.addObserver(observer)
    try:
        for step in scenario["steps"]:
            kind, *args = step
            if kind == "start":
                service.startService()
            elif kind == "stop":
                d = service.stopService()
                d.addCallbacks(*report("stopped"))
            elif kind == "whenConnected":
                d = service.whenConnected(*args)
                d.addCallbacks(*report("whenConnected(%s)" % (args[0] if args else "")))
            elif kind == "advance":
                for _ in range(int(args[0] * 10)):
                    clock.advance(0.1)
            elif kind == "drop":
                p = current[0]
                p.connectionLost(Failure(ConnectionDone()))
            elif kind == "pending":
                out("pending calls %d" % len(clock.getDelayedCalls()))
    finally:
        log.removeObserver(observer)
    return lines


def main():
    scenarios = json.load(sys.stdin)
    print(json.dumps({s["name"]: run(s) for s in scenarios}))


if __name__ == "__main__":
    main()
