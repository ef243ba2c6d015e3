/**
 * twisted.words.protocols.irc: the IRC client protocol. Subclass IRCClient,
 * set `nickname`, and override the hooks (signedOn, joined, privmsg, ...);
 * call msg, join, leave, describe, notice to act. The bytes on the wire are
 * Twisted's: NICK then USER on connect, lines ended by CRLF, long messages
 * split as Twisted splits them, PING answered with PONG, a taken nickname
 * retried with "_" appended.
 */
import { reactor } from "../../internet/reactor";
import { LoopingCall } from "../../internet/looping-call";
import type { IDelayedCall } from "../../internet/interfaces";
import { EngineAbort, logUnhandledError } from "../../internet/unhandled";
import { ValueError } from "../../python/builtins";
import { Failure } from "../../python/failure";
import * as log from "../../python/log";
import { LineReceiver } from "../../protocols/basic";
import { ServerSupportedFeatures } from "./irc-features";
import { IRCBadModes, parseModes } from "./irc-modes";
import { UTF8, asctime, at, decodeLine, first, pyRepr, pyStr } from "./irc-python";
import { numeric_to_symbolic } from "./irc-numerics";
import {
  IRCBadMessage,
  IRCPasswordMismatch,
  ctcpExtract,
  ctcpStringify,
  lowDequote,
  lowQuote,
  parsemsg,
  split,
  X_DELIM,
  type ExtendedMessage,
} from "./irc-text";

export { ServerSupportedFeatures } from "./irc-features";
export { IRCBadModes, parseModes } from "./irc-modes";
export { numeric_to_symbolic, symbolic_to_numeric } from "./irc-numerics";
export {
  IRCBadMessage,
  IRCPasswordMismatch,
  ctcpDequote,
  ctcpExtract,
  ctcpQuote,
  ctcpStringify,
  lowDequote,
  lowQuote,
  parsemsg,
  split,
  X_DELIM,
} from "./irc-text";

/** The longest line a server accepts, CRLF included. */
export const MAX_COMMAND_LENGTH = 512;
/** The characters a channel name may start with. */
export const CHANNEL_PREFIXES = "&#!+";

/** `#name` unless `channel` already starts with a channel prefix. */
function channelName(channel: string): string {
  return CHANNEL_PREFIXES.includes(first(channel)) ? channel : `#${channel}`;
}

type Handler = (prefix: string, params: string[]) => void;
type CtcpHandler = (user: string, channel: string, data: string | null) => void;

/**
 * An IRC client. On connect it registers (PASS if `password` is set, NICK,
 * USER); `signedOn` runs when the server welcomes it. Server messages are
 * dispatched to `irc_COMMAND` methods (numerics by their RFC names,
 * `irc_RPL_WELCOME`), which call the hooks below. A line that cannot be
 * parsed is logged (badMessage); an error in a handler is logged and the
 * connection carries on.
 */
export class IRCClient<F = any> extends LineReceiver<F> {
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
  /** Reply to a CTCP USERINFO query (none when null). */
  userinfo: string | null = null;
  /** Reply to a CTCP FINGER query: a string or a function returning one (none when null). */
  fingerReply: string | (() => string) | null = null;
  /** CTCP VERSION reply parts (no reply when versionName is null). */
  versionName: string | null = null;
  versionNum: string | null = null;
  versionEnv: string | null = null;
  /** CTCP SOURCE reply. */
  sourceURL: string | null = "http://twistedmatrix.com/downloads/";
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

  // --- Connection ------------------------------------------------------------

