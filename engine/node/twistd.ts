/**
 * `npm run twistd -- ARGS`: twistd on a real machine, with real sockets.
 * The learner's .tac.ts files and twisted/plugins/ run as they run in the
 * browser's terminal, with twistd's options: -n in the foreground, or in the
 * background with twistd.pid and twistd.log in the working directory;
 * SIGTERM and SIGINT stop it cleanly (stopService runs to its end).
 *
 * Daemonising: Node cannot fork, so the first process starts a detached copy
 * of itself (marked by TWISTD_DAEMON in its environment), waits on a pipe
 * for its report, as twistd's parent waits on its status pipe, and exits.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadSqlite } from "../stdlib/sqlite3/loader";
import { installReactor } from "../twisted/internet/reactor";
import * as log from "../twisted/python/log";
import { installModuleFinder } from "../twisted/python/modules";
import { formatProgramError } from "../runtime/world";
import { runModule } from "../runtime/program";
import { LearnerModules, type SourceFiles } from "../runtime/learner-modules";
import { twistd, type TwistdPlatform } from "../twisted/scripts/twistd-runner";
import { NodeReactor } from "./node-reactor";

const DAEMON_MARK = "TWISTD_DAEMON";
/** The daemon's end of the status pipe: the fourth of its standard descriptors. */
const STATUS_FD = 3;

/** The learner's files under `root` on disk. */
function filesUnder(root: string): SourceFiles {
  return {
    read: (file) => {
      try {
        return fs.readFileSync(path.join(root, file), "utf8");
      } catch {
        return null;
      }
    },
    list: (directory) => {
      try {
        return fs.readdirSync(path.join(root, directory));
      } catch {
        return [];
      }
    },
  };
}

/** The platform for one real twistd process, in the working directory `cwd`. */
export function nodePlatform(argv: readonly string[], cwd: string, script: string): TwistdPlatform {
  const reactor = new NodeReactor();
  installReactor(reactor);
  // Under twistd, what the learner's files print goes to the log.
  const toLog = (text: string, stream: "stdout" | "stderr") => log.publish({ text, isError: stream === "stderr", system: `${stream}#${stream === "stderr" ? "error" : "info"}` });
  const modules = new LearnerModules(filesUnder(cwd), toLog);
  installModuleFinder(modules);
  const resolve = (file: string) => path.resolve(cwd, file);
  return {
    cwd,
    pid: process.pid,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (file) => {
      try {
        return fs.readFileSync(resolve(file), "utf8");
      } catch {
        return null;
      }
    },
    writeFile: (file, text) => fs.writeFileSync(resolve(file), text),
    appendFile: (file, text) => fs.appendFileSync(resolve(file), text),
    removeFile: (file) => fs.rmSync(resolve(file), { force: true }),
    processExists: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (thrown) {
        return (thrown as NodeJS.ErrnoException).code === "EPERM";
      }
    },
    loadTac: (file) => {
      const source = fs.readFileSync(resolve(file), "utf8");
      const name = path.relative(cwd, resolve(file));
      const run = runModule(source, name, toLog, undefined, modules.importFrom);
      return { exports: run.exports, error: run.error ? formatProgramError(run.error) : null };
    },
    reactor,
    runtime: `(${process.execPath} ${process.versions.node})`,
    reactorClass: "evolution_of_finger.node.NodeReactor",
    switchUser: (uid, gid) => {
      // util.switchUID: the group first (while we may still change it), then the user unless it is already ours.
      if (gid !== null) process.setgid!(gid);
      if (uid !== null && uid !== process.getuid!()) process.setuid!(uid);
    },
    daemonize: () => {
      if (process.env[DAEMON_MARK]) {
        return {
          role: "daemon",
          reportStarted: (error) => {
            try {
              fs.writeSync(STATUS_FD, error === null ? "0" : `1 ${error}`);
              fs.closeSync(STATUS_FD);
            } catch {
              // The parent has gone: nobody is waiting for the report.
            }
          },
        };
      }
      const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
        cwd,
        detached: true,
        stdio: ["ignore", "ignore", "ignore", "pipe"],
        env: { ...process.env, [DAEMON_MARK]: "1" },
      });
      const waitForStart = (reported: (error: string | null) => void) => {
        let report = "";
        const pipe = child.stdio[STATUS_FD] as NodeJS.ReadableStream;
        pipe.on("data", (chunk: Buffer) => (report += chunk.toString("utf8")));
        pipe.on("end", () => reported(report === "0" ? null : report.replace(/^1 /, "") || "the daemon exited before it started"));
      };
      child.unref();
      return { role: "parent", waitForStart };
    },
    syslog: (prefix, text) => {
      spawn("logger", ["-t", `${prefix}[${process.pid}]`, "--", text], { stdio: "ignore" }).on("error", () => {});
    },
    utcOffsetMinutes: -new Date().getTimezoneOffset(),
  };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const argv = process.argv.slice(2);
  const script = path.resolve(process.argv[1]!);
  // `npm run twistd` runs in the repository; twistd works where the learner typed it, as INIT_CWD says.
  const viaNpm = process.env.npm_lifecycle_event === "twistd" && process.env.INIT_CWD;
  const cwd = viaNpm ? process.env.INIT_CWD! : process.cwd();
  process.chdir(cwd);
  // SQLite (sql.js) loads asynchronously, before the application that may use it.
  void loadSqlite().then(() => {
    try {
      twistd(argv, nodePlatform(argv, cwd, script), (code) => process.exit(code));
    } catch (thrown) {
      process.stderr.write(`twistd: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}\n`);
      process.exit(1);
    }
  });
}
