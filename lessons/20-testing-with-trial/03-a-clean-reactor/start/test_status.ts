// Tests that leave the reactor dirty: make them run the slow service on a Clock.
import { defer, reactor, task } from "twisted/internet";
import type { interfaces } from "twisted/internet";
import { unittest } from "twisted/trial";

// The code under test: every answer takes two seconds, on whatever clock it is given.
class SlowStatusService {
  constructor(
    readonly clock: interfaces.IReactorTime,
    readonly statuses: Map<string, string>,
  ) {}

  getUser(user: string): defer.Deferred<string> {
    return task.deferLater(this.clock, 2, () => this.statuses.get(user) ?? "No such user");
  }
}

// The tests.
export class SlowStatusTests extends unittest.TestCase {
  clock!: task.Clock;
  service!: SlowStatusService;

  setUp() {
    // Someone wrote these tests against the real reactor.
    this.service = new SlowStatusService(reactor, new Map([["moshez", "Happy and well"]]));
  }

  test_answers_after_two_seconds() {
    const d = this.service.getUser("moshez");
    return d.addCallback((status: string) => this.assertEqual(status, "Happy and well"));
  }

  test_no_answer_before_two_seconds() {
    const d = this.service.getUser("moshez");
    this.assertNoResult(d);
  }

  test_asks_twice() {
    const first = this.service.getUser("moshez");
    const second = this.service.getUser("moshez");
    this.assertNoResult(first);
    this.assertNoResult(second);
  }

  test_unknown_user() {
    const d = this.service.getUser("nobody");
    return d.addCallback((status: string) => this.assertEqual(status, "No such user"));
  }
}
