/**
 * npm run lessons:new -- CHAPTER-FOLDER STEP-SLUG "Step title"
 *
 * Scaffolds a step after the chapter's last one: step.md with its
 * frontmatter, a solution copied from the previous step's (the new step
 * starts from it), a first check, hints and the Python twin. Then edit them
 * and run `npm run lessons:check`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const [chapterFolder, slug, title] = process.argv.slice(2);
const root = path.join(process.cwd(), "lessons");

function fail(message: string): never {
  console.error(message);
  console.error('usage: npm run lessons:new -- CHAPTER-FOLDER STEP-SLUG "Step title"   e.g. 02-finger-stage-1 read-a-user-name "Read a user name"');
  process.exit(1);
}

if (!chapterFolder || !slug || !title) fail("Three arguments are needed.");
if (!/^[a-z0-9-]+$/.test(slug)) fail(`The step slug must be lowercase letters, digits and dashes: "${slug}".`);
const chapterDir = path.join(root, chapterFolder);
if (!existsSync(path.join(chapterDir, "chapter.md"))) fail(`No chapter at lessons/${chapterFolder} (it needs a chapter.md).`);

const steps = readdirSync(chapterDir).filter((name) => /^\d+-/.test(name)).sort();
const previous = steps.at(-1);
const number = String((previous ? Number(previous.split("-")[0]) : 0) + 1).padStart(2, "0");
const stepDir = path.join(chapterDir, `${number}-${slug}`);
if (existsSync(stepDir)) fail(`lessons/${chapterFolder}/${number}-${slug} already exists.`);

const file = "finger.ts";
const chapterSlug = chapterFolder.replace(/^\d+-/, "");
mkdirSync(path.join(stepDir, "solution"), { recursive: true });
mkdirSync(path.join(stepDir, "twin"), { recursive: true });
const previousSolution = previous && path.join(chapterDir, previous, "solution", file);
if (previousSolution && existsSync(previousSolution)) {
  copyFileSync(previousSolution, path.join(stepDir, "solution", file));
} else {
  mkdirSync(path.join(stepDir, "start"), { recursive: true });
  writeFileSync(path.join(stepDir, "start", file), 'import { reactor } from "twisted/internet";\n\nreactor.run();\n');
  writeFileSync(path.join(stepDir, "solution", file), 'import { reactor } from "twisted/internet";\n\nreactor.run();\n');
}
const previousTwin = previous && path.join(chapterDir, previous, "twin", "finger.py");
if (previousTwin && existsSync(previousTwin)) copyFileSync(previousTwin, path.join(stepDir, "twin", "finger.py"));
else writeFileSync(path.join(stepDir, "twin", "finger.py"), "from twisted.internet import reactor\n\nreactor.run()\n");

writeFileSync(
  path.join(stepDir, "step.md"),
  `---
id: ${chapterSlug}-${slug}
title: ${JSON.stringify(title)}
summary: One sentence for the table of contents.
objectives:
  - What the learner can do after this step
apis:
  - the.twisted.API
minutes: 10
---
Explain the idea here, briefly, with a small example:

\`\`\`ts
// a few lines, not the solution
\`\`\`

## Your task

Say exactly what to change, and how to try it in the terminal.
`,
);
writeFileSync(
  path.join(stepDir, "checks.yaml"),
  `checks:
  - id: answers-moshez
    title: moshez gets an answer and the connection closes
    scenario:
      - connect: client
        port: 1079
      - send: client
        data: "moshez\\r\\n"
      - expect: client
        received: "Happy and well\\r\\n"
        state: closed
    onFail: 'The likely mistake, in one sentence.'
`,
);
writeFileSync(path.join(stepDir, "hints.md"), "A first nudge.\n---\nA closer one.\n---\nNearly the answer.\n");

const relative = path.relative(process.cwd(), stepDir);
console.log(`Created ${relative}/: step.md, solution/${file}, twin/finger.py, checks.yaml, hints.md.`);
console.log("The step starts from the previous step's solution. Edit the files, then run: npm run lessons:check " + slug);
