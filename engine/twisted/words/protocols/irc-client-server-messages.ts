/**
 * The server-message handlers of twisted.words.protocols.irc's IRCClient:
 * one `irc_COMMAND` method per message Twisted understands (numerics by their
 * RFC names), each turning a parsed message into a hook call or an answer.
 * Learners subclass IRCClient (irc.ts), never this class.
 */
import { Failure } from "../../python/failure";
import * as log from "../../python/log";
import { IRCBadModes, parseModes } from "./irc-modes";
import { at, first } from "./irc-python";
import { IRCPasswordMismatch, ctcpExtract, X_DELIM, type ExtendedMessage } from "./irc-text";
import { IRCClientCommands } from "./irc-client-commands";

/**
 * IRCClient's `irc_COMMAND` handlers. CTCP found in a PRIVMSG or NOTICE goes
 * to ctcpQuery or ctcpReply, which IRCClient defines.
 */
export abstract class IRCServerMessageHandlers<F = any> extends IRCClientCommands<F> {

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

  /** Answers CTCP queries found in a PRIVMSG (IRCClient's ctcpQuery_TAG methods). */
  abstract ctcpQuery(user: string, channel: string, messages: ExtendedMessage[]): void;

  /** Hears CTCP replies found in a NOTICE (IRCClient's ctcpReply_TAG methods). */
  abstract ctcpReply(user: string, channel: string, messages: ExtendedMessage[]): void;
}

function stripMotdDash(line: string): string {
  return line.startsWith("- ") ? line.slice(2) : line;
}
