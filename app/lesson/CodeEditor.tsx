"use client";
/**
 * The Monaco editor for the step's file. Loaded lazily (it is most of the
 * page's script), so the prose and a plain copy of the code show first.
 */
import { useEffect, useRef } from "react";
import type * as Monaco from "monaco-editor";
import { setUpMonaco } from "./monaco-setup";

const MONO_FONTS = "\"JetBrains Mono\", \"Cascadia Code\", \"Fira Code\", ui-monospace, SFMono-Regular, Menlo, Consolas, \"DejaVu Sans Mono\", \"Liberation Mono\", monospace";

export interface CodeEditorProps {
  readonly file: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly onRun: () => void;
  /** A learner error to mark in the code, or null. */
  readonly error: { message: string; line?: number; column?: number } | null;
}

export default function CodeEditor({ file, value, onChange, onRun, error }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<typeof Monaco | null>(null);
  const latest = useRef({ onChange, onRun });
  latest.current = { onChange, onRun };

  useEffect(() => {
    let disposed = false;
    let editor: Monaco.editor.IStandaloneCodeEditor | null = null;
    void setUpMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      monacoRef.current = monaco;
      const uri = monaco.Uri.parse(`file:///${file}`);
      const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, "typescript", uri);
      if (model.getValue() !== value) model.setValue(value);
      editor = monaco.editor.create(host.current, {
        model,
        theme: "finger-dark",
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 14,
        lineHeight: 21,
        fontFamily: MONO_FONTS,
        scrollBeyondLastLine: false,
        tabSize: 2,
        padding: { top: 10 },
        ariaLabel: `Code editor: ${file}`,
        fixedOverflowWidgets: true,
      });
      editor.onDidChangeModelContent(() => latest.current.onChange(editor!.getValue()));
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun());
      editorRef.current = editor;
      host.current.dataset.ready = "true";
    });
    return () => {
      disposed = true;
      editor?.dispose();
      editorRef.current = null;
    };
    // The editor is created once per file; later value changes flow through the model.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [file]);

  useEffect(() => {
    const editor = editorRef.current;
    if (editor && editor.getValue() !== value) editor.setValue(value);
  }, [value]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (!monaco || !model) return;
    const markers: Monaco.editor.IMarkerData[] = error?.line
      ? [
          {
            severity: monaco.MarkerSeverity.Error,
            message: error.message,
            startLineNumber: error.line,
            startColumn: error.column ?? 1,
            endLineNumber: error.line,
            endColumn: model.getLineMaxColumn(error.line),
          },
        ]
      : [];
    monaco.editor.setModelMarkers(model, "runner", markers);
    if (error?.line) editorRef.current?.revealLineInCenterIfOutsideViewport(error.line);
  }, [error]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}
