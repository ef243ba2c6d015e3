/**
 * Test support for real IRC: Debian's ngircd started on 127.0.0.1 (a free
 * port, a config file in a temp directory, in the foreground, in its own
 * process group that stop() ends), and a plain line-oriented IRC client
 * written with node:net. Every wait is bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

export const NGIRCD = "/usr/sbin/ngircd";
export const haveNgircd = fs.existsSync(NGIRCD);

/** A line-oriented IRC client: send lines, wait (bounded) for a line that matches. */
export class IrcPeer {
  readonly lines: string[] = [];
  private buffer = "";
  private readonly waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf("\r\n")) >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.lines.push(line);
        if (line.startsWith("PING ")) this.send(`PONG ${line.slice(5)}`);
        for (const waiter of [...this.waiters]) {
          if (waiter.test(line)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      }
    });
    socket.on("error", () => undefined);
  }

  static connect(port: number): Promise<IrcPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(new IrcPeer(socket)));
      socket.once("error", reject);
    });
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** The first line (already received or still to come) matching `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs = 20000, from = 0): Promise<string> {
    const seen = this.lines.slice(from).find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        test: (line: string) => pattern.test(line),
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; got:\n${this.lines.join("\n")}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Starts ngircd in the foreground in its own process group, and waits until it accepts connections. */
export async function startNgircd(dir: string, port: number): Promise<{ child: ChildProcess; log: () => string; stop: () => Promise<void> }> {
  const config = path.join(dir, "ngircd.conf");
  fs.writeFileSync(
    config,
    [
      "[Global]",
      "\tName = irc.test.local",
      "\tInfo = Evolution of Finger test server",
      "\tAdminInfo1 = Finger tests",
      "\tAdminInfo2 = Localhost",
      "\tAdminEMail = nobody@localhost",
      "\tListen = 127.0.0.1",
      `\tPorts = ${port}`,
      '\tMotdPhrase = "Hello from the finger test"',
      `\tPidFile = ${path.join(dir, "ngircd.pid")}`,
      `\tServerUID = ${process.getuid?.() ?? 0}`,
      `\tServerGID = ${process.getgid?.() ?? 0}`,
      "[Limits]",
      "\tMaxConnectionsIP = 0",
      "\tMaxNickLength = 16",
      "\tPingTimeout = 120",
      "\tPongTimeout = 20",
      "[Options]",
      "\tDNS = no",
      "\tIdent = no",
      "\tPAM = no",
      "",
    ].join("\n"),
  );
  const child = spawn(NGIRCD, ["-n", "-f", config], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // Already gone.
        }
      }, 5000);
      child.once("exit", () => {
        clearTimeout(killer);
        resolve();
      });
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        resolve();
      }
    });
  const deadline = Date.now() + 10000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const probe = net.connect(port, "127.0.0.1", () => {
        probe.destroy();
        resolve(true);
      });
      probe.once("error", () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`ngircd did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, log: () => output, stop };
}
