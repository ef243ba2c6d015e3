/**
 * One client connected to a simulated IRC server over TCP: it reads lines
 * (LF or CRLF, at most 512 bytes), registers (PASS, NICK, USER), then runs
 * its commands against the server (JOIN, PART, PRIVMSG, NOTICE, NAMES,
 * TOPIC, MODE, WHOIS, AWAY, PING, QUIT), answering with numerics. A client
 * that floods it is closed, as ircds do.
 */
import { Protocol } from "../twisted/internet/protocol";
import type { IrcServer } from "./irc-host";
import { FLOOD_LINES, MAX_LINE, NICK_PATTERN, ircLower } from "./irc-names";
import type { IrcMember } from "./irc-users";

/** Splits a client line as an ircd does: optional prefix, command, middle parameters, trailing. */
function parseClientLine(line: string): { command: string; params: string[] } | null {
  let rest = line.replace(/^ +/, "");
  if (rest.startsWith(":")) {
    const space = rest.indexOf(" ");
    if (space < 0) return null;
    rest = rest.slice(space + 1);
  }
  const params: string[] = [];
  const trailingAt = rest.indexOf(" :");
  let trailing: string | null = null;
  if (rest.startsWith(":")) return null;
  if (trailingAt >= 0) {
    trailing = rest.slice(trailingAt + 2);
    rest = rest.slice(0, trailingAt);
  }
  const words = rest.split(" ").filter((w) => w !== "");
  const command = words.shift();
  if (!command) return null;
  params.push(...words);
  if (trailing !== null) params.push(trailing);
  return { command: command.toUpperCase(), params };
}

/** One client connected over TCP: registration, then its commands. */
export class IrcConnection extends Protocol implements IrcMember {
  nick = "";
  username = "";
  realname = "";
  hostname = "";
  registered = false;
  private passwordOk: boolean;
  private buffer = "";
  private closing = false;
  private floodSecond = -1;
  private floodLines = 0;

  constructor(private readonly server: IrcServer) {
    super();
    this.passwordOk = !server.setup.password;
  }

  override connectionMade(): void {
    this.hostname = this.transport!.getPeer().host;
    this.server.track(this, true);
  }

  override connectionLost(): void {
    this.server.track(this, false);
    if (!this.closing) this.server.quit(this, "Connection closed");
    else this.server.quit(this, "");
  }

  deliver(line: string): void {
    if (this.closing || !this.transport) return;
    this.server.record(this.nick, "out", line);
    this.transport.write(`${line}\r\n`);
  }

  /** Writes `data` unchanged, recorded in the transcript as text. */
  writeRaw(data: string | Uint8Array): void {
    if (this.closing || !this.transport) return;
    this.server.record(this.nick, "out", typeof data === "string" ? data : String.fromCharCode(...data));
    this.transport.write(data);
  }

  /** Closes the link with an ERROR line, as a server kill or shutdown does. */
  kill(reason: string): void {
    if (this.closing) return;
    this.deliver(`ERROR :Closing connection: ${reason}`);
    this.closing = true;
    this.server.quit(this, reason);
    this.transport?.loseConnection();
  }

  override dataReceived(data: string): void {
    this.buffer += data;
    let end: number;
    while (!this.closing && (end = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, "").slice(0, MAX_LINE - 2);
      this.buffer = this.buffer.slice(end + 1);
      this.server.record(this.nick, "in", line);
      const second = Math.floor(this.server.host.network.simulation.seconds());
      if (second !== this.floodSecond) [this.floodSecond, this.floodLines] = [second, 0];
      if (++this.floodLines > FLOOD_LINES) return this.kill("Excess Flood");
      this.command(line);
    }
    if (this.buffer.length > 8192) this.kill("Request too long");
  }

