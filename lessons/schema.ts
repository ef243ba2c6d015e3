/**
 * The lesson format. Authored shapes (what an instructor writes) are validated
 * here; the resolved shapes (what the app renders) are built by load.ts.
 */
import { z } from "zod";

export const ChapterFrontmatterSchema = z
  .object({
    title: z.string().min(1).describe("The chapter's title"),
    summary: z.string().min(1).describe("One sentence on what the chapter teaches"),
  })
  .strict();

export const StepFrontmatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/).describe("Unique id across the course, lowercase with dashes"),
    title: z.string().min(1).describe("The step's title"),
    summary: z.string().min(1).describe("One sentence for the table of contents"),
    objectives: z.array(z.string().min(1)).min(1).describe("What the learner can do after the step"),
    apis: z.array(z.string()).default([]).describe("Twisted APIs the step teaches, e.g. basic.LineReceiver"),
    minutes: z.number().int().positive().describe("Estimated minutes to complete"),
    file: z
      .string()
      .regex(/^(?:[\w-]+\/)*[\w.-]+\.ts$/, "a .ts file in the learner's folder, e.g. finger.ts or finger/tap.ts")
      .default("finger.ts")
      .describe("The program file the learner edits, relative to the learner's folder (finger/tap.ts)"),
    command: z
      .string()
      .regex(/^twistd(?: \S+)*$/, "a twistd command line, e.g. twistd -n finger --file=/etc/users")
      .optional()
      .describe("How Run and the checks start the program, as typed in the terminal (twistd -n finger --file=/etc/users); default: run the file"),
    reading: z.boolean().default(false).describe("True for a step with nothing to fix: its start may pass"),
    browser: z
      .object({
        url: z
          .string()
          .regex(/^http:\/\/[^/\s:?#]+(:\d+)?(\/\S*)?$/, "an http:// address, e.g. http://localhost:8000/moshez")
          .describe("The address the browser pane opens at"),
      })
      .strict()
      .optional()
      .describe("For a step whose program serves web pages: the workspace opens on the Browser tab, at this address"),
    foreignLoop: z
      .object({
        button: z.string().min(1).max(24).default("Send").describe("The label of the panel's button"),
        placeholder: z.string().max(60).default("").describe("The hint shown in the panel's empty text input"),
      })
      .strict()
      .optional()
      .describe(
        "For a step whose program is driven by the page (the course's own pagesupport module): Run shows a panel with a display line, a text input and a button, whose events reach the running program as a GUI toolkit's reach a Twisted reactor; checks press it with uiEvent steps",
      ),
    files: z
      .record(z.string(), z.string())
      .superRefine((files, ctx) => {
        for (const path of Object.keys(files)) {
          if (!/^\/[^\0]*[^/]$/.test(path)) ctx.addIssue({ code: "custom", path: [path], message: "an absolute path to a file, e.g. /etc/users" });
        }
      })
      .default({})
      .describe("Files on the learner's simulated host when the step opens (path: content), e.g. /etc/users for a server that reads it"),
  })
  .strict();

export type StepFrontmatter = z.output<typeof StepFrontmatterSchema>;

/** Interactive widgets prose can place with a line `::: widget NAME` (the app implements each). */
export const WIDGETS = ["concurrency-timeline"] as const;
export type WidgetName = (typeof WIDGETS)[number];

/** A widget line in prose: `::: widget NAME` alone on its line. */
export const WIDGET_LINE = /^::: widget ([a-z0-9-]+)[ \t]*$/gm;

/** A step as the app sees it: everything resolved, start code included. */
export interface Step extends StepFrontmatter {
  readonly chapterSlug: string;
  readonly slug: string;
  /** The step's folder, relative to the repository: lessons/NN-chapter/NN-step. */
  readonly dir: string;
  /** Markdown body of step.md. */
  readonly prose: string;
  readonly start: string;
  readonly solution: string;
  /**
   * The learner's other files beside the edited one, by path relative to the
   * learner's folder (finger/finger.ts beside finger/tap.ts): the other files
   * of solution/, and those of the chapter's earlier steps.
   */
  readonly otherFiles: Readonly<Record<string, string>>;
  readonly checks: import("../engine").Check[];
  /** Progressive hints, first to last. */
  readonly hints: string[];
  /** The same program written for real Twisted, if the step has one. */
  readonly twin: string | null;
}

export interface Chapter {
  readonly slug: string;
  readonly number: number;
  readonly title: string;
  readonly summary: string;
  readonly intro: string;
  readonly steps: Step[];
}

export interface Course {
  readonly chapters: Chapter[];
}
