/**
 * The terminal's `irc` command: a small IRC client, in the spirit of irssi,
 * that speaks real IRC over one of the shell's TCP connections (to the
 * simulated irc.freenode.org), so a learner can join #twisted and talk to
 * their own bot. It knows the wire, not the terminal: it is given lines from
 * the server and lines the learner typed, and says what to send and what to
 * print.
 *
 *   /join #twisted     /part      /msg fingerbot moshez    /me waves
 *   /nick NAME         /names     /quit [MESSAGE]          /help
 *   anything else      said in the current channel
 */

/** One server line taken apart: `:prefix COMMAND param param :trailing`. */
export interface IrcLine {
  readonly prefix: string;
  readonly command: string;
  readonly params: string[];
}

/** Parses one IRC line (without CRLF). */
export function parseIrcLine(line: string): IrcLine {
  let rest = line;
  let prefix = "";
  if (rest.startsWith(":")) {
    const space = rest.indexOf(" ");
    prefix = space < 0 ? rest.slice(1) : rest.slice(1, space);
    rest = space < 0 ? "" : rest.slice(space + 1);
  }
  const params: string[] = [];
  const trailingAt = rest.indexOf(" :");
  let trailing: string | null = null;
  if (rest.startsWith(":")) {
    trailing = rest.slice(1);
    rest = "";
  } else if (trailingAt >= 0) {
    trailing = rest.slice(trailingAt + 2);
    rest = rest.slice(0, trailingAt);
  }
  params.push(...rest.split(" ").filter(Boolean));
  if (trailing !== null) params.push(trailing);
  const command = (params.shift() ?? "").toUpperCase();
  return { prefix, command, params };
}

/** The nickname in a `nick!user@host` prefix. */
function nickOf(prefix: string): string {
  return prefix.split("!")[0]!;
}

const ACTION = /^\u0001ACTION (.*)\u0001$/s;
const CTCP = /^\u0001([^\u0001]*)\u0001$/s;

/** What the client needs from the terminal and the connection. */
export interface IrcClientHooks {
  /** Sends one line to the server (the client adds nothing; the hook adds CRLF). */
  send(line: string): void;
  /** Prints lines above the prompt. */
  print(lines: string[]): void;
  /** The session is over (after /quit, or when the server closed the link). */
  ended(): void;
}

export const IRC_HELP = [
  "/join #CHANNEL   join a channel (try #twisted)",
  "/msg NICK TEXT   a private message (try /msg fingerbot moshez)",
  "/me ACTION       an action in the current channel",
  "/part           leave the current channel",
  "/names          who is in the current channel",
  "/nick NAME       change your nickname",
  "/quit           leave IRC (Ctrl-C too)",
  "Other text is said in the current channel.",
];

/** An IRC session: registration, channels, messages, PING. */
export class IrcClient {
  /** The nickname the server knows us by (or the one we asked for). */
  nick: string;
  /** Channels we are in, in the order we joined them. */
  readonly channels: string[] = [];
  /** Where plain text goes: the channel joined last. */
  current: string | null = null;
  /** QUIT was sent: the server should close the link. */
  quitting = false;
  private buffer = "";
  private registered = false;
  private done = false;

  constructor(
    nick: string,
    readonly server: string,
    private readonly hooks: IrcClientHooks,
  ) {
    this.nick = nick;
  }

  /** The prompt before the learner's text: the current channel, or the server's window. */
  get prompt(): string {
    return `[${this.current ?? this.server}] `;
  }

  /** The TCP connection is open: register, as any client does (NICK, then USER). */
  connected(): void {
    this.hooks.send(`NICK ${this.nick}`);
    this.hooks.send(`USER ${this.nick.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 9) || "learner"} 0 * :Learner in the finger course`);
  }

  /** Bytes from the server: complete lines are handled, a partial one waits. */
  received(data: string): void {
    this.buffer += data;
    let end: number;
    while ((end = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, "");
      this.buffer = this.buffer.slice(end + 1);
      if (line) this.handle(parseIrcLine(line));
    }
  }

  /** The connection closed (the server dropped us, or after our QUIT). */
  closed(): void {
    if (this.done) return;
    this.done = true;
    this.hooks.print([`-!- Disconnected from ${this.server}.`]);
    this.hooks.ended();
  }

  /** The connection was refused. */
  refused(port: number): void {
    if (this.done) return;
    this.done = true;
    this.hooks.print([`-!- Could not connect to ${this.server} port ${port}: Connection refused.`]);
    this.hooks.ended();
  }

  /** Leaves the network: QUIT, and the server closes the link. */
  quit(message = "Leaving"): void {
    this.quitting = true;
    this.hooks.send(`QUIT :${message}`);
  }