  private command(line: string): void {
    const parsed = parseClientLine(line);
    if (!parsed) return;
    const { command, params } = parsed;
    const server = this.server;
    if (command === "PASS") {
      if (this.registered) return server.numeric(this, "462", "Connection already registered");
      this.passwordOk = !server.setup.password || params[0] === server.setup.password;
      return;
    }
    if (command === "NICK") return this.setNick(params[0]);
    if (command === "USER") {
      if (this.registered) return server.numeric(this, "462", "Connection already registered");
      if (params.length < 4) return server.numeric(this, "461", "USER", "Syntax error");
      this.username = params[0]!.replace(/[^A-Za-z0-9._-]/g, "").slice(0, 9) || "user";
      this.realname = params[3]!;
      return this.maybeRegister();
    }
    if (command === "QUIT") {
      this.deliver(`ERROR :Closing connection`);
      this.closing = true;
      server.quit(this, params[0] ?? "");
      this.transport?.loseConnection();
      return;
    }
    if (command === "PING") {
      if (params.length === 0) return server.numeric(this, "409", "No origin specified");
      return this.deliver(`:${server.name} PONG ${server.name} :${params[params.length - 1]}`);
    }
    if (command === "PONG") return;
    if (!this.registered) return server.numeric(this, "451", "Connection not registered");
    switch (command) {
      case "JOIN":
        if (params.length === 0) return server.numeric(this, "461", "JOIN", "Syntax error");
        if (params[0] === "0") {
          for (const channel of [...server.channels.values()]) if (channel.members.includes(this)) server.part(this, channel.name, null);
          return;
        }
        for (const name of params[0]!.split(",")) server.join(this, name);
        return;
      case "PART":
        if (params.length === 0) return server.numeric(this, "461", "PART", "Syntax error");
        for (const name of params[0]!.split(",")) server.part(this, name, params[1] ?? null);
        return;
      case "PRIVMSG":
      case "NOTICE":
        if (params.length === 0) return command === "PRIVMSG" ? server.numeric(this, "411", `No recipient given (${command})`) : undefined;
        if (params.length < 2 || params[1] === "") return command === "PRIVMSG" ? server.numeric(this, "412", "No text to send") : undefined;
        for (const target of params[0]!.split(",")) server.message(this, command, target, params[1]!);
        return;
      case "NAMES":
        if (params.length === 0) return server.numeric(this, "366", "*", "End of NAMES list");
        for (const name of params[0]!.split(",")) server.names(this, name);
        return;
      case "TOPIC":
        return this.topic(params);
      case "MODE":
        return this.mode(params);
      case "WHOIS":
        return this.whois(params[params.length - 1]);
      case "AWAY":
        return params[0] ? server.numeric(this, "306", "You have been marked as being away") : server.numeric(this, "305", "You are no longer marked as being away");
      default:
        return server.numeric(this, "421", command, "Unknown command");
    }
  }

  private setNick(nick: string | undefined): void {
    const server = this.server;
    if (!nick) return server.numeric(this, "431", "No nickname given");
    if (this.registered) {
      server.rename(this, nick);
      return;
    }
    if (!NICK_PATTERN.test(nick)) return server.numeric(this, "432", nick, "Erroneous nickname");
    const holder = server.member(nick);
    if (holder && holder !== this) return server.numeric(this, "433", nick, "Nickname already in use");
    if (this.nick && server.member(this.nick) === this) server.members.delete(ircLower(this.nick));
    this.nick = nick;
    server.members.set(ircLower(nick), this);
    this.maybeRegister();
  }

  private maybeRegister(): void {
    if (this.registered || !this.nick || !this.username) return;
    if (!this.passwordOk) {
      this.server.numeric(this, "464", "Password incorrect");
      this.kill("Bad password");
      return;
    }
    this.registered = true;
    this.server.welcome(this);
  }

  private topic(params: string[]): void {
    const server = this.server;
    if (params.length === 0) return server.numeric(this, "461", "TOPIC", "Syntax error");
    const channel = server.channels.get(ircLower(params[0]!));
    if (!channel) return server.numeric(this, "403", params[0]!, "No such channel");
    if (params.length === 1) {
      return channel.topic ? server.numeric(this, "332", channel.name, channel.topic) : server.numeric(this, "331", channel.name, "No topic is set");
    }
    if (!channel.members.includes(this)) return server.numeric(this, "442", channel.name, "You are not on that channel");
    channel.topic = params[1]!;
    const line = `:${server.prefixOf(this)} TOPIC ${channel.name} :${channel.topic}`;
    for (const other of channel.members) other.deliver(line);
  }

  private mode(params: string[]): void {
    const server = this.server;
    if (params.length === 0) return server.numeric(this, "461", "MODE", "Syntax error");
    const target = params[0]!;
    const channel = server.channels.get(ircLower(target));
    if (channel) return server.numeric(this, "324", channel.name, "+nt");
    if (ircLower(target) === ircLower(this.nick)) {
      if (params.length === 1) return server.numeric(this, "221", "+");
      return this.deliver(`:${this.nick} MODE ${this.nick} :${params[1]}`);
    }
    return server.numeric(this, "401", target, "No such nick or channel name");
  }

  private whois(nick: string | undefined): void {
    const server = this.server;
    if (!nick) return server.numeric(this, "431", "No nickname given");
    const who = server.member(nick);
    if (who?.registered) server.numeric(this, "311", who.nick, `~${who.username}`, who.hostname, "*", who.realname);
    else server.numeric(this, "401", nick, "No such nick or channel name");
    server.numeric(this, "318", who?.nick ?? nick, "End of WHOIS list");
  }
}
