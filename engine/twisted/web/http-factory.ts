/**
 * twisted.web.http's HTTPFactory: builds HTTPChannels with the factory's
 * timeout and reactor, and keeps the access log.
 */
import type { IAddress, IDelayedCall, IReactor } from "../internet/interfaces";
import { installedReactor } from "../internet/installed";
import { ServerFactory, type Protocol } from "../internet/protocol";
import * as log from "../python/log";
import { datetimeToLogString } from "./http-common";
import { combinedLogFormatter, type LogFormatter } from "./http-access-log";
import { HTTPChannel } from "./http-channel";
import type { Request } from "./http-request";

/**
 * Builds HTTPChannels. Logs each request in the combined log format (to the
 * log, or appended to `logPath` on the reactor's file system), and keeps the
 * log's time with a call every second while it is in use, as Twisted does.
 */
export class HTTPFactory extends ServerFactory {
  override protocol: any = HTTPChannel;
  /** Where the access log goes (null: the log). */
  logPath: string | null;
  /** Seconds an idle connection stays open (60), or null for ever. */
  timeOut: number | null;
  /** The reactor for timeouts and log times. */
  readonly reactor: IReactor;
  private readonly logFormatter: LogFormatter;
  private logDateTime = "";
  private logDateTimeCall: IDelayedCall | null = null;
  private logging = false;

  /**
   * @param logPath a file to append the access log to, or null for the log.
   * @param timeout idle seconds before a connection is closed (60), null for never.
   * @param logFormatter formats a log line (combinedLogFormatter).
   * @param reactor the reactor (the installed one by default).
   */
  constructor(logPath: string | null = null, timeout: number | null = 60, logFormatter: LogFormatter | null = null, reactor: IReactor | null = null) {
    super();
    this.reactor = reactor ?? installedReactor();
    this.logPath = logPath;
    this.timeOut = timeout;
    this.logFormatter = logFormatter ?? combinedLogFormatter;
  }

  /** Refreshes the access log's time, and again in a second (a named function, as the debugger shows it). */
  private readonly _updateLogDateTime = (): void => {
    this.logDateTime = datetimeToLogString(this.reactor.seconds());
    this.logDateTimeCall = this.reactor.callLater(1, this._updateLogDateTime);
  };

  override buildProtocol(addr: IAddress): Protocol | null {
    const p = super.buildProtocol(addr as never) as HTTPChannel | null;
    if (p) {
      p.callLater = (delay: number, f: () => void) => this.reactor.callLater(delay, f);
      p.timeOut = this.timeOut;
    }
    return p;
  }

  override startFactory(): void {
    if (!this.logDateTimeCall) this._updateLogDateTime();
    this.logging = true;
  }

  override stopFactory(): void {
    this.logging = false;
    if (this.logDateTimeCall?.active()) this.logDateTimeCall.cancel();
    this.logDateTimeCall = null;
  }

  /** Writes the access-log line for `request`. */
  log(request: Request): void {
    if (!this.logging) return;
    const line = this.logFormatter(this.logDateTime, request);
    if (this.logPath) this.reactor.fileSystem().append(this.logPath, `${line}\n`);
    else log.msg(line);
  }
}
