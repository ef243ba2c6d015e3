// finger/tap.ts: the finger service's command line (usage.Options), and makeService, which twistd calls with the parsed options.
import { service } from "twisted/application";
import { usage } from "twisted/python";
import * as finger from "./finger";

export class Options extends usage.Options {
  // Only the users file so far: the web, IRC and PB front ends need options of their own.
  static optParameters: usage.ParameterSpec[] = [["file", "f", "/etc/users"]];
}

export function makeService(config: Options): service.MultiService {
  return finger.makeService(config);
}
