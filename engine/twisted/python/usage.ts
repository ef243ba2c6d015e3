/**
 * twisted.python.usage: command-line parsing for Twisted tools and plugins.
 *
 * As in Python, an Options subclass declares what it accepts:
 *
 *     class Options extends usage.Options {
 *       static optParameters = [["file", "f", "/etc/users", "The users file"]];
 *       static optFlags = [["ssl", "s"]];
 *       opt_verbose() { this["verbose"] = Number(this["verbose"] ?? 0) + 1; }
 *     }
 *     const config = new Options();
 *     config.parseOptions(["--file=/tmp/users", "-s"]);
 *     config["file"]  // "/tmp/users"
 *
 * Declarations are static fields (Python's class attributes), read when an
 * instance is built, subclasses adding to their bases' (accumulateClassList).
 * `opt_NAME` methods handle their own option: one parameter makes it take a
 * value. An alias is the same function under a second name
 * (`Options.prototype.opt_n = Options.prototype.opt_nodaemon`), and a
 * method's help text is its `__doc__` property, as a docstring is in Python.
 * Values live on the object itself, as they live in the dict Options is in
 * Python: `config["file"]`, `config.opts["file"]`.
 */
import { getopt, GetoptError } from "../../stdlib/getopt";
import * as sys from "../../stdlib/sys";
import { wrap } from "../../stdlib/textwrap";
import { gatherFlags, gatherHandlers, gatherParameters, type FlagSpec, type Handler, type ParameterSpec } from "./usage-declarations";
import { docMakeChunks, type OptionDoc } from "./usage-help";
import { UsageError } from "./usage-error";

export { UsageError } from "./usage-error";
export { int, portCoerce, type Coerce } from "./usage-coerce";
export type { FlagSpec, ParameterSpec } from "./usage-declarations";

/** usage.error, Twisted's other name for UsageError. */
export const error = UsageError;

/**
 * A sub-command: [name, short name or null, its Options class (or a function returning one), help].
 * `subCommands` is a list of these, or a generator of them (as twistd's plugins are).
 */
export type SubCommandSpec = readonly [name: string, short: string | null, parser: (new () => Options) | (() => Options), doc: string];

/** The version usage.Options reports for `--version`. */
export const TWISTED_VERSION = "22.4.0";

