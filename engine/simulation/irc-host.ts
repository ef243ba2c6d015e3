/**
 * A small IRC server for simulated hosts (irc.freenode.org and friends in
 * the simulated Internet): registration with the numerics a real ircd sends
 * (001-005, the MOTD or 422, 433 for a taken nickname, 432 for a bad one),
 * channels with JOIN, PART, NAMES and TOPIC, PRIVMSG and NOTICE to users and
 * channels, PING, QUIT, NICK changes, and simulated users (alice, bob) who
 * sit in channels and talk when a lesson or a check tells them to. Every
 * line in and out is kept in a transcript with its virtual time. It is the
 * scenery the learner's IRC bot connects to, not twisted.words.
 */
import type { Protocol } from "../twisted/internet/protocol";
import { ServerFactory } from "../twisted/internet/protocol";
import { IrcConnection } from "./irc-connection";
import { CHANNEL_PATTERN, NICKLEN, NICK_PATTERN, ircLower } from "./irc-names";
import type { SimulatedHost } from "./simulated-host";
import { IrcUser, type IrcMember } from "./irc-users";

export { IrcUser, type IrcMember, type HeardMessage } from "./irc-users";
export { ircLower } from "./irc-names";

/** What an IRC server is like: channels and their simulated users, the MOTD, an optional password. */
export interface IrcNetworkSetup {
  /** The network's name in RPL_ISUPPORT (NETWORK=). */
  readonly network?: string;
  /** Lines of the message of the day; null sends 422 (no MOTD). */
  readonly motd?: readonly string[] | null;
  /** Simulated users and the channels they sit in: { alice: ["#twisted"] }. */
  readonly users?: Readonly<Record<string, readonly string[]>>;
  /** Channel topics: { "#twisted": "Twisted, the event-driven networking engine" }. */
  readonly topics?: Readonly<Record<string, string>>;
  /** When set, clients must send this PASS before registering (464 otherwise). */
  readonly password?: string | null;
}

/** One line the server received ("in") or sent ("out"), on one connection. */
export interface IrcTranscriptLine {
  readonly time: number;
  /** The connection's nickname when the line passed ("*" before NICK). */
  readonly nick: string;
  readonly direction: "in" | "out";
  readonly line: string;
}

/** A channel: its members in the order they joined (operators marked) and its topic. */
export interface IrcChannel {
  readonly name: string;
  readonly members: IrcMember[];
  readonly operators: Set<IrcMember>;
  topic: string;
}

const VERSION = "finger-ircd-1.0";
/** A message's parameters as a line: the last gets a colon when it has to (or always, with `trailing`). */
function paramsText(params: readonly string[], trailing = true): string {
  if (params.length === 0) return "";
  const last = params[params.length - 1]!;
  const head = params.slice(0, -1).map((p) => ` ${p}`).join("");
  return trailing || last === "" || last.includes(" ") || last.startsWith(":") ? `${head} :${last}` : `${head} ${last}`;
}

/** One IRC server on one host and port: its users, channels and transcript. */
export class IrcServer {
  readonly channels = new Map<string, IrcChannel>();
  readonly members = new Map<string, IrcMember>();
  readonly transcript: IrcTranscriptLine[] = [];
  /** Simulated users by nickname (lower case). */
  readonly users = new Map<string, IrcUser>();
  setup: IrcNetworkSetup;
  private readonly connections = new Set<IrcConnection>();
  private listening: { close(): void } | null = null;

  constructor(
    readonly host: SimulatedHost,
    setup: IrcNetworkSetup,
    readonly port: number,
  ) {
    this.setup = setup;
  }

  /** The server's name, as in the prefix of its numerics. */
  get name(): string {
    return this.host.name;
  }

  /** @internal Starts listening. */
  listen(): void {
    this.listening = this.host.listenTCP(this.port, new IrcFactory(this));
  }

  /** Listens again after stop() (simulated users and channels are as they were). */
  start(): void {
    if (!this.running) this.listen();
  }

