/**
 * The commands a simulated host can run: finger, curl, xmlrpc, pb, openssl, echo, cat,
 * ls, sleep, true and false. A command is a function of its process context: it writes to
 * stdout and stderr, may wait virtual seconds, and returns an exit code (or
 * calls exit() later). Lessons add their own the same way.
 */
import type { VirtualFileSystem } from "./virtual-fs";
import { normalizePath } from "../twisted/python/paths";
import { ClientFactory, Protocol } from "../twisted/internet/protocol";
import type { SimulatedHost } from "./simulated-host";
import { curl } from "./curl-command";
import { xmlrpcCommand } from "./xmlrpc-command";
import { pbCommand } from "./pb-command";
import { openssl } from "./openssl-command";
import { parsePasswd, type PasswdEntry } from "../stdlib/pwd";
import { kill, tail } from "./file-and-signal-commands";

/** What a running command sees and can do. */
export interface ProcessContext {
  /** The program's own name (argv[0]). */
  readonly argv0: string;
  /** The arguments after argv[0]. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The working directory. */
  readonly cwd: string;
  readonly pid: number;
  /** The host the process runs on (for its network). */
  readonly host: SimulatedHost;
  readonly fs: VirtualFileSystem;
  /** False once the process has ended (exited or killed). */
  readonly running: boolean;
  /** Writes to stdout: text goes as UTF-8, bytes as they are. */
  stdout(data: string | Uint8Array): void;
  stderr(data: string | Uint8Array): void;
  /** Ends the process with `code` (0 by default). */
  exit(code?: number): void;
  /** Runs `f` after `seconds` of virtual time, unless the process has ended by then. */
  later(seconds: number, f: () => void): void;
  /** Calls `listener` with each piece written to stdin. */
  onStdin(listener: (text: string) => void): void;
  /** Calls `listener` with each piece written to stdin, as bytes (a binary protocol over the pipe). */
  onStdinBytes(listener: (bytes: Uint8Array) => void): void;
  /** Calls `listener` when stdin is closed. */
  onStdinClosed(listener: () => void): void;
  /**
   * Catches signals, as a process that installs a handler does: `listener`
   * gets the signal's name ("TERM", "INT") and returns true when it handled it
   * (the process lives on), false to die of it. SIGKILL cannot be caught.
   */
  onSignal(listener: (signal: string) => boolean): void;
}

/** A simulated command: returns its exit code, or nothing if it will call exit() later. */
export type SimulatedCommand = (proc: ProcessContext) => number | void;

const echo: SimulatedCommand = (proc) => {
  const noNewline = proc.args[0] === "-n";
  const words = noNewline ? proc.args.slice(1) : proc.args;
  proc.stdout(words.join(" ") + (noNewline ? "" : "\n"));
  return 0;
};

const cat: SimulatedCommand = (proc) => {
  if (proc.args.length === 0) {
    proc.onStdin((text) => proc.stdout(text));
    proc.onStdinClosed(() => proc.exit(0));
    return;
  }
  let code = 0;
  for (const name of proc.args) {
    const path = normalizePath(name, proc.cwd);
    if (proc.fs.isDirectory(path)) {
      proc.stderr(`cat: ${name}: Is a directory\n`);
      code = 1;
    } else if (!proc.fs.isFile(path)) {
      proc.stderr(`cat: ${name}: No such file or directory\n`);
      code = 1;
    } else if (!(proc.fs.mode(path) & 0o004)) {
      proc.stderr(`cat: ${name}: Permission denied\n`);
      code = 1;
    } else {
      proc.stdout(proc.fs.read(path));
    }
  }
  return code;
};

const ls: SimulatedCommand = (proc) => {
  const all = proc.args.includes("-a");
  const names = proc.args.filter((a) => !a.startsWith("-"));
  let code = 0;
  for (const name of names.length ? names : ["."]) {
    const path = normalizePath(name, proc.cwd);
    if (proc.fs.isFile(path)) {
      proc.stdout(`${name}\n`);
    } else if (proc.fs.isDirectory(path)) {
      const entries = proc.fs.list(path).filter((e) => all || !e.name.startsWith("."));
      if (names.length > 1) proc.stdout(`${name}:\n`);
      proc.stdout(entries.map((e) => `${e.name}\n`).join(""));
    } else {
      proc.stderr(`ls: cannot access '${name}': No such file or directory\n`);
      code = 2;
    }
  }
  return code;
};

const sleep: SimulatedCommand = (proc) => {
  const seconds = Number(proc.args[0]);
  if (proc.args.length !== 1 || !(seconds >= 0)) {
    proc.stderr(`sleep: invalid time interval '${proc.args[0] ?? ""}'\n`);
    return 1;
  }
  proc.later(seconds, () => proc.exit(0));
};

