import type { Metadata } from "next";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { renderMarkdown } from "../lib/markdown";
import SiteHeader from "../SiteHeader";

export const metadata: Metadata = { title: "Glossary" };

function loadGlossary(): { title: string; summary: string; body: string } {
  const text = readFileSync(path.join(process.cwd(), "lessons", "glossary.md"), "utf8");
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error("lessons/glossary.md: frontmatter: the file must start with a --- fenced YAML block");
  const meta = parse(match[1]!) as { title: string; summary: string };
  return { ...meta, body: match[2]! };
}

export default function GlossaryPage() {
  const { title, summary, body } = loadGlossary();
  return (
    <>
      <SiteHeader />
      <main className="home glossary">
        <h1>{title}</h1>
        <p className="lede">{summary}</p>
        <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(body) }} />
      </main>
    </>
  );
}