  /** A line the learner typed. */
  typed(text: string): void {
    if (!text.trim()) return;
    if (!text.startsWith("/")) return this.say(text);
    const [command = "", ...words] = text.slice(1).split(" ");
    const rest = words.join(" ").trim();
    switch (command.toLowerCase()) {
      case "join":
      case "j":
        if (!rest) return this.hooks.print(["-!- usage: /join #CHANNEL"]);
        return this.hooks.send(`JOIN ${rest.startsWith("#") || rest.startsWith("&") ? rest : `#${rest}`}`);
      case "part":
      case "leave": {
        const channel = rest || this.current;
        if (!channel) return this.hooks.print(["-!- You are in no channel."]);
        return this.hooks.send(`PART ${channel}`);
      }
      case "msg":
      case "query": {
        const [target = "", ...message] = words;
        if (!target || message.length === 0) return this.hooks.print(["-!- usage: /msg NICK TEXT"]);
        this.hooks.send(`PRIVMSG ${target} :${message.join(" ")}`);
        return this.hooks.print([`-> *${target}* ${message.join(" ")}`]);
      }
      case "me":
        if (!this.current) return this.hooks.print(["-!- Join a channel first: /join #twisted"]);
        this.hooks.send(`PRIVMSG ${this.current} :\u0001ACTION ${rest}\u0001`);
        return this.hooks.print([`[${this.current}] * ${this.nick} ${rest}`]);
      case "nick":
        if (!rest) return this.hooks.print(["-!- usage: /nick NAME"]);
        return this.hooks.send(`NICK ${rest}`);
      case "names":
      case "who":
        if (!(rest || this.current)) return this.hooks.print(["-!- Join a channel first: /join #twisted"]);
        return this.hooks.send(`NAMES ${rest || this.current}`);
      case "quit":
      case "exit":
        return this.quit(rest || "Leaving");
      case "help":
        return this.hooks.print(IRC_HELP);
      default:
        return this.hooks.print([`-!- Unknown command /${command}. Type /help for the commands.`]);
    }
  }

  private say(text: string): void {
    if (!this.current) {
      this.hooks.print(["-!- You are in no channel: /join #twisted to talk there, or /msg NICK TEXT to talk to one person."]);
      return;
    }
    this.hooks.send(`PRIVMSG ${this.current} :${text}`);
    this.hooks.print([`[${this.current}] <${this.nick}> ${text}`]);
  }

  private handle(message: IrcLine): void {
    const { prefix, command, params } = message;
    const from = nickOf(prefix);
    const last = params[params.length - 1] ?? "";
    switch (command) {
      case "PING":
        this.hooks.send(`PONG :${last}`);
        return;
      case "001":
        this.registered = true;
        this.nick = params[0] ?? this.nick;
        this.hooks.print([`-!- ${last}`, "-!- Type /join #twisted, or /msg fingerbot moshez; /help lists the commands."]);
        return;
      case "433":
        // Before registering, take another nickname as clients do; after, keep the old one.
        this.hooks.print([`-!- Nickname ${params[1]} is already in use.`]);
        if (!this.registered) {
          this.nick = `${params[1] ?? this.nick}_`;
          this.hooks.send(`NICK ${this.nick}`);
        }
        return;
      case "JOIN": {
        const channel = last;
        if (from.toLowerCase() === this.nick.toLowerCase()) {
          if (!this.channels.includes(channel)) this.channels.push(channel);
          this.current = channel;
          this.hooks.print([`-!- You have joined ${channel}`]);
        } else this.hooks.print([`[${channel}] -!- ${from} has joined`]);
        return;
      }
      case "PART": {
        const channel = params[0] ?? "";
        if (from.toLowerCase() === this.nick.toLowerCase()) {
          const index = this.channels.findIndex((c) => c.toLowerCase() === channel.toLowerCase());
          if (index >= 0) this.channels.splice(index, 1);
          this.current = this.channels.at(-1) ?? null;
          this.hooks.print([`-!- You have left ${channel}`]);
        } else this.hooks.print([`[${channel}] -!- ${from} has left${params[1] ? ` (${params[1]})` : ""}`]);
        return;
      }
      case "QUIT":
        this.hooks.print([`-!- ${from} has quit (${last})`]);
        return;
      case "NICK":
        if (from.toLowerCase() === this.nick.toLowerCase()) {
          this.nick = last;
          this.hooks.print([`-!- You are now known as ${last}`]);
        } else this.hooks.print([`-!- ${from} is now known as ${last}`]);
        return;
      case "PRIVMSG":
      case "NOTICE":
        return this.message(command, from || this.server, params[0] ?? "", last);
      case "332":
        this.hooks.print([`[${params[1]}] -!- Topic: ${last}`]);
        return;
      case "353":
        this.hooks.print([`[${params[2]}] -!- Here: ${last}`]);
        return;
      case "ERROR":
        this.hooks.print([`-!- ${last}`]);
        return;
      case "366":
      case "002":
      case "003":
      case "004":
      case "005":
      case "251":
      case "254":
      case "255":
      case "375":
      case "372":
      case "376":
      case "422":
        // Registration details and the message of the day: a real client shows them; here they would bury the chat.
        return;
      default:
        // Other numerics are errors or replies worth seeing: "401 learner fingerbot :No such nick".
        if (/^\d{3}$/.test(command)) this.hooks.print([`-!- ${params.slice(1).join(" ")}`]);
    }
  }

  private message(command: "PRIVMSG" | "NOTICE", from: string, target: string, text: string): void {
    const toChannel = target.startsWith("#") || target.startsWith("&");
    const action = ACTION.exec(text);
    if (action) {
      this.hooks.print([toChannel ? `[${target}] * ${from} ${action[1]}` : `* ${from} ${action[1]} (privately)`]);
      return;
    }
    const ctcp = CTCP.exec(text);
    if (ctcp) {
      if (command === "PRIVMSG" && ctcp[1] === "VERSION") this.hooks.send(`NOTICE ${from} :\u0001VERSION finger-course irc 1.0\u0001`);
      return;
    }
    if (command === "NOTICE") this.hooks.print([`-${from}${toChannel ? `:${target}` : ""}- ${text}`]);
    else if (toChannel) this.hooks.print([`[${target}] <${from}> ${text}`]);
    else this.hooks.print([`*${from}* ${text}`]);
  }
}
