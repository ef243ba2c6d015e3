/**
 * The simulated people on a simulated IRC server: they sit in channels,
 * hear what is said to them or in their channels, and talk when a lesson or
 * a check tells them to (at once or after some virtual seconds). They live
 * inside the server, so they need no connection of their own; what they say
 * reaches TCP clients like anyone else's messages.
 */
import type { IrcServer } from "./irc-host";

/** Anyone on the server: a TCP client or a simulated user. */
export interface IrcMember {
  nick: string;
  username: string;
  realname: string;
  hostname: string;
  readonly registered: boolean;
  /** Sends one server line (without CRLF) to this member. */
  deliver(line: string): void;
}

/** A PRIVMSG, NOTICE or CTCP ACTION a simulated user heard. */
export interface HeardMessage {
  readonly time: number;
  /** The sender's nickname. */
  readonly from: string;
  /** The user's own nickname (a private message) or a channel. */
  readonly to: string;
  readonly kind: "privmsg" | "notice" | "action";
  readonly text: string;
}

/** What a simulated user does when it hears a message: return a reply for the sender (or nothing). */
export type IrcResponder = (message: HeardMessage, user: IrcUser) => string | null | undefined | void;

const ACTION = /^\u0001ACTION (.*)\u0001$/s;

/** A simulated person on the server. */
export class IrcUser implements IrcMember {
  username: string;
  realname: string;
  hostname = "users.sim";
  readonly registered = true;
  /** Every line the server sent this user, oldest first. */
  readonly lines: string[] = [];
  /** The messages it heard, oldest first. */
  readonly heard: HeardMessage[] = [];
  /** Replies to what it hears, if set (private messages are answered privately, channel ones in the channel). */
  responder: IrcResponder | null = null;

  constructor(
    private readonly server: IrcServer,
    public nick: string,
  ) {
    this.username = nick.toLowerCase().slice(0, 9);
    this.realname = nick;
  }

  deliver(line: string): void {
    this.lines.push(line);
    const match = /^:([^! ]+)\S* (PRIVMSG|NOTICE) (\S+) :(.*)$/s.exec(line);
    if (!match) return;
    const [, from, command, to, text] = match as unknown as [string, string, string, string, string];
    const action = command === "PRIVMSG" ? ACTION.exec(text) : null;
    const message: HeardMessage = {
      time: this.server.host.network.simulation.seconds(),
      from,
      to,
      kind: action ? "action" : command === "PRIVMSG" ? "privmsg" : "notice",
      text: action ? action[1]! : text,
    };
    this.heard.push(message);
    // Never answer a NOTICE automatically (RFC 2812), nor ourselves.
    if (!this.responder || message.kind === "notice" || from === this.nick) return;
    const reply = this.responder(message, this);
    if (typeof reply === "string") this.say(to.startsWith("#") || to.startsWith("&") ? to : from, reply);
  }

  /** Sends a PRIVMSG to a nickname or channel, now or `after` virtual seconds. */
  say(target: string, text: string, after = 0): void {
    this.act(after, `says to ${target}`, () => this.server.message(this, "PRIVMSG", target, text));
  }

  /** Sends a NOTICE. */
  notice(target: string, text: string, after = 0): void {
    this.act(after, `notices ${target}`, () => this.server.message(this, "NOTICE", target, text));
  }

  /** Does a CTCP ACTION ("/me waves"). */
  describe(target: string, action: string, after = 0): void {
    this.act(after, `acts in ${target}`, () => this.server.message(this, "PRIVMSG", target, `\u0001ACTION ${action}\u0001`));
  }

  /** Joins a channel. */
  join(channel: string, after = 0): void {
    this.act(after, `joins ${channel}`, () => this.server.join(this, channel));
  }

  /** Leaves a channel. */
  part(channel: string, reason: string | null = null, after = 0): void {
    this.act(after, `leaves ${channel}`, () => this.server.part(this, channel, reason));
  }

  /** Changes nickname. */
  rename(nick: string, after = 0): void {
    this.act(after, `renames to ${nick}`, () => void this.server.rename(this, nick));
  }

  /** Leaves the network. */
  quit(message = "Leaving", after = 0): void {
    this.act(after, "quits", () => this.server.quit(this, message));
  }

  /** The private messages it received from `nick` (texts only), oldest first. */
  heardFrom(nick: string): string[] {
    return this.heard.filter((m) => m.from.toLowerCase() === nick.toLowerCase() && m.to === this.nick).map((m) => m.text);
  }

  private act(after: number, label: string, f: () => void): void {
    if (after > 0) this.server.later(after, f, `${this.nick} ${label}`);
    else f();
  }
}
