/**
 * Where steps used to be. The course revision of issue 10 moved steps between
 * chapters and split three of them; old links and saved progress must keep
 * working. Step ids never change: a moved step keeps its id, so saved code and
 * marks follow it; only its URL changes. This module is plain data, so the
 * browser (progress migration, redirects) can import it without the loader.
 * `history.test.ts` proves every entry against the course on disk.
 */

/** A step that moved: its old location (chapter/step slugs), its id, and its location now. */
export interface MovedStep {
  readonly from: string;
  readonly id: string;
  readonly to: string;
}

/** A step split in two: the old id stays with one part; `added` is the new part's id. */
export interface SplitStep {
  readonly id: string;
  readonly added: string;
}

/** Steps whose URL changed in the course revision (progress version 2). */
export const MOVED_STEPS: readonly MovedStep[] = [
  { from: "finger-stage-1/use-deferreds", id: "finger-use-deferreds", to: "finger-stage-1-backends/use-deferreds" },
  { from: "finger-stage-1/run-finger-locally", id: "finger-run-finger-locally", to: "finger-stage-1-backends/run-finger-locally" },
  { from: "finger-stage-1/read-status-from-the-web", id: "finger-read-status-from-web", to: "finger-stage-1-backends/read-status-from-the-web" },
  { from: "finger-stage-1/use-an-application", id: "finger-application-twistd", to: "finger-stage-1-backends/use-an-application" },
  { from: "finger-stage-1/recap", id: "finger-stage-1-recap", to: "finger-stage-1-backends/recap" },
  { from: "deferreds/not-a-talisman", id: "deferreds-not-a-talisman", to: "deferreds-in-depth/not-a-talisman" },
  { from: "deferreds/cooperative-work", id: "deferreds-cooperative-work", to: "deferreds-in-depth/cooperative-work" },
  { from: "deferreds/running-processes", id: "deferreds-running-processes", to: "deferreds-in-depth/running-processes" },
  { from: "deferreds/inline-callbacks", id: "deferreds-inline-callbacks", to: "deferreds-in-depth/inline-callbacks" },
  { from: "deferreds/cancellation-and-timeouts", id: "deferreds-cancellation-and-timeouts", to: "deferreds-in-depth/cancellation-and-timeouts" },
  { from: "deferreds/testing-with-a-clock", id: "deferreds-testing-with-a-clock", to: "deferreds-in-depth/testing-with-a-clock" },
  { from: "deferreds/recap", id: "deferreds-recap", to: "deferreds-in-depth/recap" },
];

/**
 * Steps split in two. A learner who had passed the old step did the work of
 * both parts (or, for "Connect as a client", had it given), so both count as
 * passed; the saved code stays with the old id, whose start is unchanged.
 */
export const SPLIT_STEPS: readonly SplitStep[] = [
  { id: "finger-application-twistd", added: "finger-twistd-privileges-and-signals" },
  { id: "deferreds-testing-with-a-clock", added: "deferreds-a-test-that-finds-a-bug" },
  { id: "deferreds-waiting-for-several", added: "deferreds-connect-as-a-client" },
];

/** The URL of a location "chapter/step", as the app writes it. */
export function locationHref(location: string): string {
  return `/lessons/${location}/`;
}

/** The current URL for an old one, or the URL itself when it did not move. */
export function currentHref(href: string): string {
  const moved = MOVED_STEPS.find((step) => locationHref(step.from) === href);
  return moved ? locationHref(moved.to) : href;
}
