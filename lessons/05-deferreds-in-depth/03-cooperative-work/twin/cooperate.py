# Two long computations that take turns, so neither holds the reactor for long.
from twisted.internet import defer, reactor, task

turns = []
results = {}


# The n-th Fibonacci number, one addition per turn: `yield` hands control back.
def fibonacci(n):
    a, b = 0, 1
    for i in range(n):
        a, b = b, a + b
        turns.append("F")
        yield
    results["fibonacci"] = f"F({n}) has {len(str(a))} digits"


# How many primes there are below `limit`, one candidate per turn.
def countPrimes(limit):
    count = 0
    for candidate in range(2, limit):
        prime = True
        divisor = 2
        while divisor * divisor <= candidate:
            if candidate % divisor == 0:
                prime = False
            divisor += 1
        if prime:
            count += 1
        turns.append("P")
        yield
    results["primes"] = f"there are {count} primes below {limit}"


def finished(ignored):
    print(f"first turns: {' '.join(turns[:8])}")
    print(results["fibonacci"])
    print(results["primes"])
    reactor.stop()


work = [task.coiterate(fibonacci(3000)), task.coiterate(countPrimes(1000))]
defer.gatherResults(work).addCallback(finished)
reactor.run()
