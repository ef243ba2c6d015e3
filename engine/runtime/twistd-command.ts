/**
 * `twistd` as a command on the simulated host, for the course's terminal:
 * `twistd -ny finger.tac.ts` in the foreground (its log on the terminal),
 * `twistd -y finger.tac.ts` in the background (the shell returns; the
 * daemon is a process of its own that `ps` lists, logging to twistd.log
 * with its pid in twistd.pid, stopped by `kill PID` with stopService run
 * to the end), `twistd --help`, plugin sub-commands from twisted/plugins/.
 * The same twistd as `npm run twistd` (twisted/scripts/twistd-runner.ts);
 * only the platform differs: the virtual file system, simulated processes,
 * the simulated reactor and its virtual clock.
 */
import { normalizePath } from "../twisted/python/paths";
import * as log from "../twisted/python/log";
import { installModuleFinder } from "../twisted/python/modules";
import { ProcessProtocol } from "../twisted/internet/process-protocol";
import { ReactorNotRunning } from "../twisted/internet/error";
import type { SimulatedReactor } from "../twisted/internet/simulated-reactor";
import { formatTime } from "../twisted/logger";
import { twistd, type TwistdPlatform } from "../twisted/scripts/twistd-runner";
import type { ProcessContext, SimulatedCommand } from "../simulation/commands";
import { filesUnder, LearnerModules } from "./learner-modules";
import { runModule, type ProgramError } from "./program";

/** What the twistd command needs from the world it runs in. */
export interface TwistdCommandWorld {
  readonly reactor: SimulatedReactor;
  /** While false, log events are not echoed to the program's output (twistd writes them where they belong). */
  echoLog(on: boolean): void;
}

const DAEMON_MARK = "TWISTD_DAEMON";

/** How each daemon reports to the parent that started it, by the daemon's pid. */
const startReports = new Map<number, (error: string | null) => void>();

/** The twistd command for a world's learner host. */
export function twistdCommand(world: TwistdCommandWorld): SimulatedCommand {
  return (proc) => {
    const platform = simulatedPlatform(proc, world);
    proc.onSignal((signal) => {
      if (signal !== "TERM" && signal !== "INT") return false;
      if (!world.reactor.running) return false;
      log.msg(`Received SIG${signal}, shutting down.`);
      try {
        world.reactor.stop();
      } catch (thrown) {
        if (!(thrown instanceof ReactorNotRunning)) throw thrown;
      }
      return true;
    });
    world.echoLog(false);
    // Each twistd is a new process, whose reactor has never run; here they share the host's one.
    if (!world.reactor.running) world.reactor.allowRestart();
    twistd(proc.args, platform, (code) => {
      world.echoLog(true);
      proc.exit(code);
    });
  };
}

function simulatedPlatform(proc: ProcessContext, world: TwistdCommandWorld): TwistdPlatform {
  const fs = proc.fs;
  const host = proc.host;
  const at = (file: string) => normalizePath(file, proc.cwd);
  const toLog = (text: string, stream: "stdout" | "stderr") => log.publish({ text, isError: stream === "stderr", system: `${stream}#${stream === "stderr" ? "error" : "info"}` });
  const modules = new LearnerModules(filesUnder(fs, proc.cwd), toLog);
  installModuleFinder(modules);
  const daemon = proc.env[DAEMON_MARK] === "1";
  return {
    cwd: proc.cwd,
    pid: proc.pid,
    // A daemon has no terminal: its standard streams lead nowhere.
    stdout: (text) => !daemon && proc.stdout(text),
    stderr: (text) => !daemon && proc.stderr(text),
    readFile: (file) => (fs.isFile(at(file)) ? fs.read(at(file)) : null),
    writeFile: (file, text) => fs.write(at(file), text),
    appendFile: (file, text) => fs.append(at(file), text),
    removeFile: (file) => {
      if (fs.exists(at(file))) fs.remove(at(file));
    },
    processExists: (pid) => host.processes.list().some((info) => info.pid === pid && info.state === "running"),
    loadTac: (file) => {
      if (!fs.isFile(at(file))) return { exports: {}, error: `[Errno 2] No such file or directory: '${file}'` };
      const name = at(file).slice(proc.cwd === "/" ? 1 : proc.cwd.length + 1);
      const run = runModule(fs.read(at(file)), name, toLog, undefined, modules.importFrom);
      return { exports: run.exports, error: run.error ? formatProgramError(run.error) : null };
    },
    reactor: world.reactor,
    runtime: "(simulated Twisted)",
    reactorClass: "SimulatedReactor",
    daemonize: () => {
      if (daemon) return { role: "daemon", reportStarted: (error) => startReports.get(proc.pid)?.(error) };
      let reportedTo: ((error: string | null) => void) | null = null;
      // A daemon that dies before it reports (an engine error) still answers the parent, as a closed status pipe does.
      class DaemonWatch extends ProcessProtocol {
        override processEnded(): void {
          reportedTo?.("the daemon exited before it started");
        }
      }
      const child = host.processes.spawn(new DaemonWatch(), "twistd", [proc.argv0, ...proc.args], { ...proc.env, [DAEMON_MARK]: "1" }, proc.cwd);
      return {
        role: "parent",
        waitForStart: (reported) => {
          reportedTo = (error) => {
            startReports.delete(child.processId);
            reportedTo = null;
            reported(error);
          };
          startReports.set(child.processId, (error) => reportedTo?.(error));
        },
      };
    },
    syslog: (prefix, text) => fs.append("/var/log/syslog", `${syslogTime(world.reactor.seconds())} finger ${prefix}[${proc.pid}]: ${text}\n`),
  };
}

/** "finger.tac.ts, line 3: NameError: ..." as the World writes a program error. */
function formatProgramError(error: ProgramError): string {
  return `${error.location ? `${error.location.file}, line ${error.location.line}: ` : ""}${error.message}`;
}

/** The time as syslog writes it: "Dec  7 14:52:01". */
function syslogTime(seconds: number): string {
  const [date, time] = formatTime(seconds).split("T") as [string, string];
  const [, month, day] = date.split("-").map(Number) as [number, number, number];
  const name = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1];
  return `${name} ${String(day).padStart(2)} ${time.slice(0, 8)}`;
}
