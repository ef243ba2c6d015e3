/**
 * `twistd ARGS`: twisted.scripts.twistd.run with the Unix application
 * runner (_twistd_unix.UnixApplicationRunner), over a platform that says
 * where files, processes and the reactor are (the simulated host, or a real
 * machine under `npm run twistd`):
 *
 * 1. parse the options (--help, --version and usage errors print and end);
 * 2. checkPID: a live pid file refuses to start, a stale one is removed;
 * 3. the application: the .tac file's (-y), or a plugin's makeService;
 * 4. the log: the terminal with -n, else twistd.log (or --logfile, --syslog);
 *    what was logged before it opened is written first, as Twisted buffers it;
 * 5. daemonise unless -n, write the pid file, start the services (ports
 *    first, then the user switch), run the reactor;
 * 6. after the reactor stops: remove the pid file, "Server Shut Down.".
 */
import * as sys from "../../stdlib/sys";
import * as log from "../python/log";
import { Logger, formatEventAsClassicLogText } from "../logger";
import * as usage from "../python/usage";
import { Application, IServiceCollection } from "../application/service";
import { ServerOptions } from "./twistd-options";
import { loadApplication, RUNS_ITSELF, startApplication, TwistdError, type LoadedFile, type TwistdRun } from "./twistd";

/** What twistd needs from the machine it runs on. */
export interface TwistdPlatform {
  /** The working directory: relative --pidfile and --logfile names are taken from it. */
  readonly cwd: string;
  /** This process's id, written to the pid file. */
  readonly pid: number;
  /** print(): standard output. */
  stdout(text: string): void;
  /** Standard error (what is said before the log opens, and the parent's report of a failed daemon). */
  stderr(text: string): void;
  /** The file's text, or null when it does not exist. */
  readFile(path: string): string | null;
  writeFile(path: string, text: string): void;
  appendFile(path: string, text: string): void;
  removeFile(path: string): void;
  /** Whether a process with this id exists (os.kill(pid, 0)). */
  processExists(pid: number): boolean;
  /** Loads the .tac file at `path` (-y). */
  loadTac(path: string): LoadedFile;
  readonly reactor: TwistdRun["reactor"] & { seconds(): number; onStopped(f: () => void): void };
  /** "(/usr/bin/python3 3.11.2)" in Twisted: what runs the application. */
  readonly runtime: string;
  readonly reactorClass: string;
  readonly switchUser?: TwistdRun["switchUser"];
  /**
   * Becomes a daemon (fork, setsid, fork). Returns "daemon" in the process
   * that goes on to run the application, "parent" in the one that should
   * return to the shell now. `waitForStart` in the parent resolves with the
   * daemon's report: null once it started, or its error line.
   */
  daemonize(): { role: "daemon"; reportStarted(error: string | null): void } | { role: "parent"; waitForStart(report: (error: string | null) => void): void };
  /** Sends one line to syslog as `prefix[pid]: text`. */
  syslog(prefix: string, text: string): void;
  /** The local time zone's offset east of UTC, in minutes, for log timestamps. */
  readonly utcOffsetMinutes?: number;
}

const appLogger = new Logger("twisted.scripts._twistd_unix.UnixAppLogger");

/**
 * Runs twistd with `argv` (the arguments after "twistd"). Calls `exit` with
 * the exit status once twistd is done: at once for --help or an error, when
 * the reactor has stopped for a foreground run, when the daemon has started
 * (or failed) for the parent of a background one. Synchronous where it can
 * be, so a simulated run needs no turn of the JavaScript event loop.
 */
export function twistd(argv: readonly string[], platform: TwistdPlatform, exit: (code: number) => void): void {
  const config = new ServerOptions(platform.cwd);
  const pending: log.LogEvent[] = [];
  const buffer = (event: log.LogEvent) => pending.push(event);
  // Before the log opens, what is logged waits (Twisted's LogBeginner); errors also go to stderr at once.
  const early = (event: log.LogEvent) => {
    buffer(event);
    if (event.isError) platform.stderr(`${event.text}\n`);
  };
  log.addObserver(early);
  const detach = () => log.removeObserver(early);
  try {
    try {
      sys.withCommandLine(["twistd", ...argv], platform.stdout, () => config.parseOptions(argv.length > 0 ? [...argv] : undefined));
    } catch (thrown) {
      if (thrown instanceof sys.SystemExit) return exit(exitStatus(thrown.code, platform));
      if (!(thrown instanceof usage.UsageError)) throw thrown;
      sys.withCommandLine(["twistd", ...argv], platform.stdout, () => {
        platform.stdout(`${config.toString()}\n`);
        platform.stdout(`${["twistd", ...argv.slice(0, 1)].join(" ")}: ${thrown.message}\n`);
      });
      return exit(0);
    }
    const pidfile = config["pidfile"] as string;
    const refused = checkPID(pidfile, platform);
    if (refused !== null) return exit(exitStatus(refused, platform));
    const nodaemon = Boolean(config["nodaemon"] || config["debug"]);
    const logfile = config["logfile"] as string | null;
    if (!nodaemon && logfile === "-" && !config["syslog"]) {
      platform.stderr("Daemons cannot log to stdout, exiting!\n");
      return exit(1);
    }
    const source = createOrGetApplication(config, platform);
    if (source === null) return exit(1);
    const run: TwistdRun = { ...source, reactor: platform.reactor, runtime: platform.runtime, reactorClass: platform.reactorClass, switchUser: platform.switchUser };
    let application: unknown;
    try {
      application = loadApplication(run);
    } catch (thrown) {
      if (!(thrown instanceof TwistdError)) throw thrown;
      platform.stderr(`\n${thrown.message}\n\n`);
      return exit(1);
    }
    let report = (error: string | null): void => void error;
    if (!nodaemon) {
      const role = platform.daemonize();
      if (role.role === "parent") {
        return role.waitForStart((error) => {
          if (error === null) return exit(0);
          platform.stderr(`An error has occurred: ${bytesRepr(`1 ${error}`.slice(0, 100).slice(2))}\nPlease look at log file for more information.\n`);
          exit(1);
        });
      }
      report = role.reportStarted;
    }
    detach();
    const stopLogging = startLogging(config, nodaemon, platform, pending);
    if (config["reactor"]) {
      // Twisted would install the named reactor; here every application runs on this platform's one, and the log says so.
      log.msg(`--reactor=${String(config["reactor"])}: this twistd runs every application on its own reactor, ${platform.reactorClass}`);
    }
    if (application === RUNS_ITSELF) return exit(0);
    platform.writeFile(pidfile, String(platform.pid));
    try {
      startApplication(application, run);
    } catch (thrown) {
      if (!(thrown instanceof TwistdError)) throw thrown;
      log.err(thrown.message);
      report(thrown.message.split("\n").at(-1) ?? thrown.message);
      removePID(pidfile, platform);
      stopLogging();
      return exit(1);
    }
    report(null);
    platform.reactor.onStopped(() => {
      removePID(pidfile, platform);
      appLogger.info("Server Shut Down.");
      stopLogging();
      exit(0);
    });
  } finally {
    detach();
  }
}

