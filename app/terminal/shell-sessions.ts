/**
 * The shell's nc and telnet connections: opening one in the foreground or as
 * a background job, `clients` (many at once), `fg`, `jobs`, and what is
 * printed when one ends.
 */
import { ShellScreen, type Session } from "./shell-screen";
import { CRLF, toTerminal } from "./shell-text";

/** The shell's connections and jobs. */
export abstract class ShellSessions extends ShellScreen {
  /** `fg`, `fg %2`, `fg 2`: the background client comes back to the foreground. */
  protected bringToForeground(which: string | undefined): void {
    const session = this.findJob(which);
    if (!session) {
      this.print([which ? `fg: ${which}: no such job` : "fg: no current job"]);
      return this.prompt();
    }
    session.background = false;
    this.foreground = session;
    this.print([session.command]);
  }

  protected findJob(which: string | undefined): Session | null {
    const background = [...this.sessions.values()].filter((session) => session.background);
    if (which === undefined) return background.at(-1) ?? null;
    const id = Number(which.replace(/^%/, ""));
    return background.find((session) => session.id === id) ?? null;
  }

  /** Opens N background connections at once, each sending one line: concurrency made visible. */
  protected manyClients(args: string[]): void {
    const [countText, portText, ...words] = args;
    const count = Number(countText);
    const port = Number(portText);
    if (!Number.isInteger(count) || count < 1 || count > 20 || !Number.isInteger(port)) {
      this.print(["usage: clients N PORT [TEXT]   (N from 1 to 20)"]);
      return this.prompt();
    }
    const text = words.join(" ") || "moshez";
    for (let i = 0; i < count; i++) {
      const id = this.nextSessionId++;
      let received = "";
      const connection = this.host.connect("localhost", port, {
        onConnected: () => connection.send(`${text}\r\n`),
        onData: (data) => (received += data),
        onClosed: () => this.printAbove(`[${id}] ${JSON.stringify(received)} then closed`),
        onRefused: () => this.printAbove(`[${id}] connection refused`),
      });
    }
    this.print([`${count} clients connecting to port ${port}, each sending ${JSON.stringify(text)}`]);
    this.prompt();
  }

  /**
   * Connects, in the foreground or the background. With `input` (from a
   * pipe), sends it as soon as the connection opens, and typed lines go nowhere.
   */
  protected connect(tool: "nc" | "telnet", args: string[], background: boolean, command: string, input?: string): void {
    const positional = args.filter((arg) => !arg.startsWith("-"));
    const [host, portText] = positional;
    const port = Number(portText);
    if (!host || !portText || !Number.isInteger(port) || port < 1 || port > 65535) {
      this.print([tool === "nc" ? "usage: nc HOST PORT" : "usage: telnet HOST PORT"]);
      return this.prompt();
    }
    const id = this.nextSessionId++;
    if (tool === "telnet") this.print([`Trying ${host === "localhost" ? "127.0.0.1" : host}...`]);
    let session: Session | null = null;
    const connection = this.host.connect(host, port, {
      onConnected: () => {
        if (!session) return;
        if (input) connection.send(input);
        // nc -N: at the end of its input, nc closes its sending half (shutdown), and still reads the answer.
        if (input !== undefined && tool === "nc" && args.includes("-N")) connection.halfClose();
        if (tool === "telnet") this.printAbove(`Connected to ${host}.\r\nEscape character is '^]'.`);
        if (session.background) this.printAbove(`[${id}] connected to ${host} ${port}`);
      },
      onData: (text) => {
        if (!session) return;
        if (session.background) this.printAbove(`[${id}] ${text.replace(/\r?\n$/, "")}`);
        else this.write(toTerminal(text));
      },
      onClosed: () => this.sessionEnded(session, tool === "telnet" ? "Connection closed by foreign host." : null),
      onRefused: () =>
        this.sessionEnded(
          session,
          tool === "telnet"
            ? "telnet: Unable to connect to remote host: Connection refused"
            : `nc: connect to ${host} port ${port} (tcp) failed: Connection refused`,
        ),
    });
    session = { id, tool, host, port, connection, command, piped: input !== undefined, background, open: true };
    this.sessions.set(id, session);
    if (background) {
      this.print([`[${id}] ${tool} ${host} ${port}`]);
      this.prompt();
    } else {
      this.foreground = session;
    }
  }

  protected sessionEnded(session: Session | null, message: string | null): void {
    if (!session || !session.open) return;
    session.open = false;
    this.sessions.delete(session.id);
    if (this.foreground === session) {
      this.foreground = null;
      if (message) this.write(`\r\x1b[2K${message}${CRLF}`);
      this.line = "";
      this.prompt();
    } else {
      this.printAbove(`[${session.id}] done${message ? `: ${message}` : ""}`);
    }
  }

  protected jobLines(): string[] {
    const open = [...this.sessions.values()].filter((s) => s.background);
    if (open.length === 0) return ["no background connections"];
    return open.map((s) => `[${s.id}]  Running                 ${s.command}`);
  }
}
