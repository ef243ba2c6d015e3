/**
 * The commands of twisted.words.protocols.irc's IRCClient: what a client
 * sends (register, join, msg, ...), in Twisted's exact bytes, including
 * Twisted's splitting of long messages. Learners subclass IRCClient (irc.ts),
 * never this class.
 */
import { ValueError } from "../../python/builtins";
import { ServerSupportedFeatures } from "./irc-features";
import { first, pyStr } from "./irc-python";
import { ctcpStringify, split } from "./irc-text";
import { IRCClientHooks } from "./irc-client-hooks";

/** The longest line a server accepts, CRLF included. */
export const MAX_COMMAND_LENGTH = 512;
/** The characters a channel name may start with. */
export const CHANNEL_PREFIXES = "&#!+";

/** `#name` unless `channel` already starts with a channel prefix. */
function channelName(channel: string): string {
  return CHANNEL_PREFIXES.includes(first(channel)) ? channel : `#${channel}`;
}

/** IRCClient's commands: each sends one or more lines to the server. */
export class IRCClientCommands<F = any> extends IRCClientHooks<F> {
  /** Registers with the server (unless performLogin is off). */
  override connectionMade(): void {
    this.supported = new ServerSupportedFeatures();
    this._queue = [];
    if (this.performLogin) this.register(this.nickname);
  }

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
}
