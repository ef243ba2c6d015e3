/**
 * The line layer under twisted.words.protocols.irc's IRCClient: the client's
 * connection state, sending lines (at once or paced by lineRate), taking
 * received bytes apart into parsed messages dispatched to `irc_COMMAND`
 * methods, and the keepalive PING. Learners subclass IRCClient (irc.ts),
 * never this class.
 */
import { reactor } from "../../internet/reactor";
import { LoopingCall } from "../../internet/looping-call";
import type { IDelayedCall } from "../../internet/interfaces";
import { EngineAbort, logUnhandledError } from "../../internet/unhandled";
import { Failure } from "../../python/failure";
import * as log from "../../python/log";
import { LineReceiver } from "../../protocols/basic";
import { ServerSupportedFeatures } from "./irc-features";
import { UTF8, decodeLine, pyStr } from "./irc-python";
import { numeric_to_symbolic } from "./irc-numerics";
import { IRCBadMessage, lowDequote, lowQuote, parsemsg } from "./irc-text";

type Handler = (prefix: string, params: string[]) => void;

/**
 * Sends and receives IRC lines: low-quoting and CRLF on the way out,
 * CR-dropping, strict UTF-8 decoding and parsemsg on the way in. Each parsed
 * message goes to `irc_COMMAND(prefix, params)` (numerics by their RFC
 * names), or irc_unknown; an error in a handler is logged and the connection
 * carries on.
 */
export class IRCLineClient<F = any> extends LineReceiver<F> {
  /** The nickname to register with (the one in use once signed on). */
  nickname = "irc";
  /** Sent as PASS before registering, when not null. */
  password: string | null = null;
  /** The "real name" in USER (Python's None prints as "None"). */
  realname: string | null = null;
  /** The user name in USER; the nickname when null. */
  username: string | null = null;
  /** The server's name, from the prefix of its welcome (001). */
  hostname: string | null = null;
  /** The message of the day being received (between 375 and 376), or null. */
  motd: string[] | null = null;
  /** 0 to skip registering on connect. */
  performLogin: number | boolean = 1;
  /** Seconds between lines sent, or null to send at once. */
  lineRate: number | null = null;
  /** Nickname tried when the server rejects ours as erroneous before we are registered. */
  erroneousNickFallback = "defaultnick";
  /** Seconds between keepalive PINGs once signed on (null: none). */
  heartbeatInterval: number | null = 120;
  /** What the server announced in RPL_ISUPPORT. */
  supported = new ServerSupportedFeatures();
  override delimiter = "\n";
  _registered = false;
  _attemptedNick = "";
  _heartbeat: LoopingCall | null = null;
  _queue: string[] = [];
  _queueEmptying: IDelayedCall | null = null;

  // --- Sending ---------------------------------------------------------------

  /** Sends one line (low-quoted, ended by CRLF), at once or through the lineRate queue. */
  override sendLine(line: string): void {
    if (this.lineRate === null) {
      this._reallySendLine(line);
    } else {
      this._queue.push(line);
      if (!this._queueEmptying) this._sendLine();
    }
  }

  _reallySendLine(line: string): void {
    super.sendLine(`${lowQuote(line)}\r`);
  }

  _sendLine(): void {
    if (this._queue.length) {
      this._reallySendLine(this._queue.shift()!);
      this._queueEmptying = reactor.callLater(this.lineRate ?? 0, () => this._sendLine());
    } else {
      this._queueEmptying = null;
    }
  }

  /** Stops the keepalive. */
  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.stopHeartbeat();
  }

  /** Engine extension: the client reads bytes, so that it decodes each line as Twisted does (strict UTF-8). */
  override receivesBytes = true;

  /**
   * Drops every CR (servers may end lines with CRLF or LF), then splits
   * lines at LF, counting MAX_LENGTH in bytes as Twisted does. Text (from a
   * test's StringTransport, say) is taken as UTF-8.
   */
  override dataReceived(data: string | Uint8Array): void {
    const bytes = typeof data === "string" ? UTF8.encode(data) : data;
    let binary = "";
    for (const byte of bytes) if (byte !== 13) binary += String.fromCharCode(byte);
    super.dataReceived(binary);
  }

  /**
   * Decodes one line (strict UTF-8: anything else raises UnicodeDecodeError,
   * and the transport drops the connection, as in Twisted), parses it and
   * dispatches it. An empty line goes to badMessage; a line parsemsg cannot
   * take apart otherwise raises, and the connection drops, as in Twisted.
   */
  override lineReceived(raw: string): void {
    const line = decodeLine(raw);
    const dequoted = lowDequote(line);
    try {
      const [prefix, parsedCommand, params] = parsemsg(dequoted);
      const command = Object.hasOwn(numeric_to_symbolic, parsedCommand) ? numeric_to_symbolic[parsedCommand]! : parsedCommand;
      this.handleCommand(command, prefix, params);
    } catch (thrown) {
      if (!(thrown instanceof IRCBadMessage)) throw thrown;
      this.badMessage(dequoted, thrown);
    }
  }

  /** Calls `irc_COMMAND(prefix, params)`, or irc_unknown; whatever it raises is logged. */
  handleCommand(command: string, prefix: string, params: string[]): void {
    const method = (this as unknown as Record<string, unknown>)[`irc_${command}`];
    try {
      if (typeof method === "function") (method as Handler).call(this, prefix, params);
      else this.irc_unknown(prefix, command, params);
    } catch (thrown) {
      // A blocked reactor stops the simulation itself: that is not the handler's error to log.
      if (thrown instanceof EngineAbort) throw thrown;
      logUnhandledError(thrown);
    }
  }

  /** Hook: a line too broken to use. Logs it and the error. */
  badMessage(line: string, error: unknown): void {
    log.msg(line);
    log.msg(new Failure(error).getTraceback());
  }

  /** Hook: a message that is odd but usable. Logs it. */
  quirkyMessage(s: string): void {
    log.msg(`${s}\n`);
  }

  /** Hook: a command no irc_ method handles. */
  irc_unknown(prefix: string, command: string, params: string[]): void {
    void prefix, command, params;
  }

  // --- Keepalive -------------------------------------------------------------

  /** Starts sending PING to the server every heartbeatInterval seconds. */
  startHeartbeat(): void {
    this.stopHeartbeat();
    if (this.heartbeatInterval === null) return;
    this._heartbeat = new LoopingCall(() => this._sendHeartbeat());
    this._heartbeat.start(this.heartbeatInterval, false);
  }

  /** Stops the keepalive PINGs. */
  stopHeartbeat(): void {
    if (this._heartbeat !== null) {
      this._heartbeat.stop();
      this._heartbeat = null;
    }
  }

  _sendHeartbeat(): void {
    this.sendLine(`PING ${pyStr(this.hostname)}`);
  }
}