  /** Sends client `nick` a PING, as servers do to idle clients; its PONG shows in the transcript. @returns false if no client uses that nickname. */
  ping(nick: string, token = this.name): boolean {
    const connection = [...this.connections].find((c) => ircLower(c.nick) === ircLower(nick));
    connection?.deliver(`PING :${token}`);
    return connection !== undefined;
  }

  /** Stops listening and drops every connection ("ERROR :Closing connection"); simulated users stay. */
  stop(): void {
    this.listening?.close();
    this.listening = null;
    for (const connection of [...this.connections]) connection.kill("Server going down");
  }

  /** True while it accepts connections. */
  get running(): boolean {
    return this.listening !== null;
  }

  /** Adds a simulated user (or returns the one of that name) and joins it to `channels`. */
  addUser(nick: string, channels: readonly string[] = []): IrcUser {
    const existing = this.users.get(ircLower(nick));
    const user = existing ?? new IrcUser(this, nick);
    if (!existing) {
      this.users.set(ircLower(nick), user);
      this.members.set(ircLower(nick), user);
    }
    for (const channel of channels) this.join(user, channel);
    return user;
  }

  /** The simulated user called `nick`. @throws Error if there is none. */
  user(nick: string): IrcUser {
    const found = this.users.get(ircLower(nick));
    if (!found) throw new Error(`no simulated IRC user named ${nick} on ${this.name}`);
    return found;
  }

  /** The member (client or simulated user) using `nick`, if any. */
  member(nick: string): IrcMember | undefined {
    return this.members.get(ircLower(nick));
  }

  /** The nicknames of the clients connected over TCP (registered or not), in connection order. */
  clientNicks(): string[] {
    return [...this.connections].map((c) => c.nick);
  }

  /** Drops the connection of client `nick` as a server kill does ("ERROR :Closing connection"). @returns false if there is none. */
  disconnect(nick: string, reason = "Killed by the server"): boolean {
    const connection = [...this.connections].find((c) => ircLower(c.nick) === ircLower(nick));
    connection?.kill(reason);
    return connection !== undefined;
  }

  /**
   * Writes `data` as it is (text or raw bytes, no CRLF added) to client
   * `nick`'s connection: for checks that feed a bot garbage.
   * @returns false if no client uses that nickname.
   */
  sendRaw(nick: string, data: string | Uint8Array): boolean {
    const connection = [...this.connections].find((c) => ircLower(c.nick) === ircLower(nick));
    connection?.writeRaw(data);
    return connection !== undefined;
  }

  /** `member`'s full prefix, nick!~user@host. */
  prefixOf(member: IrcMember): string {
    return `${member.nick}!~${member.username}@${member.hostname}`;
  }

  /** A numeric reply to `to`: ":server CODE nick params". */
  numeric(to: IrcMember, code: string, ...params: string[]): void {
    to.deliver(`:${this.name} ${code} ${to.nick || "*"}${paramsText(params)}`);
  }

  /** @internal Sends `line` to everyone in `member`'s channels (once each), and to `member` too when `self`. */
  toNeighbours(member: IrcMember, line: string, self: boolean): void {
    const sent = new Set<IrcMember>();
    if (self) {
      member.deliver(line);
      sent.add(member);
    }
    for (const channel of this.channels.values()) {
      if (!channel.members.includes(member)) continue;
      for (const other of channel.members) {
        if (sent.has(other)) continue;
        sent.add(other);
        other.deliver(line);
      }
    }
  }

  /** @internal JOIN: creates the channel if needed (its first member is an operator), echoes the JOIN, sends topic and names. */
  join(member: IrcMember, name: string): void {
    if (!CHANNEL_PATTERN.test(name)) {
      this.numeric(member, "403", name, "No such channel");
      return;
    }
    const key = ircLower(name);
    let channel = this.channels.get(key);
    if (!channel) {
      channel = { name, members: [], operators: new Set(), topic: this.setup.topics?.[name] ?? "" };
      this.channels.set(key, channel);
      channel.operators.add(member);
    }
    if (channel.members.includes(member)) return;
    channel.members.push(member);
    const line = `:${this.prefixOf(member)} JOIN :${channel.name}`;
    for (const other of channel.members) other.deliver(line);
    if (channel.topic) this.numeric(member, "332", channel.name, channel.topic);
    this.names(member, channel.name);
  }

