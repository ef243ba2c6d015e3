/**
 * Python's getopt.getopt, which Twisted's usage.Options parses with:
 * options stop at the first argument that is not one, `--` ends them, a long
 * option may be shortened to any unique prefix, and the errors carry
 * Python's words ("option --fil not a unique prefix"). Imports nothing.
 */

/** getopt.GetoptError: the message is what usage.Options shows. */
export class GetoptError extends Error {
  constructor(
    message: string,
    readonly opt: string,
  ) {
    super(message);
    this.name = "GetoptError";
  }
}

/**
 * Splits `args` into options and the arguments after them.
 * @param shortopts letters, each followed by ":" when it takes an argument ("nyl:")
 * @param longopts names, each ending in "=" when it takes an argument (["logfile=", "nodaemon"])
 * @returns the options as ["--logfile", "x.log"] or ["-n", ""] pairs, and the rest
 * @throws GetoptError for an unknown option, a missing argument, or an argument a flag cannot take
 */
export function getopt(args: readonly string[], shortopts: string, longopts: readonly string[]): [[string, string][], string[]] {
  const opts: [string, string][] = [];
  let rest = [...args];
  while (rest.length > 0 && rest[0]!.startsWith("-") && rest[0] !== "-") {
    const arg = rest[0]!;
    rest = rest.slice(1);
    if (arg === "--") break;
    rest = arg.startsWith("--") ? doLong(opts, arg.slice(2), longopts, rest) : doShorts(opts, arg.slice(1), shortopts, rest);
  }
  return [opts, rest];
}

function doLong(opts: [string, string][], given: string, longopts: readonly string[], args: string[]): string[] {
  const equals = given.indexOf("=");
  const name = equals < 0 ? given : given.slice(0, equals);
  let value: string | null = equals < 0 ? null : given.slice(equals + 1);
  const [hasArg, opt] = longHasArgs(name, longopts);
  if (hasArg) {
    if (value === null) {
      if (args.length === 0) throw new GetoptError(`option --${opt} requires argument`, opt);
      value = args[0]!;
      args = args.slice(1);
    }
  } else if (value !== null) {
    throw new GetoptError(`option --${opt} must not have an argument`, opt);
  }
  opts.push([`--${opt}`, value ?? ""]);
  return args;
}

function longHasArgs(opt: string, longopts: readonly string[]): [boolean, string] {
  const possibilities = longopts.filter((o) => o.startsWith(opt));
  if (possibilities.length === 0) throw new GetoptError(`option --${opt} not recognized`, opt);
  if (possibilities.includes(opt)) return [false, opt];
  if (possibilities.includes(`${opt}=`)) return [true, opt];
  if (possibilities.length > 1) throw new GetoptError(`option --${opt} not a unique prefix`, opt);
  const match = possibilities[0]!;
  return match.endsWith("=") ? [true, match.slice(0, -1)] : [false, match];
}

function doShorts(opts: [string, string][], letters: string, shortopts: string, args: string[]): string[] {
  while (letters !== "") {
    const opt = letters[0]!;
    letters = letters.slice(1);
    let value = "";
    if (shortHasArg(opt, shortopts)) {
      if (letters === "") {
        if (args.length === 0) throw new GetoptError(`option -${opt} requires argument`, opt);
        letters = args[0]!;
        args = args.slice(1);
      }
      value = letters;
      letters = "";
    }
    opts.push([`-${opt}`, value]);
  }
  return args;
}

function shortHasArg(opt: string, shortopts: string): boolean {
  for (let i = 0; i < shortopts.length; i++) {
    if (opt === shortopts[i] && opt !== ":") return shortopts.startsWith(":", i + 1);
  }
  throw new GetoptError(`option -${opt} not recognized`, opt);
}
