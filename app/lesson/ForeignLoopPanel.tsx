"use client";
/**
 * The page's panel: a display line, a text input and a button that stand for
 * a GUI toolkit's window beside the reactor (step.md's `foreignLoop:`). Its
 * events go to the running program through the runner, where the course's
 * `pagesupport` module hands them to the reactor as gtk3reactor or tksupport
 * hand a toolkit's callbacks; what the program shows with `page.show` comes back.
 */
import { useState, type FormEvent } from "react";

export interface ForeignLoopOptions {
  readonly button: string;
  readonly placeholder: string;
}

interface ForeignLoopPanelProps {
  readonly options: ForeignLoopOptions;
  /** What the program last showed, or null. */
  readonly display: string | null;
  readonly running: boolean;
  readonly onEvent: (kind: "click" | "input", text: string) => void;
}

export default function ForeignLoopPanel({ options, display, running, onEvent }: ForeignLoopPanelProps) {
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onEvent("click", text);
  };
  return (
    <form className="foreign-loop" aria-label="The page's panel" onSubmit={submit}>
      <output className="foreign-loop-display" aria-label="Page display" title="What the program shows with page.show(...)">
        {display ?? (running ? "(the program has shown nothing yet)" : "Run the program: this panel is its window")}
      </output>
      <input
        className="foreign-loop-input"
        aria-label="Page input"
        value={text}
        placeholder={options.placeholder}
        onChange={(event) => {
          setText(event.target.value);
          if (running) onEvent("input", event.target.value);
        }}
      />
      <button type="submit" className="button-secondary" title="Press the page's button: the program's onClick handlers get the input's text">
        {options.button}
      </button>
    </form>
  );
}