  /** @internal PART: tells the channel (leaver included), then forgets an empty channel. */
  part(member: IrcMember, name: string, reason: string | null): void {
    const channel = this.channels.get(ircLower(name));
    if (!channel) return this.numeric(member, "403", name, "No such channel");
    if (!channel.members.includes(member)) return this.numeric(member, "442", channel.name, "You are not on that channel");
    const line = `:${this.prefixOf(member)} PART ${channel.name}${reason !== null ? ` :${reason}` : ""}`;
    for (const other of channel.members) other.deliver(line);
    this.leaveChannel(member, channel);
  }

  /** @internal 353 and 366 for `name`. */
  names(member: IrcMember, name: string): void {
    const channel = this.channels.get(ircLower(name));
    if (channel) {
      const nicks = channel.members.map((m) => (channel.operators.has(m) ? "@" : "") + m.nick).join(" ");
      this.numeric(member, "353", "=", channel.name, nicks);
    }
    this.numeric(member, "366", channel?.name ?? name, "End of NAMES list");
  }

  /** @internal PRIVMSG or NOTICE from `from` to a nickname or channel; errors only for PRIVMSG, as RFC 2812 asks. */
  message(from: IrcMember, command: "PRIVMSG" | "NOTICE", target: string, text: string): void {
    const line = `:${this.prefixOf(from)} ${command} ${target} :${text}`;
    if (target.startsWith("#") || target.startsWith("&")) {
      const channel = this.channels.get(ircLower(target));
      if (!channel) {
        if (command === "PRIVMSG") this.numeric(from, "401", target, "No such nick or channel name");
        return;
      }
      if (!channel.members.includes(from)) {
        if (command === "PRIVMSG") this.numeric(from, "404", channel.name, "Cannot send to channel");
        return;
      }
      for (const other of channel.members) if (other !== from) other.deliver(line);
      return;
    }
    const to = this.members.get(ircLower(target));
    if (!to || !to.registered) {
      if (command === "PRIVMSG") this.numeric(from, "401", target, "No such nick or channel name");
      return;
    }
    to.deliver(line);
  }

  /** @internal NICK after registration: tells the member and its channels. @returns false if the nick is taken or bad. */
  rename(member: IrcMember, nick: string): boolean {
    if (!NICK_PATTERN.test(nick)) {
      this.numeric(member, "432", nick, "Erroneous nickname");
      return false;
    }
    const holder = this.members.get(ircLower(nick));
    if (holder && holder !== member) {
      this.numeric(member, "433", nick, "Nickname already in use");
      return false;
    }
    this.toNeighbours(member, `:${this.prefixOf(member)} NICK :${nick}`, true);
    this.members.delete(ircLower(member.nick));
    member.nick = nick;
    this.members.set(ircLower(nick), member);
    return true;
  }

  /** @internal A member leaves the network: its channels hear QUIT, then it is forgotten. */
  quit(member: IrcMember, message: string): void {
    if (member.registered) this.toNeighbours(member, `:${this.prefixOf(member)} QUIT :${message}`, false);
    for (const channel of [...this.channels.values()]) if (channel.members.includes(member)) this.leaveChannel(member, channel);
    if (this.members.get(ircLower(member.nick)) === member) this.members.delete(ircLower(member.nick));
    if (member instanceof IrcUser) this.users.delete(ircLower(member.nick));
  }

  /** @internal */
  record(nick: string, direction: "in" | "out", line: string): void {
    this.transcript.push({ time: this.host.network.simulation.seconds(), nick: nick || "*", direction, line });
  }

