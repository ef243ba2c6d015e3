"""
The real-Twisted half of producers-real.test.ts: three scenarios on real TCP
over loopback, each printing one transcript line per event, as JSON at the end.
A slow client is a plain socket that reads nothing for a while, then everything.
"""
import json
import socket
import sys
import threading
import time

from zope.interface import implementer

from twisted.internet import interfaces, protocol, reactor
from twisted.protocols import basic

LINES = int(sys.argv[1])
FILE_BYTES = int(sys.argv[2])
transcripts = {}


def slowClient(port, delay, into):
    """Connects, reads nothing for `delay` seconds, then reads to the end (in a thread)."""

    def run():
        s = socket.create_connection(("127.0.0.1", port))
        time.sleep(delay)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        into.append(data)

    threading.Thread(target=run, daemon=True).start()


@implementer(interfaces.IPushProducer)
class Numbers:
    def __init__(self, transport, log):
        self.transport, self.log = transport, log
        self.next = 0
        self.sent = 0
        self.paused = False

    def produce(self):
        while not self.paused and self.next < LINES:
            line = b"%d\r\n" % (self.next,)
            self.sent += len(line)
            self.next += 1
            self.transport.write(line)
        if self.next >= LINES and not self.paused:
            self.log.append("done")
            self.transport.unregisterProducer()
            self.transport.loseConnection()

    def pauseProducing(self):
        self.log.append(f"pause after {self.sent} bytes")
        self.paused = True

    def resumeProducing(self):
        self.log.append(f"resume after {self.sent} bytes")
        self.paused = False
        self.produce()

    def stopProducing(self):
        self.log.append("stop")


class CountingSender(basic.FileSender):
    def __init__(self, log):
        self.log = log
        self.asked = 0

    def resumeProducing(self):
        self.asked += 1
        basic.FileSender.resumeProducing(self)


def listen(build):
    factory = protocol.ServerFactory()
    factory.buildProtocol = lambda addr: build()
    return reactor.listenTCP(0, factory, interface="127.0.0.1")


def pushScenario(done):
    log, received = [], []

    class Server(protocol.Protocol):
        def connectionMade(self):
            numbers = Numbers(self.transport, log)
            self.transport.registerProducer(numbers, True)
            numbers.produce()

        def connectionLost(self, reason):
            finish(port, "push", log, received, done)

    port = listen(Server)
    slowClient(port.getHost().port, 0.3, received)


def fileScenario(done):
    log, received = [], []
    with open(PATH, "wb") as f:
        f.write(b"The quick brown fox jumps over the lazy dog.\n" * (FILE_BYTES // 45))

    class Server(protocol.Protocol):
        def connectionMade(self):
            sender = CountingSender(log)
            d = sender.beginFileTransfer(open(PATH, "rb"), self.transport)

            def sent(last):
                log.append(f"sent, last byte {last!r}, asked {sender.asked} times")
                self.transport.loseConnection()

            d.addCallback(sent)

        def connectionLost(self, reason):
            finish(port, "file", log, received, done)

    port = listen(Server)
    slowClient(port.getHost().port, 0.3, received)


def closeScenario(done):
    log, received = [], []

    @implementer(interfaces.IPushProducer)
    class Idle:
        def pauseProducing(self):
            log.append("pause")

        def resumeProducing(self):
            log.append("resume")

        def stopProducing(self):
            log.append("stop")

    class Server(protocol.Protocol):
        def connectionMade(self):
            self.transport.registerProducer(Idle(), True)
            try:
                self.transport.registerProducer(Idle(), True)
            except RuntimeError as e:
                log.append("second registerProducer: RuntimeError " + str(e).split(" <")[0])
            self.transport.write(b"hi")
            self.transport.loseConnection()

        def connectionLost(self, reason):
            log.append("connectionLost " + reason.type.__name__)
            finish(port, "close", log, received, done)

    port = listen(Server)
    slowClient(port.getHost().port, 0.1, received)


def finish(port, name, log, received, done):
    def check():
        if not received:
            reactor.callLater(0.05, check)
            return
        log.append(f"client got {len(received[0])} bytes")
        transcripts[name] = log + [f"client data sha: {hash_of(received[0])}"]
        port.stopListening()
        done()

    check()


def hash_of(data):
    import hashlib

    return hashlib.sha256(data).hexdigest()[:16]


PATH = sys.argv[3]
steps = [pushScenario, fileScenario, closeScenario]


def next_step():
    if steps:
        steps.pop(0)(next_step)
    else:
        reactor.stop()


reactor.callWhenRunning(next_step)
reactor.callLater(30, reactor.stop)
reactor.run()
print(json.dumps(transcripts))
