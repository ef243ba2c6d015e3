/**
 * The error a check step throws when what it observed is not what the
 * scenario expects; runCheck turns it into a failed CheckResult. Any other
 * error out of a step is an engine bug and propagates.
 */
export class CheckFailed extends Error {
  /**
   * @param hint a likely fix that follows from what was observed, shown
   *   instead of the check's general one.
   */
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
