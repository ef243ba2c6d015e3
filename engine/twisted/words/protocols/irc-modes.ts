/**
 * MODE messages: parseModes splits "+ov-b" and its arguments into the modes
 * added and removed, as twisted.words.protocols.irc.parseModes does.
 */
import { pyRepr } from "./irc-python";

/** A malformed MODE message. */
export class IRCBadModes extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "IRCBadModes";
  }
}

/**
 * Splits a mode string ("+ov-b") and its arguments into the modes added and
 * removed, each with its argument (null when the mode takes none);
 * `paramModes` names the modes that take one when added and when removed.
 * @throws IRCBadModes for an empty mode string, a missing sign or argument, or extra arguments.
 */
export function parseModes(modes: string, params: readonly string[], paramModes: readonly [string, string] = ["", ""]): [[string, string | null][], [string, string | null][]] {
  if (modes.length === 0) throw new IRCBadModes("Empty mode string");
  if (!"+-".includes(modes[0]!)) throw new IRCBadModes(`Malformed modes string: ${pyRepr(modes)}`);
  const changes: [[string, string | null][], [string, string | null][]] = [[], []];
  const rest = [...params];
  let direction: 0 | 1 | null = null;
  let count = -1;
  for (const ch of modes) {
    if (ch === "+" || ch === "-") {
      if (count === 0) throw new IRCBadModes(`Empty mode sequence: ${pyRepr(modes)}`);
      direction = ch === "+" ? 0 : 1;
      count = 0;
      continue;
    }
    let param: string | null = null;
    if (paramModes[direction!].includes(ch)) {
      if (!rest.length) throw new IRCBadModes(`Not enough parameters: ${pyRepr(ch)}`);
      param = rest.shift()!;
    }
    changes[direction!].push([ch, param]);
    count += 1;
  }
  if (rest.length) throw new IRCBadModes(`Too many parameters: ${pyRepr(modes)} ${pyRepr(rest.join(" "))}`);
  if (count === 0) throw new IRCBadModes(`Empty mode sequence: ${pyRepr(modes)}`);
  return changes;
}
