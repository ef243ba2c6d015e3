import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LessonError, loadCourse } from "./load";

/** A copy of one real chapter in a temporary lessons folder, to damage safely. */
function copyOfChapter(): { root: string; step: string } {
  const root = mkdtempSync(path.join(tmpdir(), "lessons-"));
  cpSync(path.join(process.cwd(), "lessons", "02-finger-stage-1"), path.join(root, "02-finger-stage-1"), { recursive: true });
  return { root, step: path.join(root, "02-finger-stage-1", "02-do-nothing") };
}

function errorOf(root: string): LessonError {
  try {
    loadCourse(root);
  } catch (error) {
    if (error instanceof LessonError) return error;
    throw error;
  }
  throw new Error("expected a LessonError");
}

describe("loading lessons", () => {
  it("names the file and the field of a bad frontmatter value", () => {
    const { root, step } = copyOfChapter();
    const file = path.join(step, "step.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("minutes: 10", "minutes: ten"));
    expect(errorOf(root).message).toBe("lessons/02-finger-stage-1/02-do-nothing/step.md: minutes: Invalid input: expected number, received string");
  });

  it("names the check step that is malformed", () => {
    const { root, step } = copyOfChapter();
    writeFileSync(path.join(step, "checks.yaml"), "checks:\n  - id: x\n    title: t\n    scenario:\n      - sned: a\n");
    expect(errorOf(root).message).toMatch(/^lessons\/02-finger-stage-1\/02-do-nothing\/checks\.yaml: checks\.0\.scenario\.0: a step needs one of/);
  });

  it("rejects an unknown widget", () => {
    const { root, step } = copyOfChapter();
    writeFileSync(path.join(step, "step.md"), readFileSync(path.join(step, "step.md"), "utf8") + "\n::: widget spinner\n");
    expect(errorOf(root).message).toMatch(/step\.md: widget: unknown widget "spinner"/);
  });

  it("includes lines of the step's own files in prose", () => {
    const { root, step } = copyOfChapter();
    writeFileSync(path.join(step, "step.md"), readFileSync(path.join(step, "step.md"), "utf8") + "\n::: include solution/finger.ts 4-4\n");
    const loaded = loadCourse(root).chapters[0]!.steps[1]!;
    expect(loaded.prose.endsWith("```ts\nclass FingerProtocol extends protocol.Protocol {}\n```")).toBe(true);
  });

  it("rejects an include of a file the step does not have", () => {
    const { root, step } = copyOfChapter();
    writeFileSync(path.join(step, "step.md"), readFileSync(path.join(step, "step.md"), "utf8") + "\n::: include solution/nope.ts\n");
    expect(errorOf(root).message).toMatch(/step\.md: include: no file solution\/nope\.ts/);
  });
});
