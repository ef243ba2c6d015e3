/**
 * `tail` and `kill` on the simulated host, as coreutils and procps write
 * them: `tail twistd.log`, `tail -n 3 twistd.log`, `kill 1002`,
 * `kill -INT 1002`, `kill -9 1002`.
 */
import { normalizePath } from "../twisted/python/paths";
import type { SimulatedCommand } from "./commands";

/** tail [-n N | -N] FILE...: the last N lines (10), a header per file when there are several. */
export const tail: SimulatedCommand = (proc) => {
  let count = 10;
  const files: string[] = [];
  const args = [...proc.args];
  while (args.length > 0) {
    const arg = args.shift()!;
    const inline = /^-n?(\d+)$/.exec(arg);
    if (inline) count = Number(inline[1]);
    else if (arg === "-n") {
      const value = args.shift();
      if (value === undefined || !/^\d+$/.test(value)) {
        proc.stderr(value === undefined ? "tail: option requires an argument -- 'n'\n" : `tail: invalid number of lines: '${value}'\n`);
        return 1;
      }
      count = Number(value);
    } else files.push(arg);
  }
  if (files.length === 0) {
    proc.stderr("tail: reading standard input is not supported here; name a file\n");
    return 1;
  }
  let code = 0;
  files.forEach((name, index) => {
    const path = normalizePath(name, proc.cwd);
    if (!proc.fs.isFile(path)) {
      proc.stderr(`tail: cannot open '${name}' for reading: No such file or directory\n`);
      code = 1;
      return;
    }
    const text = proc.fs.read(path);
    const lines = text.split("\n");
    const endsInNewline = text.endsWith("\n");
    if (endsInNewline) lines.pop();
    const last = count === 0 ? [] : lines.slice(-count);
    if (files.length > 1) proc.stdout(`${index > 0 ? "\n" : ""}==> ${name} <==\n`);
    if (last.length > 0) proc.stdout(`${last.join("\n")}${endsInNewline ? "\n" : ""}`);
  });
  return code;
};

const SIGNAL_NAMES: Readonly<Record<string, string>> = { "1": "HUP", "2": "INT", "9": "KILL", "15": "TERM" };

/** kill [-SIGNAL] PID...: sends SIGTERM, or the signal named (-INT, -SIGINT, -2, -9, -s KILL). */
export const kill: SimulatedCommand = (proc) => {
  let signal = "TERM";
  const args = [...proc.args];
  const pids: string[] = [];
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === "-s") signal = (args.shift() ?? "").replace(/^SIG/, "");
    else if (/^-\w+$/.test(arg)) {
      const name = arg.slice(1).replace(/^SIG/, "");
      signal = SIGNAL_NAMES[name] ?? name;
    } else pids.push(arg);
  }
  if (!Object.values(SIGNAL_NAMES).includes(signal)) {
    proc.stderr(`kill: unknown signal: SIG${signal}\n`);
    return 1;
  }
  if (pids.length === 0) {
    proc.stderr("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n");
    return 2;
  }
  let code = 0;
  for (const pid of pids) {
    const target = /^\d+$/.test(pid) ? proc.host.processes.running(Number(pid)) : undefined;
    if (!/^\d+$/.test(pid)) {
      proc.stderr(`kill: ${pid}: arguments must be process or job IDs\n`);
      code = 1;
    } else if (!target) {
      proc.stderr(`kill: (${pid}) - No such process\n`);
      code = 1;
    } else {
      target.signalProcess(signal);
    }
  }
  return code;
};
