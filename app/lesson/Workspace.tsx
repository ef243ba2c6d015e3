"use client";
/**
 * The working half of a lesson page: the editor with Run, Check and Reset,
 * the debugger bar, the terminal, and the checks, callback chain and reactor
 * tabs. The learner's code is kept per step in localStorage as it is typed;
 * it is restored on reload but never run automatically.
 */
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { Check, StepKind } from "../../engine";
import DebuggerBar from "../debugger/DebuggerBar";
import { DebugStore } from "../debugger/debug-store";
import { progressStore, useProgress } from "../progress/progress-store";
import type { EditorDebugView } from "./CodeEditor";
import type { DiffView } from "./DiffDialog";
import { LessonSession } from "./session-store";
import SidePanels, { type PanelTab } from "./SidePanels";

const CodeEditor = dynamic(() => import("./CodeEditor"), {
  ssr: false,
  loading: () => <div className="code-editor code-editor-loading">Loading the editor…</div>,
});
const DiffDialog = dynamic(() => import("./DiffDialog"), { ssr: false });
const TerminalPanel = dynamic(() => import("./TerminalPanel"), {
  ssr: false,
  loading: () => <div className="terminal-host terminal-loading">Starting the terminal…</div>,
});

export interface WorkspaceProps {
  readonly stepId: string;
  readonly file: string;
  readonly start: string;
  readonly solution: string;
  /** The previous step's solution, when this step builds on it. */
  readonly previousSolution: string | null;
  readonly checks: Check[];
}

/** How long typing pauses before the code is saved. */
const SAVE_DELAY_MS = 400;

