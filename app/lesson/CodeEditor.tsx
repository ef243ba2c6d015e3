"use client";
/**
 * The Monaco editor for the step's file. Loaded lazily (it is most of the
 * page's script), so the prose and a plain copy of the code show first.
 * While debugging it marks the current step's line, shows the variables'
 * values on hover, and marks the lines that created a Deferred.
 */
import { memo, useEffect, useRef, useState } from "react";
import type * as Monaco from "monaco-editor";
import { isLineInText, locationInText, type EditorText } from "./editor-location";
import { setUpMonaco } from "./monaco-setup";

const MONO_FONTS = "\"JetBrains Mono\", \"Cascadia Code\", \"Fira Code\", ui-monospace, SFMono-Regular, Menlo, Consolas, \"DejaVu Sans Mono\", \"Liberation Mono\", monospace";

/** What the debugger shows in the code at the cursor. */
export interface EditorDebugView {
  /** The line the current step runs, or null while the reactor has control. */
  readonly line: number | null;
  /** Variables from the nearest line event at or before the cursor (trace index `step`), for hovering. */
  readonly locals: { readonly line: number; readonly step: number; readonly values: Readonly<Record<string, string>> } | null;
  /** Lines that created a Deferred by this step: clicking one shows its chain. */
  readonly deferredLines: readonly number[];
}

/** A change the page makes to the code (Reset, restoring saved code): applied once per revision, as one undoable edit. */
export interface CodeReplacement {
  readonly text: string;
  readonly revision: number;
}

export interface CodeEditorProps {
  readonly file: string;
  /** The learner's other files (finger/finger.ts beside finger/tap.ts): the editor knows them, so imports of them are typed. */
  readonly otherFiles?: Readonly<Record<string, string>>;
  /**
   * The code. Read only when the editor is created: after that the editor
   * owns the text, and only `replacement` changes it, so nothing the page
   * renders can move the cursor or undo what the learner is typing.
   */
  readonly value: string;
  readonly replacement?: CodeReplacement | null;
  readonly onChange: (value: string) => void;
  readonly onRun: () => void;
  /** A learner error to mark in the code, or null. */
  readonly error: { message: string; line?: number; column?: number } | null;
  /** The debugger's marks, or null when there is nothing to show. */
  readonly debug?: EditorDebugView | null;
  /** A click on a line: `gutter` when on its number or glyph margin. */
  readonly onLineClick?: (line: number, gutter: boolean) => void;
}

/** Variables shown after the current line, at most. */
const INLINE_VALUES = 3;

