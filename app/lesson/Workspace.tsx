"use client";
/**
 * The working half of a lesson page: the editor with Run, Check and Reset,
 * the terminal, and the checks. The learner's code is kept per step in
 * localStorage as it is typed; it is restored on reload but never run
 * automatically.
 */
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { Check } from "../../engine";
import ChecksPanel from "./ChecksPanel";
import { LessonSession } from "./session-store";
import { loadCode, saveCode } from "./saved-code";

const CodeEditor = dynamic(() => import("./CodeEditor"), {
  ssr: false,
  loading: () => <div className="code-editor code-editor-loading">Loading the editor…</div>,
});
const TerminalPanel = dynamic(() => import("./TerminalPanel"), {
  ssr: false,
  loading: () => <div className="terminal-host terminal-loading">Starting the terminal…</div>,
});

export interface WorkspaceProps {
  readonly stepId: string;
  readonly file: string;
  readonly start: string;
  readonly checks: Check[];
}

export default function Workspace({ stepId, file, start, checks }: WorkspaceProps) {
  const session = useMemo(() => new LessonSession(file, checks), [file, checks]);
  useEffect(() => () => session.dispose(), [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, LessonSession.initialSnapshot);
  const [code, setCode] = useState(start);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    const saved = loadCode(stepId);
    if (saved !== null && saved !== start) {
      setCode(saved);
      setRestored(true);
    }
  }, [stepId, start]);

  const change = useCallback(
    (value: string) => {
      setCode(value);
      saveCode(stepId, value);
    },
    [stepId],
  );
  const run = useCallback(() => session.run(code), [session, code]);
  const check = useCallback(() => void session.check(code), [session, code]);
  const reset = useCallback(() => {
    setCode(start);
    saveCode(stepId, start);
    setRestored(false);
  }, [start, stepId]);

  const running = snapshot.runState === "running" || snapshot.runState === "starting";
  return (
    <div className="workspace">
      <section className="editor-pane" aria-label="Editor">
        <div className="toolbar" role="toolbar" aria-label="Program">
          <span className="file-tab">{file}</span>
          <div className="toolbar-actions">
            <button type="button" className="button-primary" onClick={run} title="Run the program (Ctrl+Enter)">
              {running ? "Restart" : "Run"}
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
          </div>
          <RunStatus runState={snapshot.runState} virtualTime={snapshot.virtualTime} />
        </div>
        {restored && (
          <p className="notice" role="status">
            Your saved code for this step was restored. It has not been run. Reset puts back the starting code.
          </p>
        )}
        {snapshot.error && (
          <p className="error-banner" role="alert">
            {snapshot.error.line ? `Line ${snapshot.error.line}: ` : ""}
            {snapshot.error.message}
          </p>
        )}
        <CodeEditor file={file} value={code} onChange={change} onRun={run} error={snapshot.error} />
      </section>
      <section className="terminal" aria-label="Terminal">
        <header className="panel-header">
          <h2>Terminal</h2>
          <span className="panel-tip">try: nc localhost 1079</span>
        </header>
        <TerminalPanel session={session} />
      </section>
      <ChecksPanel titles={checks} results={snapshot.results} checking={snapshot.checking} />
    </div>
  );
}

function RunStatus({ runState, virtualTime }: { runState: string; virtualTime: number }) {
  const text: Record<string, string> = {
    stopped: "Not running",
    starting: "Starting…",
    running: `Running · clock ${virtualTime.toFixed(1)} s`,
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
