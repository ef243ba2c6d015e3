"use client";
/**
 * The working half of a lesson page: the editor with Run, Check and Reset,
 * the debugger bar, the terminal, and the checks, browser, callback chain
 * and reactor tabs. The learner's code is saved per step as it is typed
 * (progress-store); it is restored on reload but never run automatically.
 * Saved code is read asynchronously: the editor opens once it is read, with
 * the saved code in it, so the start code never flashes nor overwrites it.
 */
import dynamic from "next/dynamic";
import { startTransition, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { commandLine, rootedFiles, type Check, type StepKind } from "../../engine";
import { DEFAULT_BROWSER_URL } from "../browser/address";
import { BrowserStore } from "../browser/browser-store";
import DebuggerBar from "../debugger/DebuggerBar";
import { DebugStore } from "../debugger/debug-store";
import { progressStore, useProgress } from "../progress/progress-store";
import type { CodeReplacement, EditorDebugView } from "./CodeEditor";
import type { NextStep } from "./ChecksPanel";
import type { DiffView } from "./DiffDialog";
import { splitErrorText } from "./error-text";
import { LessonSession, type LocatedError } from "./session-store";
import SidePanels, { type PanelTab } from "./SidePanels";
import ForeignLoopPanel, { type ForeignLoopOptions } from "./ForeignLoopPanel";

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
  /** Files the learner's simulated host has when the step opens (step.md's `files:`). */
  readonly files?: Readonly<Record<string, string>>;
  /** The learner's other files beside `file` (finger/finger.ts beside finger/tap.ts), by path from the learner's folder. */
  readonly otherFiles?: Readonly<Record<string, string>>;
  /** The command line that starts the program (`twistd -n finger --file=/etc/users`), when running the file alone is not how it is used. */
  readonly command?: string | null;
  /** The step after this one, offered when every check passes; null on the last step. */
  readonly next?: NextStep | null;
  /** The step serves web pages: the Browser tab opens first, at this address. */
  readonly browserUrl?: string | null;
  /** The step's program is driven by the page: the terminal gets the page's panel (step.md's `foreignLoop:`). */
  readonly foreignLoop?: ForeignLoopOptions | null;
}

/** How long typing pauses before the code is saved. */
const SAVE_DELAY_MS = 400;

