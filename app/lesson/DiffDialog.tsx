"use client";
/**
 * A read-only side-by-side diff in a dialog: the learner's code against the
 * solution, or the previous step's solution against this one. It never
 * changes the learner's code.
 */
import { useEffect, useRef } from "react";
import type * as Monaco from "monaco-editor";
import { setUpMonaco } from "./monaco-setup";

export interface DiffView {
  readonly title: string;
  readonly description: string;
  readonly leftLabel: string;
  readonly rightLabel: string;
  readonly left: string;
  readonly right: string;
}

export default function DiffDialog({ view, onClose }: { readonly view: DiffView; readonly onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  useEffect(() => {
    let diff: Monaco.editor.IStandaloneDiffEditor | null = null;
    let models: Monaco.editor.ITextModel[] = [];
    let disposed = false;
    void setUpMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      models = [monaco.editor.createModel(view.left, "typescript"), monaco.editor.createModel(view.right, "typescript")];
      diff = monaco.editor.createDiffEditor(host.current, {
        theme: "finger-dark",
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        renderSideBySide: true,
        minimap: { enabled: false },
        fontSize: 13,
        scrollBeyondLastLine: false,
      });
      diff.setModel({ original: models[0]!, modified: models[1]! });
      host.current.dataset.ready = "true";
    });
    return () => {
      disposed = true;
      diff?.dispose();
      for (const model of models) model.dispose();
    };
  }, [view]);

  return (
    <dialog ref={dialog} className="diff-dialog" aria-labelledby="diff-title" onClose={onClose}>
      <header className="diff-header">
        <div>
          <h2 id="diff-title">{view.title}</h2>
          <p>{view.description}</p>
        </div>
        <button type="button" className="button-secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      <div className="diff-labels" aria-hidden="true">
        <span>{view.leftLabel}</span>
        <span>{view.rightLabel}</span>
      </div>
      <div ref={host} className="diff-editor" data-testid="diff-editor" aria-label={`${view.leftLabel} compared with ${view.rightLabel}`} />
    </dialog>
  );
}
