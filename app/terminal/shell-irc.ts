/**
 * The shell's `irc` command: the IRC client (irc-client.ts) in the
 * foreground, joined to the simulated IRC network, its lines coloured.
 */
import { IrcClient } from "./irc-client";
import type { ShellConnection } from "./shell-host";
import { ShellSessions } from "./shell-sessions";

/** The shell's IRC client command. */
export abstract class ShellIrc extends ShellSessions {
  /**
   * `irc [NICK] [HOST [PORT]]`: joins the simulated IRC network as NICK
   * (learner by default) on irc.freenode.org:6667. Until /quit or Ctrl-C,
   * typed lines go to the IRC client and what the server says is printed.
   */
  protected startIrc(args: string[]): void {
    const [nick = "learner", host = "irc.freenode.org", portText = "6667"] = args;
    const port = Number(portText);
    if (!/^[A-Za-z[\]\\`_^{|}][\w[\]\\`^{|}-]{0,15}$/.test(nick) || !Number.isInteger(port) || port < 1 || port > 65535) {
      this.print(["usage: irc [NICK] [HOST [PORT]]   (NICK: letters, digits, _ or -, at most 16; default learner)"]);
      return this.prompt();
    }
    this.print([`-!- Connecting to ${host} port ${port} as ${nick}... (/help for commands, /quit or Ctrl-C to leave)`]);
    let connection: ShellConnection | null = null;
    let pending: string[] = [];
    const client = new IrcClient(nick, host, {
      send: (line) => (connection ? connection.send(`${line}\r\n`) : pending.push(line)),
      print: (lines) => {
        for (const line of lines) this.printAbove(line, ircStyle(line, client.nick));
      },
      ended: () => {
        if (this.irc?.client !== client) return;
        this.irc = null;
        this.line = "";
        this.redraw();
      },
    });
    connection = this.host.connect(host, port, {
      onConnected: () => client.connected(),
      onData: (data) => client.received(data),
      onClosed: () => client.closed(),
      onRefused: () => client.refused(port),
    });
    for (const line of pending) connection.send(`${line}\r\n`);
    pending = [];
    this.irc = { client, connection };
    this.redraw();
  }
}

/** The colour of an IRC line: private messages stand out, server notices recede, lines naming you are bold. */
function ircStyle(line: string, nick: string): string {
  if (/^\*[^*\s]+\* /.test(line) || line.startsWith("-> *")) return "\x1b[1;35m";
  if (line.startsWith("-!-") || / -!- /.test(line)) return "\x1b[38;2;154;164;184m";
  return line.toLowerCase().includes(nick.toLowerCase()) && !line.includes(`<${nick}>`) ? "\x1b[1m" : "";
}
