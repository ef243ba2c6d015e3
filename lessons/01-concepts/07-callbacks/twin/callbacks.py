# Asking a non-blocking service several questions.
from twisted.internet import reactor

statuses = {
    "alice": "Happy and well",
    "bob": "Out to lunch",
    "carol": "Writing a compiler",
}
started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


# A non-blocking lookup: it returns at once. One second later it calls
# onStatus with the user's status, or onError if there is no such user.
def getStatus(user, onStatus, onError):
    def lookUp():
        status = statuses.get(user)
        if status is None:
            onError(f"no such user: {user}")
        else:
            onStatus(status)

    reactor.callLater(1, lookUp)


def finish():
    print(f"{now()} all answers are in")
    reactor.stop()


def report(user, reason):
    print(f"{now()} {user}: {reason}")


# Every question at once. Each answer, good or bad, counts down; the last one finishes.
users = ["alice", "bob", "carol", "dave"]
waiting = len(users)


def answered():
    global waiting
    waiting -= 1
    if waiting == 0:
        finish()


# A function per question, so that each callback remembers its own user.
def ask(user):
    def onStatus(status):
        report(user, status)
        answered()

    def onError(reason):
        report(user, reason)
        answered()

    getStatus(user, onStatus, onError)


for user in users:
    ask(user)
print(f"{now()} asked {len(users)} questions")

reactor.run()
