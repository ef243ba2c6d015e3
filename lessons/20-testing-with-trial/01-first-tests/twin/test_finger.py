# Tests for a finger protocol, with no network: the protocol talks to a StringTransport.
from twisted.internet import address, protocol, testing
from twisted.protocols import basic
from twisted.trial import unittest


# The code under test.
class FingerProtocol(basic.LineReceiver):
    def lineReceived(self, user):
        self.sendLine(self.factory.users.get(user, b"No such user"))
        self.transport.loseConnection()


class FingerFactory(protocol.ServerFactory):
    protocol = FingerProtocol

    def __init__(self, users):
        self.users = users


# The tests.
class FingerProtocolTests(unittest.TestCase):
    def setUp(self):
        factory = FingerFactory({b"moshez": b"Happy and well"})
        self.proto = factory.buildProtocol(address.IPv4Address("TCP", "127.0.0.1", 12345))
        self.transport = testing.StringTransport()
        self.proto.makeConnection(self.transport)

    def test_known_user(self):
        self.proto.dataReceived(b"moshez\r\n")
        self.assertEqual(self.transport.value(), b"Happy and well\r\n")

    def test_unknown_user(self):
        self.proto.dataReceived(b"nobody\r\n")
        self.assertEqual(self.transport.value(), b"No such user\r\n")

    def test_closes_after_answering(self):
        self.assertFalse(self.transport.disconnecting)
        self.proto.dataReceived(b"moshez\r\n")
        self.assertTrue(self.transport.disconnecting)


if __name__ == "__main__":
    # What `trial test_finger.py` does (the course runs a test_*.ts file the same way).
    import os, sys, tempfile

    os.execv(sys.executable, [sys.executable, "-m", "twisted.trial", "--temp-directory", os.path.join(tempfile.mkdtemp(), "_trial_temp"), os.path.abspath(__file__)])
