# The twin of test_report.ts: one test of each outcome, for the trial report differential test.
from twisted.internet import defer, reactor, task
from twisted.trial import unittest


class ReportTests(unittest.TestCase):
    def test_ok(self):
        self.assertEqual(1 + 1, 2)

    def test_fail(self):
        self.assertEqual("a", "b")

    def test_error(self):
        raise ValueError("boom")

    def test_deferred(self):
        d = defer.succeed(3)
        d.addCallback(lambda v: self.assertEqual(v, 3))
        return d

    def test_skip(self):
        raise unittest.SkipTest("not today")

    def test_success_result(self):
        self.assertEqual(self.successResultOf(defer.succeed(5)), 5)

    def test_no_result(self):
        self.successResultOf(defer.Deferred())

    def test_clock(self):
        clock = task.Clock()
        d = task.deferLater(clock, 2, lambda: "later")
        self.assertNoResult(d)
        clock.advance(2)
        self.assertEqual(self.successResultOf(d), "later")


class CleanupTests(unittest.TestCase):
    def setUp(self):
        self.order = ["setUp"]
        self.addCleanup(lambda: self.order.append("first cleanup"))
        self.addCleanup(lambda: self.order.append("second cleanup"))

    def tearDown(self):
        self.order.append("tearDown")

    def test_dirty(self):
        task.deferLater(reactor, 5, lambda: None)

    def test_later(self):
        return task.deferLater(reactor, 0.1, lambda: "done").addCallback(lambda result: self.assertEqual(result, "done"))

    def test_assert_failure(self):
        return self.assertFailure(defer.fail(ValueError("bad")), ValueError).addCallback(lambda e: self.assertEqual(str(e), "bad"))

    def test_raises(self):
        e = self.assertRaises(ValueError, self._raise)
        self.assertEqual(str(e), "nope")

    def _raise(self):
        raise ValueError("nope")

    def test_failure_result(self):
        f = self.failureResultOf(defer.fail(ValueError("x")), ValueError)
        self.assertEqual(f.getErrorMessage(), "x")
