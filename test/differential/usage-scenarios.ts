/**
 * The usage.Options scenarios of usage_scenarios.py in TypeScript: the same
 * classes, declared as a learner declares them, run on the same command lines.
 */
import * as sys from "../../engine/stdlib/sys";
import { SystemExit } from "../../engine/stdlib/sys";
import * as usage from "../../engine/twisted/python/usage";

class FingerOptions extends usage.Options {
  static optParameters: usage.ParameterSpec[] = [
    ["file", "f", "/etc/users"],
    ["templates", "t", "/usr/share/finger/templates"],
    ["ircnick", "n", "fingerbot"],
    ["ircserver", null, "irc.freenode.net"],
    ["pbport", "p", 8889],
  ];
  static optFlags: usage.FlagSpec[] = [["ssl", "s"]];
}

class ServerOptions extends usage.Options {
  static synopsis = "Usage: fingerd [options] [HOST]";
  static longdesc = "fingerd answers finger queries from a users file, a self-contained well-known service for the Evolution of Finger.";
  static optFlags: usage.FlagSpec[] = [
    ["nodaemon", "n", "don't daemonize, don't use default umask of 0077"],
    ["quiet", "q", null],
  ];
  static optParameters: usage.ParameterSpec[] = [
    ["port", "p", 79, "The port to listen on", usage.portCoerce],
    ["timeout", null, 30, "Seconds to wait for a query line", usage.int],
    ["motd", "m", null, "A message of the day, shown before every answer, and a rather long description that wraps onto more lines"],
  ];
  #host: string | null = null;

  constructor() {
    super();
    this["verbose"] = 0;
    this["defines"] = [];
  }

  get host(): string | null {
    return this.#host;
  }

  opt_verbose(): void {
    this["verbose"] = (this["verbose"] as number) + 1;
  }

  opt_define(value: string): void {
    (this["defines"] as string[]).push(value);
  }

  override parseArgs(host = "localhost"): void {
    this.#host = host;
  }

  override postOptions(): void {
    if ((this["timeout"] as number) < 0) throw new usage.UsageError("timeout must not be negative");
  }
}
Object.assign(ServerOptions.prototype.opt_verbose, { __doc__: "\n        Log more\n        (may be repeated).\n        " });
Object.assign(ServerOptions.prototype.opt_define, { __doc__: "Define NAME=VALUE for the templates." });
ServerOptions.prototype.opt_v = ServerOptions.prototype.opt_verbose;
ServerOptions.prototype.opt_D = ServerOptions.prototype.opt_define;

class AddOptions extends usage.Options {
  static optParameters: usage.ParameterSpec[] = [["name", null, null, "Who to add"]];

  override parseArgs(user: string, realname: string): void {
    this["user"] = user;
    this["realname"] = realname;
  }
}

class ListOptions extends usage.Options {
  static optFlags: usage.FlagSpec[] = [["long", "l", "Long listing"]];
}

class ToolOptions extends usage.Options {
  static optFlags: usage.FlagSpec[] = [["debug", "d", "Debug"]];
  subCommands: usage.SubCommandSpec[] = [
    ["add", "a", AddOptions, "Add a user to the users file"],
    ["list", null, ListOptions, "List the users"],
  ];
  defaultSubCommand = "list";
}

const CLASSES: Record<string, new () => usage.Options> = { FingerOptions, ServerOptions, AddOptions, ListOptions, ToolOptions };

/** The command lines both run, each with the class that parses it. */
export const USAGE_SCENARIOS: [string, string[]][] = [
  ["FingerOptions", []],
  ["FingerOptions", ["--file=/tmp/users", "-s", "-p", "9000", "--ircnick", "bot"]],
  ["FingerOptions", ["-sfother", "--temp=/t"]],
  ["FingerOptions", ["--help"]],
  ["FingerOptions", ["--version"]],
  ["FingerOptions", ["--bogus"]],
  ["FingerOptions", ["-x"]],
  ["FingerOptions", ["--file"]],
  ["FingerOptions", ["-f"]],
  ["FingerOptions", ["--ssl=yes"]],
  ["FingerOptions", ["--irc=x"]],
  ["FingerOptions", ["extra"]],
  ["FingerOptions", ["--", "--file"]],
  ["ServerOptions", ["--help"]],
  ["ServerOptions", []],
  ["ServerOptions", ["-vv", "--verbose", "-D", "a=1", "--define=b=2", "example.com"]],
  ["ServerOptions", ["--port=80000"]],
  ["ServerOptions", ["--port=http"]],
  ["ServerOptions", ["--timeout=-5"]],
  ["ServerOptions", ["--timeout", "12", "-p", "1079", "-n", "-q"]],
  ["ServerOptions", ["one", "two"]],
  ["ToolOptions", ["--help"]],
  ["ToolOptions", []],
  ["ToolOptions", ["-d", "add", "moshez", "Moshe Zadka", "--name=x"]],
  ["ToolOptions", ["a", "--name", "x", "moshez", "Moshe"]],
  ["ToolOptions", ["add", "moshez"]],
  ["ToolOptions", ["add", "--help"]],
  ["ToolOptions", ["list", "-l"]],
  ["ToolOptions", ["remove"]],
  ["AddOptions", ["--help"]],
];

/** Runs one scenario as usage_scenarios.py's run() does, with the same result shape. */
export function runUsageScenario(className: string, argv: string[]): Record<string, unknown> {
  const config = new CLASSES[className]!();
  let printed = "";
  try {
    sys.withCommandLine(["finger"], (text) => (printed += text), () => config.parseOptions(argv));
  } catch (thrown) {
    if (thrown instanceof usage.UsageError) {
      return { error: thrown.message, usage: sys.withCommandLine(["finger"], () => {}, () => config.toString()) };
    }
    if (thrown instanceof SystemExit) return { exit: thrown.code, printed };
    throw thrown;
  }
  const result: Record<string, unknown> = { opts: Object.fromEntries(config.items()) };
  if (config instanceof ServerOptions && config.host !== null) result.host = config.host;
  if (config.subCommand !== null) {
    result.subCommand = config.subCommand;
    result.subOpts = Object.fromEntries(config.subOptions!.items());
  }
  return result;
}
