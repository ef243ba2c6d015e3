# Tests that leave the reactor clean: the slow service runs on a Clock, never on the real reactor.
from twisted.internet import task
from twisted.trial import unittest


# The code under test: every answer takes two seconds, on whatever clock it is given.
class SlowStatusService:
    def __init__(self, clock, statuses):
        self.clock = clock
        self.statuses = statuses

    def getUser(self, user):
        return task.deferLater(self.clock, 2, lambda: self.statuses.get(user, "No such user"))


# The tests.
class SlowStatusTests(unittest.TestCase):
    def setUp(self):
        self.clock = task.Clock()
        self.service = SlowStatusService(self.clock, {"moshez": "Happy and well"})

    def test_answers_after_two_seconds(self):
        d = self.service.getUser("moshez")
        self.clock.advance(2)
        self.assertEqual(self.successResultOf(d), "Happy and well")

    def test_no_answer_before_two_seconds(self):
        d = self.service.getUser("moshez")
        self.clock.advance(1.9)
        self.assertNoResult(d)

    def test_asks_twice(self):
        first = self.service.getUser("moshez")
        second = self.service.getUser("moshez")
        self.assertNoResult(first)
        self.assertNoResult(second)

    def test_unknown_user(self):
        d = self.service.getUser("nobody")
        self.clock.advance(2)
        self.assertEqual(self.successResultOf(d), "No such user")


if __name__ == "__main__":
    # What `trial test_status.py` does (the course runs a test_*.ts file the same way).
    import os, sys, tempfile

    os.execv(sys.executable, [sys.executable, "-m", "twisted.trial", "--temp-directory", os.path.join(tempfile.mkdtemp(), "_trial_temp"), os.path.abspath(__file__)])