export default memo(function CodeEditor({ file, otherFiles, value, replacement = null, onChange, onRun, error, debug = null, onLineClick }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<typeof Monaco | null>(null);
  const decorations = useRef<Monaco.editor.IEditorDecorationsCollection | null>(null);
  const latest = useRef({ onChange, onRun, onLineClick, debug, value });
  latest.current = { onChange, onRun, onLineClick, debug, value };
  // The revision of the last replacement applied: each is applied once.
  const applied = useRef(replacement?.revision ?? 0);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let editor: Monaco.editor.IStandaloneCodeEditor | null = null;
    let hover: Monaco.IDisposable | null = null;
    void setUpMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      monacoRef.current = monaco;
      for (const [path, text] of Object.entries(otherFiles ?? {})) {
        const other = monaco.Uri.parse(`file:///${path}`);
        const known = monaco.editor.getModel(other);
        if (!known) monaco.editor.createModel(text, "typescript", other);
        else if (known.getValue() !== text) known.setValue(text);
      }
      const uri = monaco.Uri.parse(`file:///${file}`);
      // The code as it is now, not as it was when the editor started loading (saved code may have been restored meanwhile).
      const current = latest.current.value;
      const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(current, "typescript", uri);
      if (model.getValue() !== current) model.setValue(current);
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
        glyphMargin: true,
        // On a phone a long line wraps instead of hiding off to the right.
        wordWrap: window.matchMedia("(max-width: 700px)").matches ? "on" : "off",
      });
      editor.onDidChangeModelContent(() => latest.current.onChange(editor!.getValue()));
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun());
      editor.onMouseDown((event) => {
        const line = event.target.position?.lineNumber;
        if (line === undefined) return;
        const types = monaco.editor.MouseTargetType;
        const gutter = event.target.type === types.GUTTER_GLYPH_MARGIN || event.target.type === types.GUTTER_LINE_NUMBERS;
        latest.current.onLineClick?.(line, gutter);
      });
      hover = monaco.languages.registerHoverProvider("typescript", {
        provideHover(hovered, position) {
          const locals = latest.current.debug?.locals;
          if (!locals || hovered !== editor?.getModel()) return null;
          const word = hovered.getWordAtPosition(position);
          if (!word || !Object.hasOwn(locals.values, word.word)) return null;
          return {
            range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
            contents: [
              { value: `\`${word.word} = ${locals.values[word.word]!.replace(/`/g, "'")}\`` },
              { value: `Its value when line ${locals.line} ran (step ${locals.step + 1}).` },
            ],
          };
        },
      });
      decorations.current = editor.createDecorationsCollection();
      editorRef.current = editor;
      host.current.dataset.ready = "true";
      setReady(true);
    });
    return () => {
      disposed = true;
      hover?.dispose();
      editor?.dispose();
      editorRef.current = null;
      decorations.current = null;
    };
    // The editor is created once per file; later value changes flow through the model.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [file]);

  // Only an explicit replacement changes the text, as an edit Ctrl+Z undoes. Never
  // compare `value` with the editor's text: a render may carry an older value than
  // the keys the learner has typed since, and setting it would move the cursor.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!replacement || !editor || !model || replacement.revision === applied.current) return;
    applied.current = replacement.revision;
    if (model.getValue() === replacement.text) return;
    editor.pushUndoStop();
    editor.executeEdits("replace", [{ range: model.getFullModelRange(), text: replacement.text, forceMoveMarkers: true }]);
    editor.pushUndoStop();
    editor.setPosition({ lineNumber: 1, column: 1 });
  }, [replacement, ready]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (!monaco || !model) return;
    // The error may name a line the text no longer has (it was edited since) or never had (a rewritten stack).
    const at = error ? locationInText(textOf(model), error.line, error.column) : null;
    const markers: Monaco.editor.IMarkerData[] =
      error && at
        ? [
            {
              severity: monaco.MarkerSeverity.Error,
              message: error.message,
              startLineNumber: at.line,
              startColumn: at.column,
              endLineNumber: at.line,
              endColumn: at.endColumn,
            },
          ]
        : [];
    monaco.editor.setModelMarkers(model, "runner", markers);
    if (at) editorRef.current?.revealLineInCenterIfOutsideViewport(at.line);
  }, [error]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!monaco || !editor || !model || !decorations.current) return;
    const text = textOf(model);
    const marks: Monaco.editor.IModelDeltaDecoration[] = [];
    for (const line of debug?.deferredLines ?? []) {
      if (!isLineInText(text, line)) continue;
      marks.push({
        range: new monaco.Range(line, 1, line, 1),
        options: {
          glyphMarginClassName: "deferred-glyph",
          glyphMarginHoverMessage: { value: "A Deferred was created on this line: click to show its callback chain." },
        },
      });
    }
    const line = debug?.line ?? null;
    if (isLineInText(text, line)) {
      marks.push({
        range: new monaco.Range(line, 1, line, 1),
        options: {
          isWholeLine: true,
          className: "debug-current-line",
          lineNumberClassName: "debug-current-line-number",
          glyphMarginClassName: "debug-current-glyph",
          glyphMarginHoverMessage: { value: "The current step runs this line." },
          overviewRuler: { color: "#f5b942", position: monaco.editor.OverviewRulerLane.Full },
        },
      });
      const values = debug?.locals?.line === line ? inlineValues(debug.locals.values) : "";
      if (values) {
        const end = model.getLineMaxColumn(line);
        marks.push({ range: new monaco.Range(line, end, line, end), options: { after: { content: `  ${values}`, inlineClassName: "debug-inline-values" } } });
      }
      editor.revealLineInCenterIfOutsideViewport(line);
    }
    decorations.current.set(marks);
    if (host.current) host.current.dataset.debugLine = line === null ? "" : String(line);
  }, [debug, ready, value]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
});

/** The model's text as editor-location.ts reads it. */
function textOf(model: Monaco.editor.ITextModel): EditorText {
  return { lineCount: model.getLineCount(), maxColumn: (line) => model.getLineMaxColumn(line) };
}

/** "v = 9, d = <Deferred #1>": the variables worth showing after the current line. */
function inlineValues(values: Readonly<Record<string, string>>): string {
  const shown = Object.entries(values).filter(([, value]) => !value.startsWith("<function") && !value.startsWith("<class"));
  const text = shown.slice(0, INLINE_VALUES).map(([name, value]) => `${name} = ${value}`);
  if (shown.length > INLINE_VALUES) text.push("…");
  return text.join(", ");
}
