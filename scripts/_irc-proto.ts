import { runChecks, ChecksFileSchema } from "../engine";
import { readFileSync } from "node:fs";
const sol = readFileSync("lessons/06-finger-stage-2/06-announce-on-irc/solution/finger.tac.ts", "utf8");
const checks = ChecksFileSchema.parse({ checks: [{ id: "x", title: "x", twin: "not comparable", scenario: [
  { file: "/etc/users", content: "moshez: happy and well\n" }, { wait: 1 },
  { ircSay: "constructor", to: "fingerbot" }, { ircSay: "__proto__", to: "fingerbot" },
  { expectIrc: "never", within: 1 },
  { connect: "c", port: 79 }, { send: "c", data: "toString\r\n" }, { expect: "c", received: "x", within: 1 } ] }] }).checks;
const [r] = await runChecks(sol, "finger.tac.ts", checks);
console.log(r!.detail);
