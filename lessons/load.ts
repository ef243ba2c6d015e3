/**
 * Reads the course from lessons/ on disk (at build time, in Node). Each
 * problem names the file and the field, and stops the build.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ChecksFileSchema, commandLine, type ProgramSetup } from "../engine";
import { ChapterFrontmatterSchema, StepFrontmatterSchema, WIDGETS, WIDGET_LINE, type Chapter, type Course, type Step } from "./schema";

/** A problem in a lesson file, located by file and field. */
export class LessonError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ""}${problem}`);
    this.name = "LessonError";
  }
}

const NUMBERED = /^(\d+)-([a-z0-9-]+)$/;

/** Loads every chapter and step under `root` (default: this folder). */
export function loadCourse(root = defaultRoot()): Course {
  const chapters = numberedFolders(root).map((folder) => loadChapter(root, folder));
  const previousIds = new Map<string, string>();
  for (const chapter of chapters) {
    for (const step of chapter.steps) {
      const where = `${chapter.slug}/${step.slug}`;
      const clash = previousIds.get(step.id);
      if (clash) throw new LessonError(relative(root, path.join(root, where, "step.md")), "id", `"${step.id}" is already used by ${clash}`);
      previousIds.set(step.id, where);
    }
  }
  return { chapters };
}

function loadChapter(root: string, folder: string): Chapter {
  const dir = path.join(root, folder);
  const [, number, slug] = NUMBERED.exec(folder)!;
  const chapterFile = path.join(dir, "chapter.md");
  const { data, body } = readFrontmatter(root, chapterFile);
  const meta = validate(root, chapterFile, ChapterFrontmatterSchema, data);
  const steps: Step[] = [];
  for (const stepFolder of numberedFolders(dir)) {
    steps.push(loadStep(root, path.join(dir, stepFolder), slug!, steps[steps.length - 1]));
  }
  if (steps.length === 0) throw new LessonError(relative(root, dir), "", "a chapter needs at least one step folder");
  return { slug: slug!, number: Number(number), ...meta, intro: body.trim(), steps };
}

function loadStep(root: string, dir: string, chapterSlug: string, previous: Step | undefined): Step {
  const slug = NUMBERED.exec(path.basename(dir))![2]!;
  const stepFile = path.join(dir, "step.md");
  const { data, body } = readFrontmatter(root, stepFile);
  const meta = validate(root, stepFile, StepFrontmatterSchema, data);
  for (const [, name] of body.matchAll(WIDGET_LINE)) {
    if (!(WIDGETS as readonly string[]).includes(name!)) {
      throw new LessonError(relative(root, stepFile), "widget", `unknown widget "${name}"; known: ${WIDGETS.join(", ")}`);
    }
  }
  const prose = includeFiles(root, dir, stepFile, body);
  const solution = readRequired(root, path.join(dir, "solution", meta.file));
  const ownStart = path.join(dir, "start", meta.file);
  let start: string;
  if (existsSync(ownStart)) start = readFileSync(ownStart, "utf8");
  // A reading step has nothing to fix: without a start of its own, it starts from its solution (one copy, not two).
  else if (meta.reading) start = solution;
  else if (previous && previous.file === meta.file) start = previous.solution;
  else throw new LessonError(relative(root, ownStart), "", "missing: the first step of a chapter (or a step that changes file) needs its own start file");
  if (meta.reading && existsSync(ownStart) && start === solution) {
    throw new LessonError(relative(root, ownStart), "", "a reading step whose start is its solution keeps one copy: delete the start folder");
  }
  startHoldsOnlyTheFile(root, dir, meta.file);
  const checksFile = path.join(dir, "checks.yaml");
  const checks = validate(root, checksFile, ChecksFileSchema, parseYamlFile(root, checksFile)).checks;
  const hintsFile = path.join(dir, "hints.md");
  const hints = existsSync(hintsFile) ? splitHints(readFileSync(hintsFile, "utf8")) : [];
  const twinFile = path.join(dir, "twin", twinFileName(meta.file));
  const twin = existsSync(twinFile) ? twinAsShown(readFileSync(twinFile, "utf8")) : null;
  const otherFiles = stepOtherFiles(root, path.join(dir, "solution"), meta.file, previous?.chapterSlug === chapterSlug ? previous : undefined);
  return { ...meta, chapterSlug, slug, dir: relative(root, dir), prose: prose.trim(), start, solution, otherFiles, checks, hints, twin };
}

/** How the step's program runs: its other files, and its command line when it has one (see ProgramSetup). */
export function stepSetup(step: Step): ProgramSetup {
  return { files: step.otherFiles, ...(step.command ? { command: commandLine(step.command) } : {}) };
}

/**
 * The learner's files beside the one the step edits: those the chapter's
 * previous step had (its edited file as its solution left it), replaced by
 * the other files of this step's solution/ folder.
 */
function stepOtherFiles(root: string, solutionDir: string, file: string, previous: Step | undefined): Record<string, string> {
  // Only a chapter of several files carries them on: a one-file chapter that changes file leaves the old one behind.
  const carried = previous && Object.keys(previous.otherFiles).length > 0;
  const files: Record<string, string> = carried ? { ...previous.otherFiles, [previous.file]: previous.solution } : {};
  for (const other of filesUnder(solutionDir)) {
    if (other === file) continue;
    if (!other.endsWith(".ts")) throw new LessonError(relative(root, path.join(solutionDir, other)), "", "a module beside the learner's file is a .ts file");
    files[other] = readFileSync(path.join(solutionDir, other), "utf8");
  }
  delete files[file];
  return files;
}

/** The learner's other files come from solution/ and the chapter's earlier steps: start/ holds only the edited file. */
function startHoldsOnlyTheFile(root: string, dir: string, file: string): void {
  const startDir = path.join(dir, "start");
  const extra = existsSync(startDir) ? filesUnder(startDir).filter((name) => name !== file) : [];
  if (extra.length) {
    throw new LessonError(relative(root, path.join(startDir, extra[0]!)), "", "start/ holds only the learner's file; the modules beside it come from solution/");
  }
}

/** Every file under `dir`, by path relative to it, with "/" between folders. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, name) : [name];
  });
}

/**
 * Replaces `::: include PATH [FIRST-LAST]` lines with a code block holding
 * those lines of one of the step's own files, so prose never carries a stale
 * copy of the code it talks about.
 */
function includeFiles(root: string, dir: string, stepFile: string, body: string): string {
  return body.replace(/^::: include (\S+)(?: (\d+)-(\d+))?[ \t]*$/gm, (_line, file: string, first?: string, last?: string) => {
    const target = path.join(dir, file);
    if (!target.startsWith(dir + path.sep) || !existsSync(target)) {
      throw new LessonError(relative(root, stepFile), "include", `no file ${file} in this step's folder`);
    }
    const lines = readFileSync(target, "utf8").replace(/\n$/, "").split("\n");
    const from = first ? Number(first) : 1;
    const to = last ? Number(last) : lines.length;
    if (from < 1 || to > lines.length || from > to) {
      throw new LessonError(relative(root, stepFile), "include", `${file} has ${lines.length} lines; ${first}-${last} is out of range`);
    }
    const language = file.endsWith(".py") ? "python" : "ts";
    return "```" + language + "\n" + lines.slice(from - 1, to).join("\n") + "\n```";
  });
}

