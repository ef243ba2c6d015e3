// finger/tap.ts: the finger service's command line (usage.Options), and makeService, which twistd calls with the parsed options.
import { service } from "twisted/application";
import { usage } from "twisted/python";
import * as finger from "./finger";

export class Options extends usage.Options {
  static optParameters: usage.ParameterSpec[] = [
    ["file", "f", "/etc/users"],
    ["templates", "t", "/usr/share/finger/templates"],
    ["ircnick", "n", "fingerbot"],
    ["ircserver", null, "irc.freenode.net"],
    ["pbport", "p", 8889],
  ];

  static optFlags: usage.FlagSpec[] = [["ssl", "s"]];
}

export function makeService(config: Options): service.MultiService {
  return finger.makeService(config);
}
