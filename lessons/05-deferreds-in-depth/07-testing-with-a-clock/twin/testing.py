# Testing a protocol that uses time, without waiting for time to pass.
from twisted.internet import address, protocol, task
from twisted.internet.testing import StringTransport
from twisted.protocols import basic

statuses = {"alice": "Happy and well"}


# Answers two seconds after the name arrives; hangs up after ten silent seconds.
class StatusProtocol(basic.LineReceiver):
    idle = None

    def connectionMade(self):
        self.idle = self.factory.clock.callLater(10, self.transport.loseConnection)

    def lineReceived(self, line):
        user = line.decode()

        def answer():
            self.sendLine(statuses.get(user, "No such user").encode())
            self.transport.loseConnection()

        self.factory.clock.callLater(2, answer)


class StatusFactory(protocol.ServerFactory):
    protocol = StatusProtocol

    # The reactor when serving, a task.Clock in tests.
    def __init__(self, clock):
        self.clock = clock


# ---- The tests ----


# A protocol from the factory, connected to a recording transport, on the given clock.
def connect(clock):
    factory = StatusFactory(clock)
    proto = factory.buildProtocol(address.IPv4Address("TCP", "127.0.0.1", 50000))
    transport = StringTransport()
    proto.makeConnection(transport)
    return proto, transport


count = 0
passed = 0


def test(name, body):
    global count, passed
    count += 1
    ok = body()
    if ok:
        passed += 1
    print(f"{'ok' if ok else 'not ok'} {count} - {name}")


def answersAfterTwoSeconds():
    clock = task.Clock()
    proto, transport = connect(clock)
    proto.dataReceived(b"alice\r\n")
    before = transport.value()
    clock.advance(2)
    return before == b"" and transport.value() == b"Happy and well\r\n" and transport.disconnecting


def hangsUpAfterTenSilentSeconds():
    clock = task.Clock()
    proto, transport = connect(clock)
    clock.advance(9)
    stillOpen = not transport.disconnecting
    clock.advance(1)
    return stillOpen and transport.disconnecting


# Your test: after an answer, no timers are left on the clock.


test("answers two seconds after the name arrives", answersAfterTwoSeconds)
test("hangs up after ten seconds of silence", hangsUpAfterTenSilentSeconds)

print(f"{passed} of {count} tests passed")
