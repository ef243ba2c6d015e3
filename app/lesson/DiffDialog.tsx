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

let models: { original: Monaco.editor.ITextModel; modified: Monaco.editor.ITextModel } | null = null;

/**
 * The two sides of every diff, made once and never disposed. A diff is
 * computed in Monaco's editor worker; closing the dialog while it runs used
 * to dispose the models under it, and the worker's answer about models it no
 * longer had became a page error ("no diff result available", or a
 * TypeError reading line 0 of a model that was gone).
 */
function diffModels(monaco: typeof Monaco) {
  models ??= {
    original: monaco.editor.createModel("", "typescript", monaco.Uri.parse("inmemory://diff/original.ts")),
    modified: monaco.editor.createModel("", "typescript", monaco.Uri.parse("inmemory://diff/modified.ts")),
  };
  return models;
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
    let disposed = false;
    void setUpMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const models = diffModels(monaco);
      models.original.setValue(view.left);
      models.modified.setValue(view.right);
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
      diff.setModel(models);
      host.current.dataset.ready = "true";
    });
    return () => {
      disposed = true;
      // Disposing the editor cancels a diff still being computed; the models stay (see
      // diffModels), emptied so their code is not part of the editor's TypeScript project.
      diff?.setModel(null);
      diff?.dispose();
      models?.original.setValue("");
      models?.modified.setValue("");
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