  /** Registers with the server (unless performLogin is off). */
  override connectionMade(): void {
    this.supported = new ServerSupportedFeatures();
    this._queue = [];
    if (this.performLogin) this.register(this.nickname);
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

  // --- Hooks: override these -------------------------------------------------

  /** Hook: the server welcomed us (we are registered). */
  signedOn(): void {}
  /** Hook: `user` ("nick!user@host") sent `message` to `channel` (a channel, or our nickname for a private message). */
  privmsg(user: string, channel: string, message: string): void {
    void user, channel, message;
  }
  /** Hook: we joined `channel`. */
  joined(channel: string): void {
    void channel;
  }
  /** Hook: we left `channel`. */
  left(channel: string): void {
    void channel;
  }
  /** Hook: a NOTICE from `user` to `channel` (or to us). Never answer one automatically. */
  noticed(user: string, channel: string, message: string): void {
    void user, channel, message;
  }
  /** Hook: `user` did a CTCP ACTION ("/me") in `channel`. */
  action(user: string, channel: string, data: string): void {
    void user, channel, data;
  }
  /** Hook: someone else (`user`, a nick) joined `channel`. */
  userJoined(user: string, channel: string): void {
    void user, channel;
  }
  /** Hook: someone else left `channel`. */
  userLeft(user: string, channel: string): void {
    void user, channel;
  }
  /** Hook: someone quit the network. */
  userQuit(user: string, quitMessage: string): void {
    void user, quitMessage;
  }
  /** Hook: someone was kicked from a channel. */
  userKicked(kickee: string, channel: string, kicker: string, message: string): void {
    void kickee, channel, kicker, message;
  }
  /** Hook: someone changed nickname. */
  userRenamed(oldname: string, newname: string): void {
    void oldname, newname;
  }
  /** Hook: we were kicked from `channel`. */
  kickedFrom(channel: string, kicker: string, message: string): void {
    void channel, kicker, message;
  }
  /** Hook: our nickname changed; the default records it. */
  nickChanged(nick: string): void {
    this.nickname = nick;
  }
  /** Hook: a channel's topic, when joining or when it changes. */
  topicUpdated(user: string, channel: string, newTopic: string): void {
    void user, channel, newTopic;
  }
  /** Hook: modes changed on a user or channel. */
  modeChanged(user: string, channel: string, set: boolean, modes: string, args: readonly (string | null)[]): void {
    void user, channel, set, modes, args;
  }
  /** Hook: the message of the day, one string per line. */
  receivedMOTD(motd: string[] | null): void {
    void motd;
  }
  /** Hook: the answer to our CTCP PING (`secs` of round trip). */
  pong(user: string, secs: number): void {
    void user, secs;
  }
  created(when: string): void {
    void when;
  }
  yourHost(info: string): void {
    void info;
  }
  myInfo(servername: string | null, version: string | null, umodes: string | null, cmodes: string | null): void {
    void servername, version, umodes, cmodes;
  }
  luserClient(info: string): void {
    void info;
  }
  bounce(info: string): void {
    void info;
  }
  isupport(options: string[]): void {
    void options;
  }
  luserChannels(channels: number): void {
    void channels;
  }
  luserOp(ops: number): void {
    void ops;
  }
  luserMe(info: string): void {
    void info;
  }

  // --- Commands: call these --------------------------------------------------

  /** Registers: PASS (if a password is set), NICK, then USER with `hostname` and `servername` as Twisted sends them. */
  register(nickname: string, hostname = "foo", servername = "bar"): void {
    if (this.password !== null && this.password !== undefined) this.sendLine(`PASS ${this.password}`);
    this.setNick(nickname);
    if (this.username === null || this.username === undefined) this.username = nickname;
    this.sendLine(`USER ${this.username} ${hostname} ${servername} :${pyStr(this.realname)}`);
  }

  /** Asks for a new nickname (NICK). */
  setNick(nickname: string): void {
    this._attemptedNick = nickname;
    this.sendLine(`NICK ${nickname}`);
  }

  /** Joins `channel` ("#" is added when it has no channel prefix), with an optional key. */
  join(channel: string, key: string | null = null): void {
    const name = channelName(channel);
    this.sendLine(key ? `JOIN ${name} ${key}` : `JOIN ${name}`);
  }

  /** Leaves `channel`, with an optional reason. */
  leave(channel: string, reason: string | null = null): void {
    const name = channelName(channel);
    this.sendLine(reason ? `PART ${name} :${reason}` : `PART ${name}`);
  }

  /** The same as leave. */
  part(channel: string, reason: string | null = null): void {
    this.leave(channel, reason);
  }

  /** Kicks `user` from `channel`. */
  kick(channel: string, user: string, reason: string | null = null): void {
    const name = channelName(channel);
    this.sendLine(reason ? `KICK ${name} ${user} :${reason}` : `KICK ${name} ${user}`);
  }

  /** Invites `user` to `channel`. */
  invite(user: string, channel: string): void {
    this.sendLine(`INVITE ${user} ${channelName(channel)}`);
  }

  /** Sets the topic of `channel`, or asks for it when `topic` is null. */
  topic(channel: string, topic: string | null = null): void {
    const name = channelName(channel);
    this.sendLine(topic !== null && topic !== undefined ? `TOPIC ${name} :${topic}` : `TOPIC ${name}`);
  }

  /** Changes modes of a user or channel (+modes when `set`, -modes otherwise). */
  mode(chan: string, set: boolean, modes: string, limit: number | null = null, user: string | null = null, mask: string | null = null): void {
    let line = set ? `MODE ${chan} +${modes}` : `MODE ${chan} -${modes}`;
    if (limit !== null) line = `${line} ${Math.trunc(limit)}`;
    else if (user !== null) line = `${line} ${user}`;
    else if (mask !== null) line = `${line} ${mask}`;
    this.sendLine(line);
  }

  /** Sends `message` to `channel` ("#" added when it has no prefix). */
  say(channel: string, message: string, length: number | null = null): void {
    this.msg(channelName(channel), message, length);
  }

  _safeMaximumLineLength(command: string): number {
    const nicklen = Number(this.supported.getFeature("NICKLEN")) || 0;
    const theoretical = `:${"a".repeat(nicklen)}!${"b".repeat(10)}@${"c".repeat(63)} ${command}`;
    const fudge = 10;
    return MAX_COMMAND_LENGTH - [...theoretical].length - fudge;
  }

  /**
   * Sends `message` to a user or channel (PRIVMSG), one command per line of
   * it, long lines split at whitespace so each command fits in `length`
   * characters (a safe maximum by default). An empty message sends nothing.
   * @throws ValueError when `length` leaves no room for text.
   */
  msg(user: string, message: string, length: number | null = null): void {
    const fmt = `PRIVMSG ${user} :`;
    const limit = length ?? this._safeMaximumLineLength(fmt);
    const minimumLength = [...fmt].length + 2;
    if (limit <= minimumLength) {
      throw new ValueError(`Maximum length must exceed ${minimumLength} for message to ${user}`);
    }
    for (const line of split(message, limit - minimumLength)) this.sendLine(fmt + line);
  }

  /** Sends a NOTICE (which must never be answered automatically). */
  notice(user: string, message: string): void {
    this.sendLine(`NOTICE ${user} :${message}`);
  }

  /** Marks us away ("" to come back). */
  away(message = ""): void {
    this.sendLine(`AWAY :${message}`);
  }

  /** Clears the away status. */
  back(): void {
    this.away();
  }

  /** Asks about `nickname` (WHOIS). */
  whois(nickname: string, server: string | null = null): void {
    this.sendLine(server === null ? `WHOIS ${nickname}` : `WHOIS ${server} ${nickname}`);
  }

  /** Leaves the network (QUIT); the server then closes the connection. */
  quit(message = ""): void {
    this.sendLine(`QUIT :${message}`);
  }

  /** Does a CTCP ACTION ("/me `action`") in `channel` or to a user. */
  describe(channel: string, action: string): void {
    this.ctcpMakeQuery(channel, [["ACTION", action]]);
  }

  /** Sends CTCP queries to `user` in a PRIVMSG. */
  ctcpMakeQuery(user: string, messages: Parameters<typeof ctcpStringify>[0]): void {
    this.msg(user, ctcpStringify(messages));
  }

  /** Sends CTCP replies to `user` in a NOTICE. */
  ctcpMakeReply(user: string, messages: Parameters<typeof ctcpStringify>[0]): void {
    this.notice(user, ctcpStringify(messages));
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

  // --- Server messages -------------------------------------------------------

  /** 001: we are registered under the nickname we last asked for. */
  irc_RPL_WELCOME(prefix: string, params: string[]): void {
    void params;
    this.hostname = prefix;
    this._registered = true;
    this.nickname = this._attemptedNick;
    this.signedOn();
    this.startHeartbeat();
  }

  /** 433: the nickname is taken; try alterCollidedNick's version of it. */
  irc_ERR_NICKNAMEINUSE(prefix: string, params: string[]): void {
    void prefix, params;
    this._attemptedNick = this.alterCollidedNick(this._attemptedNick);
    this.setNick(this._attemptedNick);
  }

  /** Hook: another nickname to try after a collision; Twisted's appends "_". */
  alterCollidedNick(nickname: string): string {
    return `${nickname}_`;
  }

  /** 432: an illegal nickname; before registration, fall back to erroneousNickFallback. */
  irc_ERR_ERRONEUSNICKNAME(prefix: string, params: string[]): void {
    void prefix, params;
    if (!this._registered) this.setNick(this.erroneousNickFallback);
  }

  /** 464: wrong password. @throws IRCPasswordMismatch (logged by handleCommand). */
  irc_ERR_PASSWDMISMATCH(prefix: string, params: string[]): void {
    void prefix, params;
    throw new IRCPasswordMismatch("Password Incorrect.");
  }

  irc_PING(prefix: string, params: string[]): void {
    void prefix;
    this.sendLine(`PONG ${at(params, -1)}`);
  }

  irc_JOIN(prefix: string, params: string[]): void {
    const nick = prefix.split("!")[0]!;
    const channel = at(params, -1);
    if (nick === this.nickname) this.joined(channel);
    else this.userJoined(nick, channel);
  }

  irc_PART(prefix: string, params: string[]): void {
    const nick = prefix.split("!")[0]!;
    const channel = at(params, 0);
    if (nick === this.nickname) this.left(channel);
    else this.userLeft(nick, channel);
  }

  irc_QUIT(prefix: string, params: string[]): void {
    this.userQuit(prefix.split("!")[0]!, at(params, 0));
  }

  irc_PRIVMSG(prefix: string, params: string[]): void {
    const channel = at(params, 0);
    let message = at(params, -1);
    if (!message) return;
    if (message[0] === X_DELIM) {
      const m = ctcpExtract(message);
      if (m.extended.length) this.ctcpQuery(prefix, channel, m.extended);
      if (!m.normal.length) return;
      message = m.normal.join(" ");
    }
    this.privmsg(prefix, channel, message);
  }

  irc_NOTICE(prefix: string, params: string[]): void {
    const channel = at(params, 0);
    let message = at(params, -1);
    if (first(message) === X_DELIM) {
      const m = ctcpExtract(message);
      if (m.extended.length) this.ctcpReply(prefix, channel, m.extended);
      if (!m.normal.length) return;
      message = m.normal.join(" ");
    }
    this.noticed(prefix, channel, message);
  }

  irc_NICK(prefix: string, params: string[]): void {
    const nick = prefix.split("!")[0]!;
    if (nick === this.nickname) this.nickChanged(at(params, 0));
    else this.userRenamed(nick, at(params, 0));
  }

  irc_KICK(prefix: string, params: string[]): void {
    const kicker = prefix.split("!")[0]!;
    const channel = at(params, 0);
    const kicked = at(params, 1);
    const message = at(params, -1);
    if (kicked.toLowerCase() === this.nickname.toLowerCase()) this.kickedFrom(channel, kicker, message);
    else this.userKicked(kicked, channel, kicker, message);
  }

  irc_TOPIC(prefix: string, params: string[]): void {
    this.topicUpdated(prefix.split("!")[0]!, at(params, 0), at(params, 1));
  }

  irc_RPL_TOPIC(prefix: string, params: string[]): void {
    this.topicUpdated(prefix.split("!")[0]!, at(params, 1), at(params, 2));
  }

  irc_RPL_NOTOPIC(prefix: string, params: string[]): void {
    this.topicUpdated(prefix.split("!")[0]!, at(params, 1), "");
  }

  irc_MODE(user: string, params: string[]): void {
    const channel = at(params, 0);
    let modes = at(params, 1);
    const args = params.slice(2);
    if (!"-+".includes(first(modes))) modes = `+${modes}`;
    const paramModes = channel === this.nickname ? this.getUserModeParams() : this.getChannelModeParams();
    let added: [string, string | null][];
    let removed: [string, string | null][];
    try {
      [added, removed] = parseModes(modes, args, paramModes);
    } catch (thrown) {
      if (!(thrown instanceof IRCBadModes)) throw thrown;
      log.err(new Failure(thrown), `An error occurred while parsing the following MODE message: MODE ${params.join(" ")}`);
      return;
    }
    if (added.length) this.modeChanged(user, channel, true, added.map(([m]) => m).join(""), added.map(([, a]) => a));
    if (removed.length) this.modeChanged(user, channel, false, removed.map(([m]) => m).join(""), removed.map(([, a]) => a));
  }

  /** User modes that take a parameter, when added and when removed. */
  getUserModeParams(): [string, string] {
    return ["", ""];
  }

  /** Channel modes that take a parameter (from the server's PREFIX and CHANMODES), when added and when removed. */
  getChannelModeParams(): [string, string] {
    const prefixes = (this.supported.getFeature("PREFIX", {}) ?? {}) as Record<string, unknown>;
    const params: [string, string] = [Object.keys(prefixes).join(""), Object.keys(prefixes).join("")];
    const chanmodes = this.supported.getFeature("CHANMODES") as Record<string, string> | null;
    if (chanmodes !== null && chanmodes !== undefined) {
      params[0] += (chanmodes.addressModes ?? "") + (chanmodes.param ?? "");
      params[1] = params[0];
      params[0] += chanmodes.setParam ?? "";
    }
    return params;
  }

  irc_RPL_MOTDSTART(prefix: string, params: string[]): void {
    void prefix;
    this.motd = [stripMotdDash(at(params, -1))];
  }

  irc_RPL_MOTD(prefix: string, params: string[]): void {
    void prefix;
    const line = stripMotdDash(at(params, -1));
    if (this.motd === null) this.motd = [];
    this.motd.push(line);
  }

  irc_RPL_ENDOFMOTD(prefix: string, params: string[]): void {
    void prefix, params;
    const motd = this.motd;
    this.motd = null;
    this.receivedMOTD(motd);
  }

  irc_RPL_CREATED(prefix: string, params: string[]): void {
    void prefix;
    this.created(at(params, 1));
  }

  irc_RPL_YOURHOST(prefix: string, params: string[]): void {
    void prefix;
    this.yourHost(at(params, 1));
  }

  irc_RPL_MYINFO(prefix: string, params: string[]): void {
    void prefix;
    const words = at(params, 1).split(/\s+/).filter((w) => w !== "");
    const info: (string | null)[] = words.length > 4 ? [...words.slice(0, 3), words.slice(3).join(" ")] : words;
    while (info.length < 4) info.push(null);
    this.myInfo(info[0]!, info[1]!, info[2]!, info[3]!);
  }

  irc_RPL_BOUNCE(prefix: string, params: string[]): void {
    void prefix;
    this.bounce(at(params, 1));
  }

  irc_RPL_ISUPPORT(prefix: string, params: string[]): void {
    void prefix;
    const args = params.slice(1, -1);
    this.supported.parse(args);
    this.isupport(args);
  }

  irc_RPL_LUSERCLIENT(prefix: string, params: string[]): void {
    void prefix;
    this.luserClient(at(params, 1));
  }

  irc_RPL_LUSEROP(prefix: string, params: string[]): void {
    void prefix;
    const n = Number(at(params, 1));
    if (Number.isInteger(n)) this.luserOp(n);
  }

  irc_RPL_LUSERCHANNELS(prefix: string, params: string[]): void {
    void prefix;
    const n = Number(at(params, 1));
    if (Number.isInteger(n)) this.luserChannels(n);
  }

  irc_RPL_LUSERME(prefix: string, params: string[]): void {
    void prefix;
    this.luserMe(at(params, 1));
  }

  /** Hook: a command no irc_ method handles. */
  irc_unknown(prefix: string, command: string, params: string[]): void {
    void prefix, command, params;
  }

  // --- CTCP ------------------------------------------------------------------

  /** Dispatches CTCP queries to `ctcpQuery_TAG` methods (each tag once), or ctcpUnknownQuery. */
  ctcpQuery(user: string, channel: string, messages: ExtendedMessage[]): void {
    const seen = new Set<string>();
    for (const [tag, data] of messages) {
      const method = (this as unknown as Record<string, unknown>)[`ctcpQuery_${tag}`];
      if (!seen.has(tag)) {
        if (typeof method === "function") (method as CtcpHandler).call(this, user, channel, data);
        else this.ctcpUnknownQuery(user, channel, tag, data);
      }
      seen.add(tag);
    }
  }

  /** Hook: a CTCP query nobody handles; logged, never answered. */
  ctcpUnknownQuery(user: string, channel: string, tag: string, data: string | null): void {
    void channel;
    log.msg(`Unknown CTCP query from ${pyRepr(user)}: ${pyRepr(tag)} ${pyRepr(data)}`);
  }

  ctcpQuery_ACTION(user: string, channel: string, data: string | null): void {
    this.action(user, channel, data as string);
  }

  ctcpQuery_PING(user: string, channel: string, data: string | null): void {
    void channel;
    this.ctcpMakeReply(user.split("!")[0]!, [["PING", data]]);
  }

  ctcpQuery_FINGER(user: string, channel: string, data: string | null): void {
    void channel;
    if (data !== null) this.quirkyMessage(`Why did ${user} send '${data}' with a FINGER query?`);
    if (!this.fingerReply) return;
    const reply = typeof this.fingerReply === "function" ? this.fingerReply() : String(this.fingerReply);
    this.ctcpMakeReply(user.split("!")[0]!, [["FINGER", reply]]);
  }

  ctcpQuery_VERSION(user: string, channel: string, data: string | null): void {
    void channel;
    if (data !== null) this.quirkyMessage(`Why did ${user} send '${data}' with a VERSION query?`);
    if (!this.versionName) return;
    this.ctcpMakeReply(user.split("!")[0]!, [["VERSION", `${this.versionName}:${this.versionNum ?? ""}:${this.versionEnv ?? ""}`]]);
  }

  ctcpQuery_SOURCE(user: string, channel: string, data: string | null): void {
    void channel;
    if (data !== null) this.quirkyMessage(`Why did ${user} send '${data}' with a SOURCE query?`);
    if (!this.sourceURL) return;
    this.ctcpMakeReply(user.split("!")[0]!, [["SOURCE", this.sourceURL], ["SOURCE", null]]);
  }

  ctcpQuery_USERINFO(user: string, channel: string, data: string | null): void {
    void channel;
    if (data !== null) this.quirkyMessage(`Why did ${user} send '${data}' with a USERINFO query?`);
    if (this.userinfo) this.ctcpMakeReply(user.split("!")[0]!, [["USERINFO", this.userinfo]]);
  }

  ctcpQuery_ERRMSG(user: string, channel: string, data: string | null): void {
    void channel;
    this.ctcpMakeReply(user.split("!")[0]!, [["ERRMSG", `${pyStr(data)} :No error has occurred.`]]);
  }

  /** CLIENTINFO: with no argument, the CTCP queries this client answers (its ctcpQuery_ methods), sorted. */
  ctcpQuery_CLIENTINFO(user: string, channel: string, data: string | null): void {
    void channel;
    const nick = user.split("!")[0]!;
    if (!data) {
      const names = new Set<string>();
      for (let proto = Object.getPrototypeOf(this); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const key of Object.getOwnPropertyNames(proto)) if (key.startsWith("ctcpQuery_") && key.length > 10) names.add(key.slice(10));
      }
      this.ctcpMakeReply(nick, [["CLIENTINFO", [...names].sort().join(" ")]]);
      return;
    }
    const tag = data.split(/\s+/).filter((w) => w !== "")[0] ?? "";
    if (typeof (this as unknown as Record<string, unknown>)[`ctcpQuery_${tag}`] !== "function") {
      this.ctcpMakeReply(nick, [["ERRMSG", `CLIENTINFO ${data} :Unknown query '${tag}'`]]);
      return;
    }
    // Twisted answers with the method's docstring; the engine's methods have none to send.
    this.ctcpMakeReply(nick, [["CLIENTINFO", null]]);
  }

  /** TIME: the local time, as Python's time.asctime() prints it (the reactor's clock, in UTC). */
  ctcpQuery_TIME(user: string, channel: string, data: string | null): void {
    void channel;
    if (data !== null) this.quirkyMessage(`Why did ${user} send '${data}' with a TIME query?`);
    this.ctcpMakeReply(user.split("!")[0]!, [["TIME", `:${asctime(reactor.seconds())}`]]);
  }

  /**
   * DCC: the engine makes no direct connections between clients, so every
   * DCC type is answered as Twisted answers an unknown one (ERRMSG).
   */
  ctcpQuery_DCC(user: string, channel: string, data: string | null): void {
    void channel;
    if (!data) return;
    const dcctype = (data.split(/\s+/).filter((w) => w !== "")[0] ?? "").toUpperCase();
    this.ctcpMakeReply(user.split("!")[0]!, [["ERRMSG", `DCC ${data} :Unknown DCC type '${dcctype}'`]]);
    this.quirkyMessage(`${user} offered unknown DCC type ${dcctype}`);
  }

  /** Measures the round trip to `user` with a CTCP PING (`pong` hears the answer); `text` is the key, random by default. */
  ping(user: string, text: string | null = null): void {
    const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    const key = text === null ? Array.from({ length: 12 }, () => chars[Math.floor(reactor.random() * chars.length)]).join("") : String(text);
    this._pings.set(`${user}\u0000${key}`, reactor.seconds());
    this.ctcpMakeQuery(user, [["PING", key]]);
    if (this._pings.size > this._MAX_PINGRING) {
      const oldest = [...this._pings.entries()].sort((a, b) => a[1] - b[1]).slice(0, this._pings.size - this._MAX_PINGRING);
      for (const [k] of oldest) this._pings.delete(k);
    }
  }

  _pings = new Map<string, number>();
  _MAX_PINGRING = 12;

  /** The answer to our ping(): pong(user, seconds). @throws IRCBadMessage for a PING we did not send (logged). */
  ctcpReply_PING(user: string, channel: string, data: string | null): void {
    void channel;
    const nick = user.split("!", 1)[0]!;
    const sent = this._pings.get(`${nick}\u0000${data}`);
    if (sent === undefined) throw new IRCBadMessage(`Bogus PING response from ${user}: ${pyStr(data)}`);
    this.pong(user, reactor.seconds() - sent);
  }

  /** Dispatches CTCP replies to `ctcpReply_TAG` methods, or ctcpUnknownReply. */
  ctcpReply(user: string, channel: string, messages: ExtendedMessage[]): void {
    for (const [tag, data] of messages) {
      const method = (this as unknown as Record<string, unknown>)[`ctcpReply_${tag}`];
      if (typeof method === "function") (method as CtcpHandler).call(this, user, channel, data);
      else this.ctcpUnknownReply(user, channel, tag, data);
    }
  }

  /** Hook: a CTCP reply nobody handles; logged. */
  ctcpUnknownReply(user: string, channel: string, tag: string, data: string | null): void {
    void channel;
    log.msg(`Unknown CTCP reply from ${user}: ${tag} ${pyStr(data)}\n`);
  }
}

function stripMotdDash(line: string): string {
  return line.startsWith("- ") ? line.slice(2) : line;
}
