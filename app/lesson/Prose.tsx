import { renderMarkdown } from "../lib/markdown";
import { WIDGET_LINE, type WidgetName } from "../../lessons/schema";
import { widgets } from "../widgets";

/** A step's Markdown, with any `::: widget NAME` lines replaced by the interactive widget. */
export default function Prose({ markdown }: { readonly markdown: string }) {
  const parts: ({ kind: "markdown"; text: string } | { kind: "widget"; name: WidgetName })[] = [];
  let last = 0;
  for (const match of markdown.matchAll(WIDGET_LINE)) {
    parts.push({ kind: "markdown", text: markdown.slice(last, match.index) });
    parts.push({ kind: "widget", name: match[1] as WidgetName });
    last = match.index! + match[0].length;
  }
  parts.push({ kind: "markdown", text: markdown.slice(last) });
  return (
    <>
      {parts.map((part, index) => {
        if (part.kind === "markdown") {
          return <div key={index} className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(part.text) }} />;
        }
        const Widget = widgets[part.name];
        return <Widget key={index} />;
      })}
    </>
  );
}