/** How many arguments `fn` accepts, from its source: [fewest, most] (most is Infinity with a rest parameter). */
function arity(fn: (...args: never[]) => unknown): [number, number] {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf("(");
  const close = source.indexOf(")", open);
  const params = open < 0 || close < 0 ? "" : source.slice(open + 1, close).trim();
  if (params.includes("...") || /[{[]/.test(params)) return [fn.length, Infinity];
  return [fn.length, params === "" ? 0 : params.split(",").filter((p) => p.trim() !== "").length];
}

/** An option parser, as twisted.python.usage.Options; see the module's comment for declaring options. */
export class Options {
  [key: string]: unknown;
  static optFlags?: readonly FlagSpec[];
  static optParameters?: readonly ParameterSpec[];

  /** The sub-command given on the command line, once parsed. */
  subCommand: string | null = null;
  /** The sub-command's own parsed Options. */
  subOptions?: Options;
  /** The Options this one is a sub-command of. */
  parent: Options | null = null;
  /** The parsed values: this object itself, as in Python. */
  readonly opts: Options = this;
  /** Each option's default. */
  readonly defaults: Record<string, unknown> = {};
  /** Long option names for getopt ("logfile=" takes a value). */
  readonly longOpt: string[] = [];
  /** Short option letters for getopt ("l:" takes a value). */
  shortOpt = "";
  readonly docs: Record<string, string | null> = {};
  readonly synonyms: Record<string, string> = {};
  private readonly dispatchers = new Map<string, Handler>();
  private readonly coerceDocs = new Map<string, string>();

  constructor() {
    for (const gather of [gatherFlags, gatherParameters, gatherHandlers]) {
      const found = gather(this);
      this.longOpt.push(...found.longOpt);
      this.shortOpt += found.shortOpt;
      for (const [name, doc] of found.docs) this.docs[name] = doc;
      for (const [name, value] of found.settings) {
        if (name in this && !Object.prototype.hasOwnProperty.call(this.defaults, name)) {
          throw new TypeError(`usage.Options: an option may not be called '${name}': Options uses that name itself`);
        }
        this[name] = value;
        this.defaults[name] = value;
      }
      for (const [name, long] of found.synonyms) this.synonyms[name] = long;
      for (const [name, handler] of found.dispatch) this.dispatchers.set(name, handler);
      for (const [name, doc] of found.coerceDocs) this.coerceDocs.set(name, doc);
    }
  }

  /** Display this help and exit. */
  opt_help(): void {
    sys.stdout.write(`${this.toString()}\n`);
    sys.exit(0);
  }

  /** Display Twisted version and exit. */
  opt_version(): void {
    sys.stdout.write(`Twisted version: ${TWISTED_VERSION}\n`);
    sys.exit(0);
  }

  /**
   * Parses a command line (sys.argv after the program's name by default):
   * options, then a sub-command or parseArgs with what is left, then postOptions.
   * @throws UsageError with Twisted's message for anything it cannot accept
   */
  parseOptions(options?: readonly string[]): void {
    const given = options ?? sys.argv.slice(1);
    let opts: [string, string][];
    let args: string[];
    try {
      [opts, args] = getopt(given, this.shortOpt, this.longOpt);
    } catch (thrown) {
      if (thrown instanceof GetoptError) throw new UsageError(thrown.message);
      throw thrown;
    }
    for (const [flag, arg] of opts) {
      const opt = flag[1] === "-" ? flag.slice(2) : flag.slice(1);
      let mangled = opt;
      if (!(mangled in this.synonyms)) {
        mangled = opt.replace(/-/g, "_");
        if (!(mangled in this.synonyms)) throw new UsageError(`No such option '${opt}'`);
      }
      mangled = this.synonyms[mangled]!;
      this.dispatchers.get(mangled)!(mangled, arg);
    }
    const declared = this.getDefault("subCommands") as Iterable<SubCommandSpec> | undefined;
    // Python's truth: an empty list is false, a generator (twistd's plugins) always true.
    const hasSubCommands = declared !== undefined && declared !== null && (!Array.isArray(declared) || declared.length > 0);
    const subCommands = hasSubCommands ? [...declared] : [];
    const defaultSubCommand = this.getDefault("defaultSubCommand") as string | null | undefined;
    if (hasSubCommands && (args.length > 0 || (defaultSubCommand !== null && defaultSubCommand !== undefined))) {
      if (args.length === 0) args = [defaultSubCommand!];
      const [sub, ...rest] = args as [string, ...string[]];
      const match = subCommands.find(([cmd, short]) => sub === cmd || sub === short);
      if (!match) throw new UsageError(`Unknown command: ${sub}`);
      const [cmd, , parser] = match;
      this.subCommand = cmd;
      this.subOptions = isOptionsClass(parser) ? new parser() : (parser as () => Options)();
      this.subOptions.parent = this;
      this.subOptions.parseOptions(rest);
    } else {
      const [fewest, most] = arity(this.parseArgs);
      if (args.length < fewest || args.length > most) throw new UsageError("Wrong number of arguments.");
      try {
        this.parseArgs(...args);
      } catch (thrown) {
        // Python turns any TypeError out of parseArgs into this message.
        if (thrown instanceof TypeError) throw new UsageError("Wrong number of arguments.");
        throw thrown;
      }
    }
    this.postOptions();
  }

  /** Called after parsing; override to check the options together (throw UsageError). */
  postOptions(): void {}

  /** Called with the arguments left after the options; the default accepts none. */
  parseArgs(..._args: string[]): void;
  parseArgs(): void {}

  /** The options' names, as the keys of the dict Options is in Python (values set in code included). */
  keys(): string[] {
    return Object.keys(this).filter((key) => !OPTIONS_OWN_FIELDS.has(key));
  }

  /** The options and their values, as dict(config) gives them. */
  items(): [string, unknown][] {
    return this.keys().map((key) => [key, this[key]]);
  }

  /** The value of an option: what was given, or its default. */
  get(name: string): unknown {
    return this[name];
  }

  /** "Usage: twistd [options]", with a sub-command's parents before it. */
  getSynopsis(): string {
    let synopsis: string;
    const declared = this.getDefault("synopsis");
    if (typeof declared === "string") synopsis = declared;
    else if (this.parent === null) synopsis = `Usage: ${executableName()}${this.longOpt.length > 0 ? " [options]" : ""}`;
    else synopsis = this.longOpt.length > 0 ? "[options]" : "";
    synopsis = synopsis.trimEnd();
    if (this.parent !== null) synopsis = [this.parent.getSynopsis(), this.parent.subCommand, synopsis].join(" ");
    return synopsis;
  }

  /** The help after the synopsis: options, the long description, sub-commands; `width` columns (80). */
  getUsage(width?: number): string {
    if (this.subOptions) return this.subOptions.getUsage(width);
    const columns = width || 80;
    const subCommands = this.getSubCommands();
    const commands = subCommands
      ? `Commands:\n${docMakeChunks(
          subCommands.map(([cmd, short, , doc]) => ({ long: cmd, short, doc, optType: "command" as const, default: null })),
          columns,
        ).join("")}`
      : "";
    const longToShort = new Map<string, string | null>();
    for (const [key, longname] of Object.entries(this.synonyms)) {
      if (key !== longname && key.length === 1) longToShort.set(longname, key);
      else if (!longToShort.has(longname)) longToShort.set(longname, null);
    }
    const optDocs: OptionDoc[] = this.longOpt.map((spelled) => {
      const parameter = spelled.endsWith("=");
      const long = parameter ? spelled.slice(0, -1) : spelled;
      return {
        long,
        short: longToShort.get(long) ?? null,
        doc: this.docs[long] ?? null,
        optType: parameter ? "parameter" : "flag",
        default: this.defaults[long] ?? null,
        coerceDoc: this.coerceDocs.get(long),
      };
    });
    const declared = this.getDefault("longdesc");
    let longdesc = typeof declared === "string" ? declared : "";
    if (longdesc) longdesc = `\n${wrap(longdesc, columns).join("\n").trim()}\n`;
    const options = optDocs.length > 0 ? `Options:\n${docMakeChunks(optDocs, columns).join("")}` : "Options: None\n";
    return options + longdesc + commands;
  }

  /** The synopsis and the usage: what `--help` prints. */
  toString(): string {
    return `${this.getSynopsis()}\n${this.getUsage()}`;
  }

  /** An instance field, or else the class's static one (Python's class attribute). */
  private getDefault(name: string): unknown {
    if (this[name] !== undefined) return this[name];
    return (this.constructor as unknown as Record<string, unknown>)[name];
  }

  private getSubCommands(): readonly SubCommandSpec[] | undefined {
    const declared = this.getDefault("subCommands") as Iterable<SubCommandSpec> | undefined;
    return declared === undefined || declared === null ? undefined : [...declared];
  }

}

// The help texts of Options' own handlers, as their docstrings give them in Python.
Object.assign(Options.prototype.opt_help, { __doc__: "Display this help and exit." });
Object.assign(Options.prototype.opt_version, { __doc__: "Display Twisted version and exit." });

/** Options' own fields and the declarations a subclass may make as instance fields (Python's class attributes): not options. */
const OPTIONS_OWN_FIELDS = new Set([...Object.keys(new Options()), "subCommands", "defaultSubCommand", "synopsis", "longdesc"]);

function isOptionsClass(parser: unknown): parser is new () => Options {
  return typeof parser === "function" && (parser === Options || (parser as { prototype?: unknown }).prototype instanceof Options);
}

/** The program's name for the synopsis, from sys.argv[0] as reflect.filenameToModuleName gives it. */
function executableName(): string {
  const program = sys.argv[0] ?? "";
  const base = program.split("/").pop() ?? program;
  return base.replace(/\.(py|ts|js)$/, "");
}
