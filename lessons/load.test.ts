import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LessonError, loadCourse, twinAsShown } from "./load";

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

  it("reads a step's browser address, and names the field of one that is not http://", () => {
    const { root, step } = copyOfChapter();
    const file = path.join(step, "step.md");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace("minutes: 10", "minutes: 10\nbrowser:\n  url: http://localhost:8000/moshez"));
    const loaded = loadCourse(root).chapters[0]!.steps.find((s) => s.slug === "do-nothing")!;
    expect(loaded.browser).toEqual({ url: "http://localhost:8000/moshez" });
    writeFileSync(file, original.replace("minutes: 10", "minutes: 10\nbrowser:\n  url: https://localhost:8000/"));
    expect(errorOf(root).message).toBe(
      "lessons/02-finger-stage-1/02-do-nothing/step.md: browser.url: an http:// address, e.g. http://localhost:8000/moshez",
    );
  });

  it("names the check step that is malformed", () => {
    const { root, step } = copyOfChapter();
    writeFileSync(path.join(step, "checks.yaml"), "checks:\n  - id: x\n    title: t\n    scenario:\n      - sned: a\n");
    expect(errorOf(root).message).toMatch(/^lessons\/02-finger-stage-1\/02-do-nothing\/checks\.yaml: checks\.0\.scenario\.0: a step needs one of/);
  });

  it("reads a step's files (step.md's files:), none by default, and rejects a relative path", () => {
    const { root, step } = copyOfChapter();
    const file = path.join(step, "step.md");
    const original = readFileSync(file, "utf8");
    expect(loadCourse(root).chapters[0]!.steps[1]!.files).toEqual({});
    writeFileSync(file, original.replace("minutes: 10", "minutes: 10\nfiles:\n  /etc/users: |\n    moshez: happy and well\n"));
    expect(loadCourse(root).chapters[0]!.steps[1]!.files).toEqual({ "/etc/users": "moshez: happy and well\n" });
    writeFileSync(file, original.replace("minutes: 10", "minutes: 10\nfiles:\n  etc/users: x\n"));
    expect(errorOf(root).message).toBe("lessons/02-finger-stage-1/02-do-nothing/step.md: files.etc/users: an absolute path to a file, e.g. /etc/users");
  });

  it("reads the other files beside a step's file from solution/, none by default, and keeps start/ to the learner's file", () => {
    const { root, step } = copyOfChapter();
    expect(loadCourse(root).chapters[0]!.steps[1]!.otherFiles).toEqual({});
    mkdirSync(path.join(step, "solution", "finger"), { recursive: true });
    writeFileSync(path.join(step, "solution", "finger", "finger.ts"), "export const port = 79;\n");
    expect(loadCourse(root).chapters[0]!.steps[1]!.otherFiles).toEqual({ "finger/finger.ts": "export const port = 79;\n" });
    writeFileSync(path.join(step, "solution", "notes.txt"), "x");
    expect(errorOf(root).message).toBe("lessons/02-finger-stage-1/02-do-nothing/solution/notes.txt: a module beside the learner's file is a .ts file");
    mkdirSync(path.join(step, "start", "finger"), { recursive: true });
    writeFileSync(path.join(step, "start", "finger", "finger.ts"), "export const port = 1079;\n");
    expect(errorOf(root).message).toBe(
      "lessons/02-finger-stage-1/02-do-nothing/start/finger/finger.ts: start/ holds only the learner's file; the modules beside it come from solution/",
    );
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

describe("reading steps", () => {
  /** A copy of the concepts chapter, whose "sockets under Twisted" step is a reading step. */
  function copyOfConcepts(): { root: string; step: string } {
    const root = mkdtempSync(path.join(tmpdir(), "lessons-"));
    cpSync(path.join(process.cwd(), "lessons", "01-concepts"), path.join(root, "01-concepts"), { recursive: true });
    return { root, step: path.join(root, "01-concepts", "04-sockets-under-twisted") };
  }

  it("start from their own solution when they have no start folder", () => {
    const { root } = copyOfConcepts();
    const step = loadCourse(root).chapters[0]!.steps[3]!;
    expect(step.reading).toBe(true);
    expect(step.start).toBe(step.solution);
    expect(step.start).toBe(readFileSync(path.join(root, "01-concepts", "04-sockets-under-twisted", "solution", "sockets.ts"), "utf8"));
  });

  it("reject a start that is a byte-identical second copy of the solution", () => {
    const { root, step } = copyOfConcepts();
    cpSync(path.join(step, "solution"), path.join(step, "start"), { recursive: true });
    expect(errorOf(root).message).toBe("lessons/01-concepts/04-sockets-under-twisted/start/sockets.ts: a reading step whose start is its solution keeps one copy: delete the start folder");
  });
});

describe("twins as shown", () => {
  it("show a line marked `# shown as:` as its replacement, with its indentation, and run it as written", () => {
    const text = 'predicted = ["A", "B"]  # shown as: predicted = []\nd = {\n    "x": [1],  # shown as: "x": [],\n}\nprint(predicted)\n';
    expect(twinAsShown(text)).toBe('predicted = []\nd = {\n    "x": [],\n}\nprint(predicted)\n');
  });

  it("never show the answer of a predict-the-order exercise", () => {
    for (const chapter of loadCourse().chapters) {
      for (const step of chapter.steps) expect(step.twin ?? "", step.id).not.toMatch(/# shown as:|predicted = \[\s*"/);
    }
  });
});