export default function Workspace({ stepId, file, start, solution, previousSolution, checks }: WorkspaceProps) {
  const session = useMemo(() => new LessonSession(file, checks), [file, checks]);
  useEffect(() => {
    session.warmUp();
    return () => session.dispose();
  }, [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, LessonSession.initialSnapshot);
  const debug = useSyncExternalStore(session.debug.subscribe, session.debug.getSnapshot, DebugStore.initialSnapshot);
  const [tab, setTab] = useState<PanelTab>("checks");
  const debuggerShown = useRef(false);
  const { progress, loaded } = useProgress();
  const [code, setCode] = useState(start);
  const [restored, setRestored] = useState(false);
  const [diff, setDiff] = useState<DiffView | null>(null);
  const restoredFor = useRef<string | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (!loaded || restoredFor.current === stepId) return;
    restoredFor.current = stepId;
    const saved = progress.steps[stepId]?.code;
    if (saved !== undefined && saved !== start) {
      setCode(saved);
      setRestored(true);
    }
  }, [loaded, progress, stepId, start]);

  useEffect(() => {
    const results = snapshot.results;
    if (!results || results.length === 0) return;
    const passed = results.filter((result) => result.passed).length;
    progressStore.updateStep(stepId, { passed: passed === results.length, checksPassed: passed, checksTotal: results.length });
  }, [snapshot.results, stepId]);

  const unsaved = useRef<string | null>(null);
  const flush = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    if (unsaved.current !== null) progressStore.updateStep(stepId, { code: unsaved.current });
    unsaved.current = null;
  }, [stepId]);
  const save = useCallback(
    (value: string) => {
      unsaved.current = value;
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(flush, SAVE_DELAY_MS);
    },
    [flush],
  );
  // Leaving or reloading the page must not lose the last keystrokes.
  useEffect(() => {
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [flush]);
  const change = useCallback(
    (value: string) => {
      setCode(value);
      save(value);
    },
    [save],
  );
  const run = useCallback(() => session.run(code), [session, code]);
  const check = useCallback(() => {
    setTab("checks");
    void session.check(code);
  }, [session, code]);
  // The first time the learner steps, the callback chain comes into view.
  const showDebugger = useCallback(() => {
    if (debuggerShown.current) return;
    debuggerShown.current = true;
    setTab((current) => (current === "checks" ? "chain" : current));
  }, []);
  const restart = useCallback(() => {
    showDebugger();
    session.restart(code);
  }, [session, code, showDebugger]);
  const step = useCallback(
    (kind: StepKind) => {
      showDebugger();
      session.step(kind, code);
    },
    [session, code, showDebugger],
  );
  const pause = useCallback(() => session.pause(), [session]);
  const moveTo = useCallback((index: number) => session.debug.moveTo(index), [session]);
  const pick = useCallback((id: number | null) => session.debug.pick(id), [session]);
  const clickLine = useCallback(
    (line: number, gutter: boolean) => {
      if (!session.debug.getSnapshot().recorded) return;
      if (session.debug.pickLine(line) && gutter) setTab("chain");
    },
    [session],
  );
  const state = debug.state;
  // Only what the editor draws: a new object when the line, the variables or the Deferreds' lines change, not every step.
  const shown = debug.recorded && state.length > 0 && !debug.following;
  const deferredLines = shown ? [...new Set(state.deferreds.map((d) => d.line).filter((line): line is number => line !== null))].join(",") : "";
  const editorDebug = useMemo<EditorDebugView | null>(
    () =>
      shown
        ? {
            line: state.currentLine,
            locals: state.locals && { line: state.locals.line, step: state.locals.index, values: state.locals.values },
            deferredLines: deferredLines ? deferredLines.split(",").map(Number) : [],
          }
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shown, state.currentLine, state.locals?.index, deferredLines],
  );
  const reset = useCallback(() => {
    setCode(start);
    save(start);
    setRestored(false);
  }, [start, save]);
  const showSolution = () =>
    setDiff({
      title: "Your code and the solution",
      description: "The solution is on the right. Your code is not changed: copy what you need.",
      leftLabel: "Your code",
      rightLabel: "Solution",
      left: code,
      right: solution,
    });
  const showStepChanges = () =>
    setDiff({
      title: "What this step changes",
      description: "The previous step's solution on the left, this step's on the right.",
      leftLabel: "Previous step",
      rightLabel: "This step",
      left: previousSolution ?? "",
      right: solution,
    });

  const running = snapshot.runState === "running" || snapshot.runState === "starting";
  const paused = snapshot.runState === "running" && debug.paused && debug.live;
  const runTitle = paused
    ? "Carry on running live from where the debugger paused (Ctrl+Enter)"
    : running
      ? "Run the program again from the start (Ctrl+Enter)"
      : "Run the program (Ctrl+Enter)";
  return (
    <div className="workspace">
      <section className="editor-pane" aria-label="Editor">
        <div className="toolbar" role="toolbar" aria-label="Program">
          <span className="file-tab">{file}</span>
          <div className="toolbar-actions">
            <button type="button" className="button-primary" onClick={run} title={runTitle}>
              Run
            </button>
            {running && (
              <button type="button" className="button-secondary" onClick={() => session.stop()} title="Stop the program">
                Stop
              </button>
            )}
            <button type="button" className="button-secondary" onClick={check} disabled={snapshot.checking} title="Run the step's checks">
              Check
            </button>
            <button type="button" className="button-quiet" onClick={reset} title="Put back the step's starting code">
              Reset
            </button>
            <button type="button" className="button-quiet" onClick={showSolution} title="Compare your code with the solution">
              Show solution
            </button>
            {previousSolution !== null && (
              <button type="button" className="button-quiet" onClick={showStepChanges} title="See how this step's solution differs from the previous one">
                Step changes
              </button>
            )}
          </div>
          <RunStatus runState={paused ? "paused" : snapshot.runState} virtualTime={snapshot.virtualTime} />
        </div>
        <DebuggerBar
          debug={debug}
          running={snapshot.runState === "running"}
          onRestart={restart}
          onPause={pause}
          onStep={step}
          onMove={moveTo}
        />
        {restored && (
          <p className="notice" role="status">
            Your saved code for this step was restored. It has not been run. Reset puts back the starting code.
          </p>
        )}
        {snapshot.error && (
          <p className="error-banner" role="alert">
            {snapshot.error.line && !snapshot.error.message.includes(`line ${snapshot.error.line}`) ? `Line ${snapshot.error.line}: ` : ""}
            {snapshot.error.message}
          </p>
        )}
        <CodeEditor file={file} value={code} onChange={change} onRun={run} error={snapshot.error} debug={editorDebug} onLineClick={clickLine} />
      </section>
      <section className="terminal" aria-label="Terminal">
        <header className="panel-header">
          <h2>Terminal</h2>
          <span className="panel-tip">try: nc localhost 1079</span>
        </header>
        <TerminalPanel session={session} />
      </section>
      <SidePanels
        tab={tab}
        onTab={setTab}
        checks={checks}
        results={snapshot.results}
        checking={snapshot.checking}
        debug={debug}
        onPick={pick}
        onMove={moveTo}
      />
      {diff && <DiffDialog view={diff} onClose={() => setDiff(null)} />}
    </div>
  );
}

function RunStatus({ runState, virtualTime }: { runState: string; virtualTime: number }) {
  const text: Record<string, string> = {
    stopped: "Not running",
    starting: "Starting…",
    running: `Running · clock ${virtualTime.toFixed(1)} s`,
    paused: `Paused · clock ${virtualTime.toFixed(1)} s`,
    exited: "Ended (reactor never ran)",
    error: "Stopped by an error",
    blocked: "Stopped: blocked the reactor",
  };
  return (
    <span className={`run-status run-status-${runState}`} role="status">
      {text[runState]}
    </span>
  );
}
