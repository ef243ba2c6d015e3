import { readFileSync } from "node:fs";
import { runChecks } from "../engine";
import { loadCourse } from "../lessons/load";
const step = loadCourse("/work/wt-stage2-irc/lessons").chapters.flatMap((c) => c.steps).find((s) => s.id === "finger-irc-bot")!;
const sol = step.solution;
const variants: Record<string, string> = {
  start: step.start,
  solution: sol,
  answersChannels: sol.replace("if (this.nickname.toLowerCase() === channel.toLowerCase()) {", "if (true) {"),
  connectOnce: sol.replace(/new internet\.ClientService\(([\s\S]*?)\)\.setServiceParent\(\s*serviceCollection,\s*\);/, "endpoints.clientFromString(reactor, \"tcp:irc.freenode.org:6667\").connect(f.getIRCBot(\"fingerbot\"));"),
  noNickFromFactory: sol.replace("this.nickname = this.factory.nickname;", ""),
  answersInChannel: sol.replace("this.msg(nick, text)", 'this.msg("#twisted", text)'),
  noJoin: sol.replace('this.join("#twisted");', ""),
  toString: sol,
};
for (const [name, source] of Object.entries(variants)) {
  const results = await runChecks(source, step.file, step.checks);
  console.log(name.padEnd(18), results.map((r) => `${r.id}:${r.passed ? "ok" : "FAIL"}`).join(" "));
  if (name === "connectOnce" || name === "noNickFromFactory") console.log("   ", results.filter((r) => !r.passed).map((r) => r.detail.slice(0, 200)).join("\n    "));
}
