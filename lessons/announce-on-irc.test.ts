/**
 * The IRC step's checks (06-finger-stage-2/06-announce-on-irc) catch the
 * mistakes a learner is likely to make, each in the check that names it,
 * and pass for the solution.
 */
import { describe, expect, it } from "vitest";
import { runChecks } from "../engine";
import { loadCourse } from "./load";

const step = loadCourse()
  .chapters.flatMap((chapter) => chapter.steps)
  .find((s) => s.id === "finger-irc-bot")!;

async function failing(source: string): Promise<string[]> {
  const results = await runChecks(source, step.file, step.checks);
  return results.filter((r) => !r.passed).map((r) => r.id);
}

const solution = step.solution;
const mistakes: Record<string, [string, string[]]> = {
  "answering in channels too": [
    solution.replace("if (this.nickname.toLowerCase() === channel.toLowerCase()) {", "if (true) {"),
    ["quiet-in-channels"],
  ],
  "connecting once instead of a ClientService": [
    solution.replace(
      /new internet\.ClientService\(([\s\S]*?)\)\.setServiceParent\(\s*serviceCollection,\s*\);/,
      'endpoints.clientFromString(reactor, "tcp:irc.freenode.org:6667").connect(f.getIRCBot("fingerbot"));',
    ),
    ["reconnects"],
  ],
  "forgetting the factory's nickname": [
    solution.replace("this.nickname = this.factory.nickname;", ""),
    ["registers", "answers-privately", "answers-ping", "reconnects"],
  ],
  "answering in the channel instead of privately": [solution.replace("this.msg(nick, text)", 'this.msg("#twisted", text)'), ["answers-privately", "reconnects"]],
  "not joining #twisted": [solution.replace('this.join("#twisted");', ""), ["quiet-in-channels"]],
  "losing the web front end": [solution.replace(/strports\.service\("tcp:8000".*\n/, ""), ["web-still-answers"]],
};

describe("the IRC step's checks", () => {
  it("all pass for the solution; the start fails every IRC check and keeps finger and the web", async () => {
    expect(await failing(solution)).toEqual([]);
    expect(await failing(step.start)).toEqual(["registers", "answers-privately", "quiet-in-channels", "answers-ping", "reconnects"]);
  });

  for (const [mistake, [source, expected]] of Object.entries(mistakes)) {
    it(`catch ${mistake}`, async () => {
      expect(source).not.toBe(solution);
      expect(await failing(source)).toEqual(expected);
    });
  }

  it("every check seeds /etc/users before the program starts", () => {
    for (const check of step.checks) expect(check.scenario[0]).toMatchObject({ file: "/etc/users" });
    expect(step.files["/etc/users"]).toBe((step.checks[0]!.scenario[0] as { content: string }).content);
  });
});
