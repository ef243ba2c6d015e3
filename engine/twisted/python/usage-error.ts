/**
 * usage.UsageError, on its own so that both the parser (usage.ts) and the
 * handlers built from an Options class's declarations (usage-declarations.ts)
 * can raise it without importing each other.
 */

/** What a command line did wrong; twistd prints it after the help. */
export class UsageError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "UsageError";
  }
}
