/**
 * twisted.scripts.twistd, for `twistd -ny FILE`: load a configuration file,
 * find the Application it defines, and run it the way twistd does on Unix:
 *
 * 1. load the file ("Loading FILE...", "Loaded.") and take its `application`;
 * 2. privilegedStartService: services bind their ports (port 79 needs root);
 * 3. shed privileges: switch to the application's uid and gid ("set uid/gid 1/1");
 * 4. startService, and arrange for stopService at shutdown;
 * 5. run the reactor until a signal or reactor.stop() ends it.
 *
 * Loading is the caller's job (the runtime compiles the learner's file), so
 * this module is plain Twisted logic. Daemonising, pid files, log files and
 * chroot do not exist in the simulation: -n (no daemon) is the only mode.
 */
import * as log from "../python/log";
import { Logger } from "../logger";
import { getpwuid } from "../../stdlib/pwd";
import { IProcess, IService } from "../application/service";
import type { IReactor } from "../internet/interfaces";
import { EngineAbort } from "../internet/unhandled";

/** What loading the configuration file gave: its globals, or why it could not run. */
export interface LoadedFile {
  /** The file's exported names (a .tac file exports `application`). */
  readonly exports: Readonly<Record<string, unknown>>;
  /** Why the file did not run to its end, as twistd prints it ("ValueError: boom"); null when it did. */
  readonly error: string | null;
}

/** How to run twistd. */
export interface TwistdRun {
  /** The configuration file's name, as given after -y. */
  readonly file: string;
  /** Runs the file's top level and reports what it defined. */
  readonly load: () => LoadedFile;
  readonly reactor: Pick<IReactor, "run" | "addSystemEventTrigger"> & { readonly hasStarted?: boolean };
  /** The version line's description of the runtime, e.g. "(simulated)". */
  readonly runtime?: string;
  /** True when the application comes from a plugin, not a file: no "Loading ..." lines. */
  readonly quietLoad?: boolean;
  /** The reactor's class name for the "reactor class:" line. */
  readonly reactorClass?: string;
  /**
   * Switches the process to `uid` and `gid` (either may be null: leave it),
   * as util.switchUID does. Absent in the simulation, which has no users to
   * switch between and only logs the switch.
   * @throws Error when the operating system refuses (not root)
   */
  readonly switchUser?: (uid: number | null, gid: number | null) => void;
}

/** Why twistd did not start the application. */
export class TwistdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TwistdError";
  }
}

/** What twistd prints when the file has no `application` (Twisted's text, for an export). */
export const NO_APPLICATION = [
  "Failed to load application: 'application'",
  "Could not find 'application' in the file. To use 'twistd -y', your .tac",
  "file must create a suitable object (e.g., by calling service.Application())",
  "and export it under the name 'application':",
  '  export const application = service.Application("finger");',
].join("\n");

/**
 * Runs `twistd -ny FILE`: loads it, starts its application and runs the
 * reactor. Returns once the reactor is running (in the simulation, run()
 * returns at once and the caller drives the loop).
 * @throws TwistdError when the file cannot be loaded, defines no
 *   application, or its services cannot start (a port is taken); twistd
 *   exits with status 1 then.
 */
export function runTwistd(run: TwistdRun): void {
  const application = loadApplication(run);
  if (application === RUNS_ITSELF) return;
  startApplication(application, run);
}

/** What loadApplication gives for a file that ran the reactor itself: there is nothing left to start. */
export const RUNS_ITSELF = Symbol("the file ran the reactor itself");

const appLogger = new Logger("twisted.scripts._twistd_unix.UnixAppLogger");

/**
 * Loads the configuration file and returns its application.
 * @throws TwistdError when the file fails to load or defines no application
 */
export function loadApplication(run: TwistdRun): unknown {
  if (!run.quietLoad) log.msg(`Loading ${run.file}...`);
  const loaded = run.load();
  if (loaded.error !== null) throw new TwistdError(`Failed to load application: ${loaded.error}`);
  // A file that runs the reactor itself never returns from loading in real
  // twistd: its reactor runs, and twistd waits inside the load. Once that
  // reactor stops, loading ends, and twistd looks for the application.
  if (run.reactor.hasStarted) {
    if (!("application" in loaded.exports)) {
      run.reactor.addSystemEventTrigger("after", "shutdown", () => log.err(NO_APPLICATION));
    }
    return RUNS_ITSELF;
  }
  if (!("application" in loaded.exports)) throw new TwistdError(NO_APPLICATION);
  if (!run.quietLoad) log.msg("Loaded.");
  return loaded.exports.application;
}

/**
 * Starts a loaded application as twistd does: its services bind their
 * ports, the process switches user, the services start, and the reactor runs.
 * @throws TwistdError when a service cannot start (a port is taken) or the user switch fails
 */
export function startApplication(application: unknown, run: Omit<TwistdRun, "load" | "file">): void {
  appLogger.info(`twistd ${TWISTD_VERSION} ${run.runtime ?? "(simulated Twisted)"} starting up.`);
  if (run.reactorClass) appLogger.info(`reactor class: ${run.reactorClass}.`);
  // What the application's own code raises while starting (a port already
  // taken, say) stops twistd, as its traceback does.
  const top = failing(() => IService(application));
  const process = IProcess(application, null as never);
  failing(() => top.privilegedStartService());
  shedPrivileges(process?.uid ?? null, process?.gid ?? null, run.switchUser);
  failing(() => top.startService());
  run.reactor.addSystemEventTrigger("before", "shutdown", () => top.stopService());
  run.reactor.run();
}

/** The version twistd reports. */
export const TWISTD_VERSION = "22.4.0";

function failing<T>(f: () => T): T {
  try {
    return f();
  } catch (thrown) {
    if (thrown instanceof EngineAbort) throw thrown;
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    throw new TwistdError(`${error.name}: ${error.message}`);
  }
}

/**
 * Switches to `uid` and `gid` with `switchUser` and says so, as twistd does
 * (without `switchUser`, as in the simulation, it only says so).
 * @throws TwistdError when the switch fails, with twistd's "(are you root?) -- exiting."
 */
function shedPrivileges(uid: number | null, gid: number | null, switchUser?: (uid: number | null, gid: number | null) => void): void {
  if (uid === null && gid === null) return;
  // Like twistd: a uid without a gid takes the user's own group.
  let group = gid;
  if (uid !== null && group === null) {
    try {
      group = getpwuid(uid).pw_gid;
    } catch {
      group = null;
    }
  }
  const desc = `uid/gid ${uid ?? "None"}/${group ?? "None"}`;
  if (switchUser) {
    try {
      switchUser(uid, group);
    } catch (thrown) {
      const message = `failed to set ${desc}: ${thrown instanceof Error ? thrown.message : String(thrown)} (are you root?) -- exiting.`;
      log.msg(message);
      throw new TwistdError(message);
    }
  }
  log.msg(`set ${desc}`);
}
