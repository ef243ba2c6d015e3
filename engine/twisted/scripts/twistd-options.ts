/**
 * twistd's command line: twisted.scripts._twistd_unix.ServerOptions (with
 * app.ServerOptions and ReactorSelectionMixin beneath it), declared as
 * Twisted declares it so `twistd --help` prints Twisted's text. The plugins
 * found under twisted/plugins/ are its sub-commands.
 */
import * as sys from "../../stdlib/sys";
import { getpwnam } from "../../stdlib/pwd";
import { getPlugins } from "../plugin";
import { IServiceMaker } from "../application/service-maker";
import * as usage from "../python/usage";

/** The version twistd reports, and the copyright lines after it. */
import { TWISTD_VERSION } from "./twistd";
export { TWISTD_VERSION };
const COPYRIGHT = "Copyright (c) 2001-2022 Twisted Matrix Laboratories.\nSee LICENSE for details.";

/** The reactors Twisted knows on Linux: [short name, description, why it is unavailable or null]. */
const REACTOR_TYPES: readonly [string, string, string | null][] = [
  ["asyncio", "asyncio based reactor", null],
  ["cf", "CoreFoundation based reactor.", "No module named 'CFNetwork'"],
  ["default", "A reasonable default: poll(2) if available, otherwise select(2).", null],
  ["epoll", "epoll(4) based reactor.", null],
  ["gi", "GObject Introspection based reactor.", null],
  ["glib2", "GLib2 based reactor.", null],
  ["gtk2", "Gtk2 based reactor.", null],
  ["gtk3", "Gtk3 based reactor.", null],
  ["iocp", "Win32 IO Completion Ports based reactor.", "No module named 'pywintypes'"],
  ["kqueue", "kqueue(2) based reactor.", "module 'select' has no attribute 'KQ_EV_ADD'"],
  ["poll", "poll(2) based reactor.", null],
  ["select", "select(2) based reactor.", null],
  ["win32", "Win32 WaitForMultipleObjects based reactor.", "No module named 'win32file'"],
  ["wx", "wxPython based reactor.", "No module named 'wxPython'"],
];

/** util.uidFromString: a number, or a user name from /etc/passwd. */
const uidFromString: usage.Coerce = (value) => (/^\d+$/.test(value) ? Number(value) : getpwnam(value).pw_uid);

/** util.gidFromString: a number (the simulated host has no /etc/group to name groups from). */
const gidFromString: usage.Coerce = (value) => {
  if (/^\d+$/.test(value)) return Number(value);
  throw new Error(`invalid literal for int() with base 10: '${value}'`);
};

/** _twistd_unix._umask: octal. */
const umask: usage.Coerce = (value) => {
  const text = value.trim();
  if (!/^[+-]?(0o)?[0-7]+$/i.test(text)) throw new Error(`invalid literal for int() with base 8: '${value}'`);
  return parseInt(text.replace(/0o/i, ""), 8);
};

/** twistd's options, exactly as Twisted's `twistd --help` lists them. */
export class ServerOptions extends usage.Options {
  static synopsis = "Usage: twistd [options]";
  static longdesc = "twistd reads a twisted.application.service.Application out of a file and runs it.";
  static override optFlags: usage.FlagSpec[] = [
    ["savestats", null, "save the Stats object rather than the text output of the profiler."],
    ["no_save", "o", "do not save state on shutdown"],
    ["encrypted", "e", "The specified tap/aos file is encrypted."],
    ["nodaemon", "n", "don't daemonize, don't use default umask of 0077"],
    ["originalname", null, "Don't try to change the process name"],
    ["syslog", null, "Log to syslog, not to file"],
    [
      "euid",
      "",
      "Set only effective user-id rather than real user-id. (This option has no effect unless the server is running as root, in which case it means not to shed all privileges after binding ports, retaining the option to regain privileges in cases such as spawning processes. Use with caution.)",
    ],
  ];
  static override optParameters: usage.ParameterSpec[] = [
    ["logfile", "l", null, "log to a specified file, - for stdout"],
    ["logger", null, null, "A fully-qualified name to a log observer factory to use for the initial log observer.  Takes precedence over --logfile and --syslog (when available)."],
    ["profile", "p", null, "Run in profile mode, dumping results to specified file."],
    ["profiler", null, "cprofile", "Name of the profiler to use (profile, cprofile)."],
    ["file", "f", "twistd.tap", "read the given .tap file"],
    ["python", "y", null, "read an application from within a Python file (implies -o)"],
    ["source", "s", null, "Read an application from a .tas file (AOT format)."],
    ["rundir", "d", ".", "Change to a supplied directory before running"],
    ["prefix", null, "twisted", "use the given prefix when syslogging"],
    ["pidfile", "", "twistd.pid", "Name of the pidfile"],
    ["chroot", null, null, "Chroot to a supplied directory before running"],
    ["uid", "u", null, "The uid to run as.", uidFromString],
    ["gid", "g", null, "The gid to run as.  If not specified, the default gid associated with the specified --uid is used.", gidFromString],
    ["umask", null, null, "The (octal) file creation mask to apply.", umask],
  ];

