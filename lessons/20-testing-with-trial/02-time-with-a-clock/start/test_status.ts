// Tests for a slow status service, on a Clock that the tests move by hand.
import { defer, task } from "twisted/internet";
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
    this.clock = new task.Clock();
    this.service = new SlowStatusService(this.clock, new Map([["moshez", "Happy and well"]]));
  }

  test_answers_after_two_seconds() {
    const d = this.service.getUser("moshez");
    this.clock.advance(2);
    this.assertEqual(this.successResultOf(d), "Happy and well");
  }

  // Test that there is no answer yet at 1.9 seconds, and the answer for an unknown user.
}