/** sys.exit's status: a message is printed to stderr and gives 1, as in Python. */
function exitStatus(code: number | string | null, platform: TwistdPlatform): number {
  if (typeof code === "string") {
    platform.stderr(`${code}\n`);
    return 1;
  }
  return code ?? 0;
}

/**
 * _twistd_unix.checkPID: null to go on, or what sys.exit is given.
 * A pid file naming a live process refuses; one naming no process is removed.
 */
function checkPID(pidfile: string, platform: TwistdPlatform): string | null {
  if (!pidfile) return null;
  const text = platform.readFile(pidfile);
  if (text === null) return null;
  if (!/^\s*[+-]?\d+\s*$/.test(text)) return `Pidfile ${pidfile} contains non-numeric value`;
  const pid = Number(text.trim());
  if (!platform.processExists(pid)) {
    log.err(`Removing stale pidfile ${pidfile}`);
    platform.removeFile(pidfile);
    return null;
  }
  return [
    `Another twistd server is running, PID ${pid}`,
    "",
    "This could either be a previously started instance of your application or a",
    "different application entirely. To start a new one, either run it in some other",
    "directory, or use the --pidfile and --logfile parameters to avoid clashes.",
    "",
  ].join("\n");
}

function removePID(pidfile: string, platform: TwistdPlatform): void {
  if (!pidfile) return;
  try {
    platform.removeFile(pidfile);
  } catch (thrown) {
    log.err(thrown, "Failed to unlink PID file:");
  }
}

/** The application from -y FILE, or a plugin's service in a new Application; null after saying why not. */
function createOrGetApplication(config: ServerOptions, platform: TwistdPlatform): Pick<TwistdRun, "file" | "load" | "quietLoad"> | null {
  if (config.subCommand) {
    const plugin = config.loadedPlugins[config.subCommand]!;
    const subOptions = config.subOptions!;
    return {
      file: plugin.tapname,
      load: () => {
        const application = Application(plugin.tapname);
        try {
          const made = plugin.makeService(subOptions);
          (made as { setServiceParent(parent: unknown): void }).setServiceParent(IServiceCollection(application));
        } catch (thrown) {
          return { exports: {}, error: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown) };
        }
        return { exports: { application }, error: null };
      },
      quietLoad: true,
    };
  }
  const file = config["python"] as string | null;
  if (file === null) {
    platform.stderr(`\nFailed to load application: [Errno 2] No such file or directory: '${String(config["file"])}'\n\n`);
    return null;
  }
  return { file, load: () => platform.loadTac(file) };
}

/** UnixAppLogger.start: opens the log and writes what waited for it; returns how to close it. */
function startLogging(config: ServerOptions, nodaemon: boolean, platform: TwistdPlatform, pending: log.LogEvent[]): () => void {
  const offset = platform.utcOffsetMinutes ?? 0;
  const logfile = config["logfile"] as string | null;
  let write: (event: log.LogEvent) => void;
  if (config["syslog"]) {
    write = (event) => platform.syslog(String(config["prefix"]), event.text);
  } else if (logfile === "-" || (nodaemon && !logfile)) {
    write = (event) => platform.stdout(formatEventAsClassicLogText(event, platform.reactor.seconds(), offset));
  } else {
    const path = logfile || "twistd.log";
    write = (event) => platform.appendFile(path, formatEventAsClassicLogText(event, platform.reactor.seconds(), offset));
  }
  for (const event of pending.splice(0)) write(event);
  log.addObserver(write);
  return () => log.removeObserver(write);
}

/** Python's repr() of a bytes value made from ASCII text. */
function bytesRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), `\\${quote}`);
  return `b${quote}${body}${quote}`;
}
