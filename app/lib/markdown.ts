/**
 * Lesson Markdown to HTML, at build time: GitHub-flavoured Markdown with code
 * highlighted by highlight.js, so prose shows before any script has loaded.
 */
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import python from "highlight.js/lib/languages/python";
import typescript from "highlight.js/lib/languages/typescript";
import { Marked } from "marked";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("ts", typescript);
hljs.registerLanguage("python", python);
hljs.registerLanguage("py", python);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("sh", bash);

const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      const language = lang && hljs.getLanguage(lang) ? lang : null;
      const html = language ? hljs.highlight(text, { language }).value : escapeHtml(text);
      const label = language ? ` data-lang="${language}"` : "";
      // A long line scrolls sideways; tabindex lets a keyboard reach and scroll it too.
      return `<pre class="code" tabindex="0"${label}><code class="hljs">${html}</code></pre>\n`;
    },
  },
});

/** Renders Markdown to HTML. Lesson files are trusted content written by instructors. */
export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/** Highlights a whole source file. */
export function highlight(code: string, language: "typescript" | "python"): string {
  return hljs.highlight(code, { language }).value;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
