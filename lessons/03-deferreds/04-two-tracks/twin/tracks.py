# Predict which functions run when the same chain is fired three different ways.
from twisted.internet import defer

# Your predictions: the letters of the functions that run, in order, for each way of firing.
predicted = {
    "callback(3)": ["a", "b", "d", "f"],  # shown as: "callback(3)": [],
    "callback(8)": ["a", "b", "e", "f"],  # shown as: "callback(8)": [],
    "errback(error)": ["c", "d", "f"],  # shown as: "errback(error)": [],
}


def build(d, ran):
    def a(n):
        ran.append("a")
        return n * 2

    def b(n):
        ran.append("b")
        if n > 10:
            raise ValueError(f"{n} is too big")
        return n

    def c(reason):
        ran.append("c")
        return 0

    def d_(n):
        ran.append("d")
        return n + 1

    def e(reason):
        ran.append("e")
        return -1

    def f(result):
        ran.append("f")
        return result

    return d.addCallback(a).addCallbacks(b, c).addCallback(d_).addErrback(e).addBoth(f)


ways = {
    "callback(3)": lambda d: d.callback(3),
    "callback(8)": lambda d: d.callback(8),
    "errback(error)": lambda d: d.errback(RuntimeError("the lookup failed")),
}

right = 0
for way, fire in ways.items():
    ran = []
    chain = build(defer.Deferred(), ran)
    final = []
    chain.addCallback(final.append)
    fire(chain)
    guess = predicted.get(way, [])
    ok = guess == ran
    if ok:
        right += 1
    print(
        f"{way}: ran {' '.join(ran)}, final result {final[0]}; "
        f"you predicted {' '.join(guess) or 'nothing'} {'(right)' if ok else '(not yet)'}"
    )
print("All three predictions are right." if right == 3 else f"{right} of 3 predictions right so far.")
