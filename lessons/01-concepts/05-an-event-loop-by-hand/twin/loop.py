# An event loop written by hand, then the same program on Twisted's reactor.
from twisted.internet import reactor


# ---- The hand-made loop: a clock and a list of events waiting for their time ----
now = 0
pending = []  # [time, handler] pairs


def callLater(delay, handler):
    pending.append([now + delay, handler])


def run():
    global now
    while pending:
        # Demultiplex: find the event that is due first. On a tie, the one scheduled first wins.
        first = 0
        for i in range(1, len(pending)):
            if pending[i][0] < pending[first][0]:
                first = i
        time, handler = pending.pop(first)
        # Dispatch: move the clock to its time and call its handler.
        now = time
        handler()


# ---- One program, written against any loop that offers "schedule" and "clock" ----
def program(schedule, clock, log):
    def say(what):
        log.append(f"{clock()}s {what}")

    def aliceArrives():
        say("alice's request arrives")
        schedule(1, lambda: say("alice's answer is ready"))

    schedule(3, lambda: say("the nightly backup starts"))
    schedule(1, aliceArrives)
    schedule(0, lambda: say("the server is listening"))
    schedule(4, lambda: say("bob's request arrives"))


byHand = []
program(callLater, lambda: now, byHand)
run()
print("Your loop:")
for line in byHand:
    print(f"  {line}")

byReactor = []
started = reactor.seconds()
program(
    lambda delay, f: reactor.callLater(delay, f),
    lambda: round(reactor.seconds() - started),
    byReactor,
)


def compare():
    print("Twisted's reactor:")
    for line in byReactor:
        print(f"  {line}")
    if byHand == byReactor:
        print("Same events, same order, same times: your loop schedules like the reactor.")
    else:
        print("The two runs differ: your loop must always run the earliest event next.")
    reactor.stop()


reactor.callLater(5, compare)
reactor.run()