  // ES private fields: attributes, not options (Python keeps them out of the Options dict too).
  #loadedPlugins: Record<string, IServiceMaker> = {};
  readonly #cwd: string;

  /**
   * @param cwd the directory a relative --pidfile is taken from, as os.path.abspath does
   */
  constructor(cwd = "/") {
    super();
    this.#cwd = cwd;
    this["debug"] = false;
  }

  /** The plugins by tapname, as the last listing of sub-commands found them. */
  get loadedPlugins(): Record<string, IServiceMaker> {
    return this.#loadedPlugins;
  }

  /** The plugins' sub-commands, sorted by name; their Options load only when one is chosen. */
  get subCommands(): Iterable<usage.SubCommandSpec> {
    // A generator, as in Twisted: always true, so twistd with no plugins still says "Unknown command".
    const self = this;
    return (function* () {
      const plugins = getPlugins(IServiceMaker).sort((a, b) => (a.tapname < b.tapname ? -1 : a.tapname > b.tapname ? 1 : 0));
      self.#loadedPlugins = {};
      for (const plugin of plugins) {
        self.#loadedPlugins[plugin.tapname] = plugin;
        yield [plugin.tapname, null, () => new plugin.options(), plugin.description] as const;
      }
    })();
  }

  opt_debug(): void {
    this["debug"] = true;
  }

  opt_spew(): void {
    this["spew"] = true;
  }

  opt_help_reactors(): void {
    let notWorking = "";
    for (const [name, description, unavailable] of REACTOR_TYPES) {
      if (unavailable === null) sys.stdout.write(`    ${name.padEnd(4)}\t${description}\n`);
      else notWorking += `    !${name.padEnd(4)}\t${description} (${unavailable})\n`;
    }
    if (notWorking) sys.stdout.write(`\n    reactors not available on this platform:\n\n${notWorking}`);
    sys.exit(0);
  }

  opt_reactor(shortName: string): void {
    const known = REACTOR_TYPES.find(([name]) => name === shortName);
    if (!known) throw new usage.UsageError(`The specified reactor does not exist: '${shortName}'.\nSee the list of available reactors with --help-reactors`);
    if (known[2] !== null) {
      throw new usage.UsageError(`The specified reactor cannot be used, failed with error: ${known[2]}.\nSee the list of available reactors with --help-reactors`);
    }
    this["reactor"] = shortName;
  }

  override opt_version(): void {
    sys.stdout.write(`twistd (the Twisted daemon) ${TWISTD_VERSION}\n${COPYRIGHT}\n`);
    sys.exit(0);
  }

  /** With no arguments at all, twistd shows its help. */
  override parseOptions(options?: readonly string[]): void {
    super.parseOptions(options ?? (sys.argv.length > 1 ? sys.argv.slice(1) : ["--help"]));
  }

  override postOptions(): void {
    if (this.subCommand || this["python"]) this["no_save"] = true;
    if (this["logger"] !== null) throw new usage.UsageError(`Logger '${String(this["logger"])}' could not be imported: this twistd has only its own log observers`);
    if (this["pidfile"]) this["pidfile"] = absolutePath(String(this["pidfile"]), this.#cwd);
  }
}

ServerOptions.prototype.opt_b = ServerOptions.prototype.opt_debug;
ServerOptions.prototype.opt_r = ServerOptions.prototype.opt_reactor;
Object.assign(ServerOptions.prototype.opt_debug, {
  __doc__: "\n        Run the application in the Python Debugger (implies nodaemon),\n        sending SIGUSR2 will drop into debugger\n        ",
});
Object.assign(ServerOptions.prototype.opt_spew, {
  __doc__: "\n        Print an insanely verbose log of everything that happens.\n        Useful when debugging freezes or locks in complex code.\n        ",
});
Object.assign(ServerOptions.prototype.opt_help_reactors, { __doc__: "\n        Display a list of possibly available reactor names.\n        " });
Object.assign(ServerOptions.prototype.opt_reactor, { __doc__: "\n        Which reactor to use (see --help-reactors for a list of possibilities)\n        " });
Object.assign(ServerOptions.prototype.opt_version, { __doc__: "\n        Print version information and exit.\n        " });

/** os.path.abspath: `path` against `cwd`, with "." and ".." resolved. */
export function absolutePath(path: string, cwd: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith("/") ? path : `${cwd}/${path}`).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}
