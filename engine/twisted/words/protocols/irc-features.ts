/**
 * twisted.words.protocols.irc.ServerSupportedFeatures: what a server says it
 * supports in its RPL_ISUPPORT (005) lines, with Twisted's defaults for a
 * server that says nothing (NICKLEN 9, CHANNELLEN 200, ...). IRCClient uses
 * NICKLEN to decide where to split long messages.
 */

type Feature = unknown;

/** Parses "(ov)@+" into { o: ["@", 0], v: ["+", 1] }. */
function parsePrefixParam(prefix: string): Record<string, [string, number]> | null {
  if (!prefix) return null;
  const match = /^\((.*)\)(.*)$/.exec(prefix);
  if (!match) return null;
  const modes = [...match[1]!];
  const symbols = [...match[2]!];
  const result: Record<string, [string, number]> = {};
  modes.forEach((mode, i) => (result[mode] = [symbols[i] ?? "", i]));
  return result;
}

/** Parses the four comma-separated groups of CHANMODES. */
function parseChanModesParam(params: readonly string[]): Record<string, string> {
  const names = ["addressModes", "param", "setParam", "noParam"];
  const result: Record<string, string> = {};
  names.forEach((name, i) => (result[name] = params[i] ?? ""));
  return result;
}

function intOrDefault(value: string | undefined, fallback: number | null = null): number | null {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  return Number.isInteger(n) ? n : fallback;
}

/** The features an IRC server advertises, with Twisted's defaults. */
export class ServerSupportedFeatures {
  private readonly features = new Map<string, Feature>([
    ["CHANNELLEN", 200],
    ["CHANTYPES", ["#", "&"]],
    ["MODES", 3],
    ["NICKLEN", 9],
    ["PREFIX", parsePrefixParam("(ovh)@+%")],
    ["CHANMODES", parseChanModesParam(["b", "", "lk", ""])],
  ]);

  /** The value of `feature`, or `fallback` when the server has not announced it. */
  getFeature(feature: string, fallback: Feature = null): Feature {
    return this.features.has(feature) ? this.features.get(feature) : fallback;
  }

  /** True if the server announced `feature` (or it has a default). */
  hasFeature(feature: string): boolean {
    return this.features.has(feature);
  }

  /** Reads ISUPPORT parameters: "KEY=VALUE", "KEY", or "-KEY" to remove one. */
  parse(params: readonly string[]): void {
    for (const param of params) {
      const eq = param.indexOf("=");
      const key = eq < 0 ? param : param.slice(0, eq);
      const value = eq < 0 ? "" : param.slice(eq + 1);
      if (key.startsWith("-")) {
        this.features.delete(key.slice(1));
        continue;
      }
      this.features.set(key, this.interpret(key, value));
    }
  }

  private interpret(key: string, value: string): Feature {
    switch (key) {
      case "CHANNELLEN":
      case "NICKLEN":
      case "TOPICLEN":
      case "KICKLEN":
        return intOrDefault(value);
      case "MODES":
        return intOrDefault(value);
      case "CHANTYPES":
        return [...value];
      case "PREFIX":
        return parsePrefixParam(value);
      case "CHANMODES":
        return parseChanModesParam(value.split(","));
      case "NETWORK":
        return value;
      default:
        return value === "" ? true : value;
    }
  }
}
