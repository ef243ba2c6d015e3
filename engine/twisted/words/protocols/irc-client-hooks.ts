/**
 * The hooks of twisted.words.protocols.irc's IRCClient: the methods a learner
 * overrides to hear what happens (signedOn, joined, privmsg, ...). Each does
 * nothing here, except nickChanged, which records the new nickname. Learners
 * subclass IRCClient (irc.ts), never this class.
 */
import { IRCLineClient } from "./irc-client-lines";

/** IRCClient's overridable hooks, called by its server-message handlers. */
export class IRCClientHooks<F = any> extends IRCLineClient<F> {

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
}
