# Other programs, as Deferreds: what they print, and how they exit.
from twisted.internet import reactor, utils

started = reactor.seconds()


def now():
    return "[%.0fs]" % (reactor.seconds() - started)


print(f"{now()} starting sleep 2")
utils.getProcessValue("/bin/sleep", ["2"]).addCallback(lambda code: print(f"{now()} sleep 2 exited with {code}"))
reactor.callLater(1, lambda: print(f"{now()} the reactor is free while sleep runs"))


# One command after the other: echo's output, then cat's exit code.
def echoed(output):
    print(f"{now()} echo printed: {output.decode().strip()}")
    return utils.getProcessValue("/bin/cat", ["/no/such/file"])


utils.getProcessOutput("/bin/echo", ["Happy", "and", "well"]).addCallback(echoed).addCallback(
    lambda code: print(f"{now()} cat /no/such/file exited with {code}")
)

reactor.callLater(3, reactor.stop)
reactor.run()
