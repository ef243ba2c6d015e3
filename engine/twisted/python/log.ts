/**
 * twisted.python.log: a tiny global log publisher.
 *
 * Twisted routes every log line through observers; the app subscribes one that
 * prints to the terminal, tests subscribe one that records.
 */

export interface LogEvent {
  /** The formatted message, without a trailing newline. */
  readonly text: string;
  /** True for errors (Unhandled Error, Unhandled error in Deferred). */
  readonly isError: boolean;
  /** Who logged it, e.g. a factory class name or "-". */
  readonly system: string;
}

export type LogObserver = (event: LogEvent) => void;

const observers: LogObserver[] = [];

/** Adds an observer that sees every later log event. */
export function addObserver(observer: LogObserver): void {
  observers.push(observer);
}

/** Removes an observer added with addObserver; unknown observers are ignored. */
export function removeObserver(observer: LogObserver): void {
  const index = observers.indexOf(observer);
  if (index >= 0) observers.splice(index, 1);
}

/** Logs a message built from its arguments joined by spaces, as log.msg does. */
export function msg(...parts: unknown[]): void {
  publish({ text: parts.map(String).join(" "), isError: false, system: "-" });
}

/**
 * Logs an error, as log.err does: a Failure or Error with an optional
 * explanation line before its traceback.
 */
export function err(failureOrError?: unknown, why?: string): void {
  const body = describeError(failureOrError);
  const text = why ? `${why}\n${body}` : body;
  publish({ text, isError: true, system: "-" });
}

/** Sends an event to every observer. An observer that throws is removed, as in Twisted. */
export function publish(event: LogEvent): void {
  for (const observer of [...observers]) {
    try {
      observer(event);
    } catch {
      removeObserver(observer);
    }
  }
}

function describeError(value: unknown): string {
  if (value && typeof value === "object" && "getTraceback" in value) {
    return (value as { getTraceback(): string }).getTraceback();
  }
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  return String(value);
}
