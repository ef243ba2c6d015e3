/**
 * twisted.logger, the basics: a Logger with a namespace, and the classic
 * line format twistd writes to the terminal and to twistd.log:
 *
 *     2026-12-07T14:52:01+0000 [-] Loading finger.tac...
 *     2026-12-07T14:52:01+0000 [twisted.scripts._twistd_unix.UnixAppLogger#info] reactor class: ...
 *
 * Events go through twisted.python.log's publisher, so every observer sees
 * both kinds. Timestamps come from whoever formats (the simulated reactor's
 * virtual clock, or the real one), never from this module.
 */
import * as log from "../python/log";

/** A source of log events named by its namespace, as twisted.logger.Logger. */
export class Logger {
  constructor(readonly namespace: string = "-") {}

  /** Logs at level info: "[namespace#info] text". Python's {name} fields are filled from `fields`. */
  info(format: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.emit("info", format, fields, false);
  }

  /** Logs at level warn. */
  warn(format: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.emit("warn", format, fields, false);
  }

  /** Logs at level error. */
  error(format: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.emit("error", format, fields, true);
  }

  /** Logs at level debug. */
  debug(format: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.emit("debug", format, fields, false);
  }

  private emit(level: string, format: string, fields: Readonly<Record<string, unknown>>, isError: boolean): void {
    log.publish({ text: formatEvent(format, fields), isError, system: `${this.namespace}#${level}` });
  }
}

/** Fills "{name}" fields as twisted.logger.formatEvent does ("{{" is a brace). */
export function formatEvent(format: string, fields: Readonly<Record<string, unknown>>): string {
  return format.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, name: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    return name !== undefined && name in fields ? String(fields[name]) : `{${name}}`;
  });
}

/**
 * The time as twisted.logger.formatTime writes it, "%Y-%m-%dT%H:%M:%S%z":
 * `seconds` since the epoch, in a zone `offsetMinutes` east of UTC (0 by default).
 */
export function formatTime(seconds: number, offsetMinutes = 0): string {
  const local = new Date(Math.floor(seconds) * 1000 + offsetMinutes * 60_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const sign = offsetMinutes < 0 ? "-" : "+";
  const offset = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(offset / 60))}${pad(offset % 60)}`
  );
}

/**
 * One event as twistd writes it (formatEventAsClassicLogText): time, system
 * in brackets, text; later lines of the text indented by a tab. Ends in "\n".
 */
export function formatEventAsClassicLogText(event: log.LogEvent, seconds: number, offsetMinutes = 0): string {
  return `${formatTime(seconds, offsetMinutes)} [${event.system}] ${event.text.split("\n").join("\n\t")}\n`;
}
