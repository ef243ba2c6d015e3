"""
The benchmark workloads on CPython Twisted, the twins of workloads.ts.
Prints {"python": ..., "twisted": ..., "results": {id: {"ops": ops/s, "note": ...}}} as JSON.
Times are CPU seconds of this process (time.process_time), as the JavaScript side measures.
Usage: /usr/bin/python3 engine/bench/twisted_bench.py
"""
import json
import platform
import sys
import time

import twisted
from twisted.internet.defer import Deferred, gatherResults, inlineCallbacks, succeed
from twisted.internet.task import Clock, LoopingCall
from twisted.protocols.basic import LineReceiver
from twisted.python.failure import Failure

SAMPLE = 0.2
SAMPLES = 3


def ops_per_second(run, fixed_ops=None):
    """Median ops/s over SAMPLES samples of about SAMPLE seconds, after a warm-up."""

    def sample():
        n = 1 if fixed_ops else 64
        ops = 0
        start = time.process_time()
        while True:
            run(n)
            ops += fixed_ops or n
            elapsed = time.process_time() - start
            if elapsed >= SAMPLE:
                return ops / elapsed
            if not fixed_ops and elapsed < SAMPLE / 8:
                n *= 2

    sample()
    samples = sorted(sample() for _ in range(SAMPLES))
    return samples[len(samples) // 2]


def inc(x):
    return x + 1


def sink(x):
    return None


def pass_failure(f):
    return f


def handled(f):
    return None


def raise_anew(_):
    raise Exception("again")


def d1(n):
    for i in range(n):
        d = Deferred()
        d.addCallback(inc)
        d.callback(i)


def d2(n):
    for i in range(n):
        d = Deferred()
        for _ in range(9):
            d.addCallback(inc)
        d.addCallback(sink)
        d.callback(i)


def errback_chain(d):
    for _ in range(9):
        d.addErrback(pass_failure)
    d.addErrback(handled)


def d3(n):
    for i in range(n):
        d = Deferred()
        errback_chain(d)
        d.errback(Exception("boom"))


SHARED = Failure(Exception("shared"))


def d3p(n):
    for i in range(n):
        d = Deferred()
        errback_chain(d)
        d.errback(SHARED)


def d3r(n):
    for i in range(n):
        d = Deferred()
        d.addCallback(raise_anew)
        for _ in range(9):
            d.addErrback(raise_anew)
        d.addErrback(handled)
        d.callback(i)


def fired_inc(x):
    return succeed(x + 1)


def d4a(n):
    for i in range(n):
        d = Deferred()
        for _ in range(9):
            d.addCallback(fired_inc)
        d.addCallback(sink)
        d.callback(i)


def d4b(n):
    for i in range(n):
        inner = Deferred()
        d = Deferred()
        d.addCallback(lambda _: inner)
        d.addCallback(sink)
        d.callback(i)
        inner.callback(i)


def d5(n):
    for i in range(n):
        gatherResults([succeed(j) for j in range(100)]).addCallback(sink)


def d5u(n):
    for i in range(n):
        ds = [Deferred() for _ in range(100)]
        gatherResults(ds).addCallback(sink)
        for j, d in enumerate(ds):
            d.callback(j)


@inlineCallbacks
def sum_ten():
    total = 0
    for i in range(10):
        total += yield succeed(i)
    return total


def d6(n):
    for i in range(n):
        sum_ten().addCallback(sink)


def delays(count):
    """The same linear congruential sequence as workloads.ts."""
    out = []
    state = 12345
    for _ in range(count):
        state = (state * 1103515245 + 12345) % 2147483648
        out.append(state / 2147483648 * 1000)
    return out


# Twisted's task.Clock re-sorts its whole list on every callLater and every
# call it runs, so its cost per timer grows with the number of timers: at
# 100,000 timers one run would take hours. C1 runs it at C1_TIMERS instead,
# which flatters Twisted (fewer timers are cheaper per timer for it).
C1_TIMERS = 2000
C1_DELAYS = delays(C1_TIMERS)


def noop():
    pass


def c1(_):
    clock = Clock()
    for delay in C1_DELAYS:
        clock.callLater(delay, noop)
    clock.advance(1000)


C2_TICKS = 100000


def c2(_):
    clock = Clock()
    loop = LoopingCall(noop)
    loop.clock = clock
    loop.start(1.0, now=False)
    for _ in range(C2_TICKS):
        clock.advance(1)
    loop.stop()


class CountingReceiver(LineReceiver):
    count = 0

    def lineReceived(self, line):
        self.count += 1


def line_stream(size):
    line = b"abcdefghijklmnopqr\r\n"
    return (line * (size // len(line) + 1))[:size]


L1_BYTES = 10 * 1024 * 1024
L1_STREAM = line_stream(L1_BYTES)
L1_CHUNKS = [L1_STREAM[i:i + 4096] for i in range(0, L1_BYTES, 4096)]


def l1(_):
    receiver = CountingReceiver()
    for chunk in L1_CHUNKS:
        receiver.dataReceived(chunk)
    assert receiver.count == L1_BYTES // 20


L2_BYTES = 100 * 1024
L2_BYTES_LIST = [bytes([b]) for b in line_stream(L2_BYTES)]


def l2(_):
    receiver = CountingReceiver()
    for byte in L2_BYTES_LIST:
        receiver.dataReceived(byte)
    assert receiver.count == L2_BYTES // 20


WORKLOADS = [
    ("D1", d1, None, ""), ("D2", d2, None, ""), ("D3", d3, None, ""), ("D3p", d3p, None, ""),
    ("D3r", d3r, None, ""), ("D4a", d4a, None, ""), ("D4b", d4b, None, ""), ("D5", d5, None, ""),
    ("D5u", d5u, None, ""), ("D6", d6, None, ""),
    ("C1", c1, C1_TIMERS, "Twisted measured at %d timers (its Clock is quadratic)" % C1_TIMERS),
    ("C2", c2, C2_TICKS, ""), ("L1", l1, L1_BYTES // 20, ""), ("L2", l2, L2_BYTES, ""),
]


def main():
    only = set(sys.argv[1].split(",")) if len(sys.argv) > 1 else None
    results = {}
    for name, run, fixed, note in WORKLOADS:
        if only and name not in only:
            continue
        results[name] = {"ops": ops_per_second(run, fixed), "note": note}
    json.dump({"python": platform.python_version(), "twisted": twisted.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
