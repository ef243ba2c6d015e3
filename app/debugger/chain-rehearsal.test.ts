import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import CallbackChainView from "./CallbackChainView";
import { SAMPLE_SOURCE, SAMPLES } from "./ChainRehearsal";

/** The chain view's files: every symbol they can draw must be drawn once by the rehearsal. */
const VIEW_FILES = ["CallbackChainView.tsx", "ChainHeader.tsx", "ChainDrawing.tsx", "ChainTable.tsx", "chain-text.ts"];

function symbolsIn(text: string): Set<string> {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  return new Set([...withoutComments].filter((char) => char.codePointAt(0)! > 0x7f));
}

function rehearsed(): string {
  const ignore = () => undefined;
  return SAMPLES.map((state) => renderToStaticMarkup(createElement(CallbackChainView, { state, sourceLines: SAMPLE_SOURCE, picked: null, onPick: ignore, onMove: ignore, followStep: false }))).join("");
}

describe("the callback chain's rehearsal", () => {
  test("draws every symbol the chain view can show, so none is first looked up during a step", () => {
    const markup = rehearsed();
    const missing = VIEW_FILES.flatMap((file) => [...symbolsIn(readFileSync(new URL(file, import.meta.url), "utf8"))].filter((symbol) => !markup.includes(symbol)).map((symbol) => `${symbol} (${file})`));
    expect(missing).toEqual([]);
  });

  test("draws each kind of link, each way a result travels, and each status badge class it uses", () => {
    const markup = rehearsed();
    for (const className of ["chain-link-special", "half-ran", "half-skipped", "half-next", "half-pending", "half-passthru", "gap-cross", "gap-wait", "link-now", "fan-in", "member-ok", "member-failed", "member-pending", "end-unhandled", "unhandled-list", "chain-fact-bad"]) {
      expect(markup, className).toContain(className);
    }
  });
});