  /** @internal */
  track(connection: IrcConnection, open: boolean): void {
    if (open) this.connections.add(connection);
    else this.connections.delete(connection);
  }

  /** @internal Runs `f` after `delay` seconds of virtual time, as the server's own I/O. */
  later(delay: number, f: () => void, label: string): void {
    this.host.network.simulation.scheduleIo(delay, f, label);
  }

  /** @internal Registration is complete: the welcome burst. */
  welcome(member: IrcMember): void {
    const network = this.setup.network ?? "SimNet";
    this.numeric(member, "001", `Welcome to the Internet Relay Network ${this.prefixOf(member)}`);
    this.numeric(member, "002", `Your host is ${this.name}, running version ${VERSION}`);
    this.numeric(member, "003", "This server has been started Mon Dec 07 2026 at 00:00:00 (UTC)");
    member.deliver(`:${this.name} 004 ${member.nick} ${this.name} ${VERSION} iorw biklmnoprstv`);
    this.numeric(
      member,
      "005",
      "RFC2812",
      "CASEMAPPING=rfc1459",
      "PREFIX=(ov)@+",
      "CHANTYPES=#&",
      "CHANMODES=b,k,l,imnpst",
      `NICKLEN=${NICKLEN}`,
      "CHANNELLEN=50",
      "TOPICLEN=490",
      `NETWORK=${network}`,
      "are supported on this server",
    );
    const clients = [...this.members.values()].filter((m) => m.registered).length;
    this.numeric(member, "251", `There are ${clients} users and 0 services on 1 servers`);
    if (this.channels.size) this.numeric(member, "254", String(this.channels.size), "channels formed");
    this.numeric(member, "255", `I have ${this.connections.size} users, 0 services and 0 servers`);
    const motd = this.setup.motd === undefined ? DEFAULT_MOTD : this.setup.motd;
    if (motd === null) {
      this.numeric(member, "422", "MOTD file is missing");
      return;
    }
    this.numeric(member, "375", `- ${this.name} message of the day`);
    for (const line of motd) this.numeric(member, "372", `- ${line}`);
    this.numeric(member, "376", "End of MOTD command");
  }

  private leaveChannel(member: IrcMember, channel: IrcChannel): void {
    channel.members.splice(channel.members.indexOf(member), 1);
    channel.operators.delete(member);
    if (channel.members.length === 0) this.channels.delete(ircLower(channel.name));
  }
}

const DEFAULT_MOTD: readonly string[] = ["Welcome to the simulated IRC network.", "Be nice; the bots are listening."];

class IrcFactory extends ServerFactory {
  override noisy = false;

  constructor(readonly server: IrcServer) {
    super();
  }

  override buildProtocol(): Protocol {
    const connection = new IrcConnection(this.server);
    connection.factory = this;
    return connection;
  }
}

const servers = new WeakMap<SimulatedHost, Map<number, IrcServer>>();

/**
 * Starts an IRC server on `host`:`port` (6667 by default) with `setup`'s
 * channels and simulated users, or returns the one already there. The host
 * becomes quiet: its server stays out of the program's log.
 * @throws CannotListenError if something else listens on that port.
 */
export function serveIrc(host: SimulatedHost, setup: IrcNetworkSetup = {}, port = 6667): IrcServer {
  let byPort = servers.get(host);
  if (!byPort) servers.set(host, (byPort = new Map()));
  const running = byPort.get(port);
  if (running) {
    if (!running.running) running.listen();
    return running;
  }
  host.quiet = true;
  const server = new IrcServer(host, setup, port);
  server.listen();
  byPort.set(port, server);
  for (const [nick, channels] of Object.entries(setup.users ?? {})) server.addUser(nick, channels);
  return server;
}

/** The IRC server serveIrc started on `host`:`port`, if any. */
export function ircServerOn(host: SimulatedHost, port = 6667): IrcServer | undefined {
  return servers.get(host)?.get(port);
}
