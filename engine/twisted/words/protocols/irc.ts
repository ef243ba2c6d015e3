/**
 * twisted.words.protocols.irc: the IRC client protocol. Subclass IRCClient,
 * set `nickname`, and override the hooks (signedOn, joined, privmsg, ...);
 * call msg, join, leave, describe, notice to act. The bytes on the wire are
 * Twisted's: NICK then USER on connect, lines ended by CRLF, long messages
 * split as Twisted splits them, PING answered with PONG, a taken nickname
 * retried with "_" appended.
 */
import { reactor } from "../../internet/reactor";
import * as log from "../../python/log";
import { asctime, pyRepr, pyStr } from "./irc-python";
import { IRCBadMessage, type ExtendedMessage } from "./irc-text";
import { IRCServerMessageHandlers } from "./irc-client-server-messages";

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
export { CHANNEL_PREFIXES, MAX_COMMAND_LENGTH } from "./irc-client-commands";

type CtcpHandler = (user: string, channel: string, data: string | null) => void;

/**
 * An IRC client. On connect it registers (PASS if `password` is set, NICK,
 * USER); `signedOn` runs when the server welcomes it. Server messages are
 * dispatched to `irc_COMMAND` methods (numerics by their RFC names,
 * `irc_RPL_WELCOME`), which call the hooks below. A line that cannot be
 * parsed is logged (badMessage); an error in a handler is logged and the
 * connection carries on.
 *
 * The class is built in layers, one job each: sending and receiving lines
 * (irc-client-lines.ts), the hooks to override (irc-client-hooks.ts), the
 * commands to call (irc-client-commands.ts), the server-message handlers
 * (irc-client-server-messages.ts); CTCP is answered here.
 */
export class IRCClient<F = any> extends IRCServerMessageHandlers<F> {
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
