// The twin of test_report.py: one test of each outcome, for the trial report differential test.
import { defer, reactor, task } from "twisted/internet";
import { unittest } from "twisted/trial";
import { ValueError } from "builtins";

export class ReportTests extends unittest.TestCase {
  test_ok() {
    this.assertEqual(1 + 1, 2);
  }
  test_fail() {
    this.assertEqual("a", "b");
  }
  test_error() {
    throw new ValueError("boom");
  }
  test_deferred() {
    const d = defer.succeed(3);
    d.addCallback((v: number) => this.assertEqual(v, 3));
    return d;
  }
  test_skip() {
    throw new unittest.SkipTest("not today");
  }
  test_success_result() {
    this.assertEqual(this.successResultOf(defer.succeed(5)), 5);
  }
  test_no_result() {
    this.successResultOf(new defer.Deferred());
  }
  test_clock() {
    const clock = new task.Clock();
    const d = task.deferLater(clock, 2, () => "later");
    this.assertNoResult(d);
    clock.advance(2);
    this.assertEqual(this.successResultOf(d), "later");
  }
}

export class CleanupTests extends unittest.TestCase {
  order: string[] = [];

  setUp() {
    this.order.push("setUp");
    this.addCleanup(() => this.order.push("first cleanup"));
    this.addCleanup(() => this.order.push("second cleanup"));
  }

  tearDown() {
    this.order.push("tearDown");
  }

  test_dirty() {
    task.deferLater(reactor, 5, () => null);
  }

  test_later() {
    return task.deferLater(reactor, 0.1, () => "done").addCallback((result: string) => this.assertEqual(result, "done"));
  }

  test_assert_failure() {
    return this.assertFailure(defer.fail(new ValueError("bad")), ValueError).addCallback((e: ValueError) => this.assertEqual(e.message, "bad"));
  }

  test_raises() {
    const e = this.assertRaises(ValueError, () => {
      throw new ValueError("nope");
    });
    this.assertEqual(e.message, "nope");
  }

  test_failure_result() {
    const f = this.failureResultOf(defer.fail(new ValueError("x")), ValueError);
    this.assertEqual(f.getErrorMessage(), "x");
  }
}