/**
 * The Python twin's name for the learner's file: finger.ts has twin/finger.py,
 * and an application configuration finger.tac.ts has twin/finger.tac (run with twistd).
 */
export function twinFileName(file: string): string {
  return /\.tac\.ts$/.test(file) ? file.replace(/\.ts$/, "") : file.replace(/\.ts$/, ".py");
}

/**
 * The twin as the page shows it. A twin line ending in `# shown as: TEXT` is
 * shown as TEXT (with the line's indentation): lessons:check runs the twin with
 * the answer, as it runs the solution, but the page beside a "predict the
 * order" exercise must not give the answer away.
 */
export function twinAsShown(text: string): string {
  return text.replace(/^([ \t]*)\S.*?[ \t]+# shown as: (.*)$/gm, (_line, indent: string, shown: string) => indent + shown);
}

/** Hints are separated by lines holding only "---". */
function splitHints(text: string): string[] {
  return text
    .split(/^---$/m)
    .map((hint) => hint.trim())
    .filter(Boolean);
}

function readFrontmatter(root: string, file: string): { data: unknown; body: string } {
  const text = readRequired(root, file);
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!match) throw new LessonError(relative(root, file), "frontmatter", "the file must start with a --- fenced YAML block");
  try {
    return { data: parseYaml(match[1]!), body: match[2]! };
  } catch (error) {
    throw new LessonError(relative(root, file), "frontmatter", `invalid YAML: ${(error as Error).message}`);
  }
}

function parseYamlFile(root: string, file: string): unknown {
  const text = readRequired(root, file);
  try {
    return parseYaml(text);
  } catch (error) {
    throw new LessonError(relative(root, file), "", `invalid YAML: ${(error as Error).message}`);
  }
}

function validate<S extends z.ZodType>(root: string, file: string, schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new LessonError(relative(root, file), issue.path.join(".") || "(top level)", issue.message);
}

function readRequired(root: string, file: string): string {
  if (!existsSync(file)) throw new LessonError(relative(root, file), "", "missing file");
  return readFileSync(file, "utf8");
}

function numberedFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => NUMBERED.test(name) && statSync(path.join(dir, name)).isDirectory())
    .sort();
}

function relative(root: string, file: string): string {
  return path.join("lessons", path.relative(root, file));
}

function defaultRoot(): string {
  return path.join(process.cwd(), "lessons");
}
