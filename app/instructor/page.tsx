import { readFileSync } from "node:fs";
import path from "node:path";
import type { Metadata } from "next";
import Link from "next/link";
import { loadSqlite, runChecks, type CheckResult } from "../../engine";
import { stepSetup } from "../../lessons/load";
import type { Chapter, Step } from "../../lessons/schema";
import { getCourse, stepHref } from "../lib/course";
import SiteHeader from "../SiteHeader";

export const metadata: Metadata = { title: "Instructor view" };

/**
 * Every step's checks run against its solution and its start, at build time
 * (so the page is static and always matches the lessons it was built from).
 */
export default async function InstructorPage() {
  // SQLite for the database steps. The server bundle cannot find sql.js's WebAssembly beside its own script, so it is
  // handed the bytes, read from the installed package (the build runs in the project's root).
  const wasm = readFileSync(path.join(process.cwd(), "node_modules", "sql.js", "dist", "sql-wasm.wasm"));
  await loadSqlite({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
  const { chapters } = getCourse();
  const rows: { chapter: Chapter; step: Step; solution: CheckResult[]; start: CheckResult[] }[] = [];
  for (const chapter of chapters) {
    for (const step of chapter.steps) {
      const solution = await runChecks(step.solution, step.file, step.checks, stepSetup(step));
      const start = await runChecks(step.start, step.file, step.checks, stepSetup(step));
      rows.push({ chapter, step, solution, start });
    }
  }
  const broken = rows.filter((row) => row.solution.some((r) => !r.passed) || (!row.step.reading && row.start.every((r) => r.passed)));
  return (
    <>
      <SiteHeader />
      <main className="home instructor">
        <p className="eyebrow">For instructors</p>
        <h1>Checks against solutions</h1>
        <p className="lede">
          Each step&apos;s checks, run in a fresh simulation against the step&apos;s solution (all must pass) and its start (at least one
          must fail, unless the step is for reading). {broken.length === 0 ? "Every step is in order." : `${broken.length} steps need attention.`}
        </p>
        {chapters.map((chapter) => (
          <section key={chapter.slug} aria-label={chapter.title} className="instructor-chapter">
            <h2>{chapter.title}</h2>
            {rows
              .filter((row) => row.chapter === chapter)
              .map(({ step, solution, start }) => (
                <details key={step.id} className="instructor-step" open={solution.some((r) => !r.passed)}>
                  <summary>
                    <span className={solution.every((r) => r.passed) ? "tag tag-pass" : "tag tag-fail"}>
                      solution {count(solution)}
                    </span>
                    <span className={step.reading || start.some((r) => !r.passed) ? "tag tag-pass" : "tag tag-fail"}>
                      start {count(start)}
                    </span>
                    {/* No link inside the summary: a control inside a control is unreachable to many (axe: nested-interactive). */}
                    <span className="instructor-step-title">{step.title}</span> <code>{step.dir}</code>
                  </summary>
                  <p className="instructor-step-link">
                    <Link href={stepHref(step)}>Open “{step.title}”</Link>
                  </p>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Check</th>
                        <th scope="col">Against the solution</th>
                        <th scope="col">Against the start</th>
                      </tr>
                    </thead>
                    <tbody>
                      {step.checks.map((check, index) => (
                        <tr key={check.id}>
                          <th scope="row">{check.title}</th>
                          <ResultCell result={solution[index]!} />
                          <ResultCell result={start[index]!} />
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              ))}
          </section>
        ))}
      </main>
    </>
  );
}

function count(results: readonly CheckResult[]): string {
  return `${results.filter((r) => r.passed).length}/${results.length}`;
}

function ResultCell({ result }: { readonly result: CheckResult }) {
  return (
    <td className={result.passed ? "cell-pass" : "cell-fail"}>
      <strong>{result.passed ? "passed" : "failed"}</strong>
      <span>{result.detail}</span>
    </td>
  );
}