export default function Workspace({ stepId, file, start, solution, previousSolution, checks, files, otherFiles, command = null, next = null, browserUrl = null, foreignLoop = null }: WorkspaceProps) {
  const session = useMemo(() => {
    // The other files are on the host too, so the terminal's twistd, cat and ls find them beside the edited one.
    const hostFiles = { ...files, ...rootedFiles(otherFiles ?? {}) };
    return new LessonSession(file, checks, hostFiles, { files: otherFiles, ...(command ? { command: commandLine(command) } : {}) });
  }, [file, checks, files, otherFiles, command]);
  useEffect(() => {
    session.warmUp();
    return () => session.dispose();
  }, [session]);
  const browser = useMemo(() => new BrowserStore((argv, handlers) => session.exec(argv, handlers), browserUrl ?? DEFAULT_BROWSER_URL), [session, browserUrl]);
  useEffect(() => () => browser.dispose(), [browser]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, LessonSession.initialSnapshot);
  const debug = useSyncExternalStore(session.debug.subscribe, session.debug.getSnapshot, DebugStore.initialSnapshot);
  const [tab, setTab] = useState<PanelTab>(browserUrl ? "browser" : "checks");
  const debuggerShown = useRef(false);
  const { progress, loaded } = useProgress();
  const [code, setCode] = useState(start);
  // The editor's text as of its last change. Run and Check read this, not `code`: a Run clicked right after a paste
  // comes before React has rendered the new state, and ran the code from before the paste.
  const latestCode = useRef(start);
  useEffect(() => session.readSourceFrom(() => latestCode.current), [session]);
  const [restored, setRestored] = useState(false);
  // The editor's first text is known: the saved progress has been read (and the saved code, if any, is in `code`).
  const [codeReady, setCodeReady] = useState(false);
  // The code Reset replaced, so the learner can take it back.
  const [beforeReset, setBeforeReset] = useState<string | null>(null);
  const [replacement, setReplacement] = useState<CodeReplacement | null>(null);
  const revision = useRef(0);
  // Set by the learner's first keystroke: saved code never replaces what they typed.
  const edited = useRef(false);
  const [diff, setDiff] = useState<DiffView | null>(null);
  const restoredFor = useRef<string | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  /** Puts `text` in the editor as one edit the learner can undo. */
  const replaceCode = useCallback((text: string) => {
    revision.current += 1;
    setReplacement({ text, revision: revision.current });
    latestCode.current = text;
    setCode(text);
  }, []);

  useEffect(() => {
    if (!loaded || restoredFor.current === stepId) return;
    restoredFor.current = stepId;
    const saved = progress.steps[stepId]?.code;
    if (saved !== undefined && saved !== start && !edited.current) {
      if (codeReady) {
        // Another step's code in an editor already open: one edit the learner can undo.
        replaceCode(saved);
      } else {
        // The editor opens with it (it is not open yet).
        latestCode.current = saved;
        setCode(saved);
      }
      setRestored(true);
    }
    setCodeReady(true);
  }, [loaded, progress, stepId, start, replaceCode, codeReady]);

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
  // Leaving or reloading the page must not lose the last keystrokes: saved, and kept in localStorage too in case
  // the browser aborts the save as the page goes.
  useEffect(() => {
    const leave = () => {
      flush();
      progressStore.keepUnsavedThroughUnload();
    };
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      flush();
    };
  }, [flush]);
  const change = useCallback(
    (value: string) => {
      edited.current = true;
      latestCode.current = value;
      setCode(value);
      save(value);
    },
    [save],
  );
  // Once the code runs, "restored, not run" and "Reset put back …" are no longer news.
  const clearNotices = useCallback(() => {
    setRestored(false);
    setBeforeReset(null);
  }, []);
  const run = useCallback(() => {
    clearNotices();
    session.run(latestCode.current);
  }, [session, clearNotices]);
  const check = useCallback(() => {
    clearNotices();
    setTab("checks");
    void session.check(latestCode.current);
  }, [session, clearNotices]);
  // The first time the learner steps, the callback chain comes into view: in a transition, so the step itself is
  // drawn at once and the workspace's switch to its debugging layout (a whole-page layout) follows, a frame later at most.
  const showDebugger = useCallback(() => {
    if (debuggerShown.current) return;
    debuggerShown.current = true;
    startTransition(() => setTab((current) => (current === "checks" ? "chain" : current)));
  }, []);
  const restart = useCallback(() => {
    showDebugger();
    session.restart(latestCode.current);
  }, [session, showDebugger]);
  const step = useCallback(
    (kind: StepKind) => {
      showDebugger();
      session.step(kind, latestCode.current);
    },
    [session, showDebugger],
  );
  const pause = useCallback(() => session.pause(), [session]);
  const pageEvent = useCallback((kind: "click" | "input", text: string) => session.uiEvent(kind, text), [session]);
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
    const current = latestCode.current;
    if (current === start) return;
    setBeforeReset(current);
    replaceCode(start);
    save(start);
    setRestored(false);
    session.clearError();
  }, [start, save, replaceCode, session]);
  const undoReset = useCallback(() => {
    if (beforeReset === null) return;
    replaceCode(beforeReset);
    save(beforeReset);
    setBeforeReset(null);
  }, [beforeReset, replaceCode, save]);
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

  // The editor marks the line with the short message; the banner holds the rest.
  const editorError = useMemo(
    () => snapshot.error && { ...snapshot.error, message: splitErrorText(snapshot.error.message).summary },
    [snapshot.error],
  );
  const running = snapshot.runState === "running" || snapshot.runState === "starting";
  const paused = snapshot.runState === "running" && debug.paused && debug.live;
  const runTitle = paused
    ? "Carry on running live from where the debugger paused (Ctrl+Enter)"
    : running
      ? "Run the program again from the start (Ctrl+Enter)"
      : "Run the program (Ctrl+Enter)";
  return (
    // The browser, the callback chain and the reactor need room: with one of them open, the bottom row grows and the tab takes more width.
    <div className={tab === "checks" ? "workspace" : tab === "browser" ? "workspace workspace-browsing" : "workspace workspace-debugging"}>
      <section className="editor-pane" aria-label="Editor">
        <div className="toolbar" role="toolbar" aria-label="Program">
          <span className="file-tab">{file}</span>
          <div className="toolbar-actions">
            <button type="button" className="button-primary" onClick={run} disabled={!codeReady} title={runTitle}>
              Run
            </button>
            {(running || snapshot.twistdInTerminal) && (
              <button
                type="button"
                className="button-secondary"
                onClick={() => session.stop()}
                title={running ? "Stop the program" : "Stop twistd (sends SIGINT, as Ctrl-C does)"}
              >
                Stop
              </button>
            )}
            <button type="button" className="button-secondary" onClick={check} disabled={snapshot.checking || !codeReady} title="Run the step's checks">
              Check
            </button>
            <button type="button" className="button-quiet" onClick={reset} disabled={!codeReady} title="Put back the step's starting code">
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
        {beforeReset !== null && (
          <p className="notice" role="status">
            The starting code is back.{" "}
            <button type="button" className="button-link" onClick={undoReset}>
              Undo reset
            </button>{" "}
            (or Ctrl+Z in the editor) brings your code back.
          </p>
        )}
        {snapshot.error && <ErrorBanner error={snapshot.error} />}
        {codeReady ? (
          <CodeEditor file={file} otherFiles={otherFiles} value={code} replacement={replacement} onChange={change} onRun={run} error={editorError} debug={editorDebug} onLineClick={clickLine} />
        ) : (
          <div className="code-editor code-editor-loading">Loading the editor…</div>
        )}
      </section>
      <section className="terminal" aria-label="Terminal">
        <header className="panel-header">
          <h2>Terminal</h2>
          {snapshot.listening.length > 0 && <span className="panel-tip">try: nc localhost {snapshot.listening[0]}</span>}
        </header>
        {foreignLoop && <ForeignLoopPanel options={foreignLoop} display={snapshot.pageDisplay} running={snapshot.runState === "running"} onEvent={pageEvent} />}
        <TerminalPanel session={session} />
      </section>
      <SidePanels
        tab={tab}
        onTab={setTab}
        checks={checks}
        results={snapshot.results}
        checking={snapshot.checking}
        next={next}
        debug={debug}
        onPick={pick}
        onMove={moveTo}
        browser={browser}
        running={running}
        listening={snapshot.listening}
      />
      {diff && <DiffDialog view={diff} onClose={() => setDiff(null)} />}
    </div>
  );
}

/** The error that stopped the program: one short line, with any long list (the importable modules) one click away. */
function ErrorBanner({ error }: { error: LocatedError }) {
  const { summary, more } = splitErrorText(error.message);
  return (
    <div className="error-banner" role="alert">
      <p>
        {error.line && !summary.includes(`line ${error.line}`) ? `Line ${error.line}: ` : ""}
        {summary}
      </p>
      {more && (
        <details>
          <summary>{more.title}</summary>
          <p className="error-more">{more.items.join(", ")}</p>
        </details>
      )}
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
    "out-of-memory": "Stopped: ran out of memory",
  };
  return (
    <span className={`run-status run-status-${runState}`} role="status">
      {text[runState]}
    </span>
  );
}