/** Debian finger's long format for one account, with its ~/.plan. */
export function fingerBlock(entry: PasswdEntry, fs: VirtualFileSystem): string {
  const realName = entry.gecos.split(",")[0] ?? "";
  const planPath = normalizePath(".plan", entry.dir);
  let plan = "No Plan.\n";
  // finger runs as the asking user: a plan only its owner may read (chmod 600) shows as no plan.
  if (fs.isFile(planPath) && fs.mode(planPath) & 0o004) {
    const text = fs.read(planPath);
    plan = `Plan:\n${text}${text.endsWith("\n") || text === "" ? "" : "\n"}`;
  }
  return (
    `Login: ${entry.name.padEnd(15)}\t\t\tName: ${realName}\n` +
    `Directory: ${entry.dir.padEnd(25)}\tShell: ${entry.shell}\n` +
    "Never logged in.\nNo mail.\n" +
    plan
  );
}

const finger: SimulatedCommand = (proc) => {
  const long = proc.args.includes("-l");
  const exactOnly = proc.args.includes("-m");
  const names = proc.args.filter((a) => !a.startsWith("-"));
  if (names.length === 0) {
    proc.stdout("No one logged on.\n");
    return 0;
  }
  const remote = names.filter((n) => n.includes("@"));
  const local = names.filter((n) => !n.includes("@"));
  const passwd = proc.fs.isFile("/etc/passwd") ? parsePasswd(proc.fs.read("/etc/passwd")) : [];
  const blocks: string[] = [];
  for (const name of local) {
    const lower = name.toLowerCase();
    const found = passwd.filter(
      (e) => e.name === name || (!exactOnly && (e.gecos.split(",")[0] ?? "").toLowerCase().split(/\s+/).includes(lower)),
    );
    if (!found.length) proc.stderr(`finger: ${name}: no such user.\n`);
    for (const entry of found) blocks.push(fingerBlock(entry, proc.fs));
  }
  proc.stdout(blocks.join("\n"));
  if (!remote.length) return 0;
  queryRemote(proc, remote, long);
};

/** finger user@host: ask the finger server on host:79, print its answer with CRLF turned into LF. */
function queryRemote(proc: ProcessContext, queries: readonly string[], long: boolean): void {
  const [first, ...rest] = queries;
  if (first === undefined) {
    proc.exit(0);
    return;
  }
  const at = first.lastIndexOf("@");
  const user = first.slice(0, at);
  // The real finger always uses port 79; host:PORT lets it reach a lesson's server on 1079.
  const [host = "", portText] = first.slice(at + 1).split(":");
  const port = portText === undefined ? 79 : Number(portText);
  const next = () => queryRemote(proc, rest, long);
  class Query extends Protocol {
    override connectionMade(): void {
      this.transport?.write(`${long ? "/W " : ""}${user}\r\n`);
    }
    override dataReceived(data: string): void {
      proc.stdout(data.replace(/\r\n/g, "\n"));
    }
    override connectionLost(): void {
      next();
    }
  }
  class QueryFactory extends ClientFactory {
    override noisy = false;
    override protocol = Query;
    override clientConnectionFailed(_connector: unknown, reason: { getErrorMessage(): string; value: unknown }): void {
      const dns = (reason.value as Error)?.name === "DNSLookupError";
      proc.stderr(dns ? `finger: unknown host: ${host}\ngetaddrinfo: Name or service not known\n` : "finger: connect: Connection refused\n");
      proc.exit(1);
    }
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    proc.stderr(`finger: ${portText}: bad port\n`);
    proc.exit(1);
    return;
  }
  proc.host.connectTCP(host, port, new QueryFactory(), 30);
}

/** rm FILE...: deletes files (not directories), as coreutils' rm says when it cannot. */
const rm: SimulatedCommand = (proc) => {
  if (proc.args.length === 0) {
    proc.stderr("rm: missing operand\n");
    return 1;
  }
  let code = 0;
  for (const name of proc.args) {
    const path = normalizePath(name, proc.cwd);
    if (proc.fs.isDirectory(path)) {
      proc.stderr(`rm: cannot remove '${name}': Is a directory\n`);
      code = 1;
    } else if (!proc.fs.isFile(path)) {
      proc.stderr(`rm: cannot remove '${name}': No such file or directory\n`);
      code = 1;
    } else {
      proc.fs.remove(path);
    }
  }
  return code;
};

const succeed: SimulatedCommand = () => 0;
const failCommand: SimulatedCommand = () => 1;

/** The commands every simulated host has. */
export const builtinCommands: Readonly<Record<string, SimulatedCommand>> = {
  cat,
  curl,
  echo,
  false: failCommand,
  finger,
  kill,
  ls,
  pb: pbCommand,
  openssl,
  rm,
  sleep,
  tail,
  true: succeed,
  xmlrpc: xmlrpcCommand,
};
