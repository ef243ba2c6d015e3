"use client";
/**
 * The thin bar under the editor's toolbar: the step controls, the timeline
 * over the whole recorded run, and one sentence about the current step
 * (announced to screen readers while stepping).
 */
import { memo, useEffect, useRef } from "react";
import { formatTime, type StepKind } from "../../engine";
import type { DebugSnapshot } from "./debug-store";
import { formatCount, stepPosition } from "./step-position";
import Timeline from "./Timeline";
import "./debugger.css";

export interface DebuggerBarProps {
  readonly debug: DebugSnapshot;
  /** A program is running in the runner (live or paused). */
  readonly running: boolean;
  readonly onRestart: () => void;
  readonly onPause: () => void;
  readonly onStep: (kind: StepKind) => void;
  readonly onMove: (index: number) => void;
}

/** The keyboard shortcut of each control, as shown in its tooltip. */
export const SHORTCUTS = {
  restart: "Ctrl+Shift+Enter",
  pause: "F8",
  event: "F10",
  line: "F9",
  "back-event": "Shift+F10",
  "back-line": "Shift+F9",
} as const;

type Action = keyof typeof SHORTCUTS;

function actionFor(event: KeyboardEvent): Action | null {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.shiftKey) return "restart";
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case "F8":
      return event.shiftKey ? null : "pause";
    case "F9":
      return event.shiftKey ? "back-line" : "line";
    case "F10":
      return event.shiftKey ? "back-event" : "event";
    default:
      return null;
  }
}

export default memo(function DebuggerBar({ debug, running, onRestart, onPause, onStep, onMove }: DebuggerBarProps) {
  const { state, recorded, busy, paused, following, live, canStep, full } = debug;
  const atStart = state.cursor <= 0;
  const atEnd = state.cursor >= state.length - 1;
  // A full recording cannot follow the runner further: a step there would run the program where the debugger cannot see.
  const canAskRunner = live && canStep && !full;
  const forwardDisabled = busy || (recorded && atEnd && !canAskRunner);
  const canPause = running && live && !paused && !busy;

  const handlers = useRef({ onRestart, onPause, onStep, canPause, forwardDisabled, atStart });
  handlers.current = { onRestart, onPause, onStep, canPause, forwardDisabled, atStart };
  useEffect(() => {
    // Capture: the editor must not turn F8 into "next problem" or Shift+F10 into its context menu.
    const onKey = (event: KeyboardEvent) => {
      const action = actionFor(event);
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      const h = handlers.current;
      if (action === "restart") h.onRestart();
      else if (action === "pause") {
        if (h.canPause) h.onPause();
      } else if (action === "event" || action === "line") {
        if (!h.forwardDisabled) h.onStep(action);
      } else if (!h.atStart) h.onStep(action);
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  const dispatch = state.dispatch;
  // The runner still holds the run: every step may record more, so there is no total yet.
  const recording = running && live;
  const position = stepPosition(state, recording, full);
  const fullRun = !recording ? "ended" : paused ? "paused" : "running";
  const sentence = recorded
    ? state.length > 0
      ? state.description
      : "Starting the program…"
    : "Press Restart to run the program paused at its first line, then step through it: Step line for each line, Step for each reactor event.";

  return (
    <section className={full ? "debugger-bar debugger-bar-full" : "debugger-bar"} aria-label="Debugger">
      <div className="debugger-row">
        <div className="debugger-controls" role="group" aria-label="Step controls">
          <ControlButton label="Restart" icon="↺" shortcut={SHORTCUTS.restart} hint="Run the program again, paused at its first line" onClick={onRestart} />
          <ControlButton label="Pause" icon="‖" shortcut={SHORTCUTS.pause} hint="Freeze the live run and show its last step" onClick={onPause} disabled={!canPause} />
          <span className="debugger-divider" aria-hidden="true" />
          <ControlButton label="Step back" icon="←" shortcut={SHORTCUTS["back-event"]} hint="Back to the previous reactor event" onClick={() => onStep("back-event")} disabled={busy || atStart} />
          <ControlButton label="Step back line" icon="↑" shortcut={SHORTCUTS["back-line"]} hint="Back to the previous line that ran" onClick={() => onStep("back-line")} disabled={busy || atStart} />
          <ControlButton label="Step line" icon="↓" shortcut={SHORTCUTS.line} hint="On to the next line that runs" onClick={() => onStep("line")} disabled={forwardDisabled} labelled />
          <ControlButton label="Step" icon="→" shortcut={SHORTCUTS.event} hint="On to the next reactor event (a timer, or I/O)" onClick={() => onStep("event")} disabled={forwardDisabled} labelled />
        </div>
        <Timeline debug={debug} recording={recording} onMove={onMove} />
        <span className="debugger-position" aria-hidden="true" title={recording ? "The run goes on, so its recording grows as you step: the total shows once it ends." : undefined}>
          {position}
          {state.length > 0 && <> · {formatTime(state.time)}</>}
        </span>
      </div>
      <div className="debugger-row debugger-row-sentence">
        <span className={`debugger-mode debugger-mode-${modeOf(debug, running)}`}>{modeText(debug, running)}</span>
        <p className="debugger-sentence" aria-live={following ? "off" : "polite"} aria-atomic="true" data-testid="debugger-sentence">
          {sentence}
        </p>
        {dispatch && dispatch.causeIndex !== null && <WhoScheduled causeLine={dispatch.causeLine} onClick={() => onMove(dispatch.causeIndex!)} />}
      </div>
      {full && (
        <p className="debugger-full" role="status" data-testid="debugger-full" title={fullText(state.length, debug.fullAt, fullRun)}>
          {fullText(state.length, debug.fullAt, fullRun)}
        </p>
      )}
    </section>
  );
});

function WhoScheduled({ causeLine, onClick }: { causeLine: number | null; onClick: () => void }) {
  return (
    <button type="button" className="debugger-link" onClick={onClick} title="Move to the step that scheduled this reactor event">
      Who scheduled this?{causeLine !== null && <span className="debugger-link-detail"> line {causeLine}</span>}
    </button>
  );
}

/**
 * Said, wherever the cursor is, once the recording is full: where it stopped, and what the program does meanwhile.
 * @param run "paused" while the runner holds the program, "running" while it goes on live, "ended" after.
 */
export function fullText(steps: number, at: number, run: "paused" | "running" | "ended"): string {
  const where = `Recording full at step ${formatCount(steps)} (${formatTime(at)})`;
  switch (run) {
    case "paused":
      return `${where}. Run goes on unrecorded; Restart records again.`;
    case "running":
      return `${where}: the program runs on, unrecorded. Restart records again.`;
    case "ended":
      return `${where}: later steps of the run were not recorded.`;
  }
}

function modeOf(debug: DebugSnapshot, running: boolean): string {
  if (!debug.recorded) return "idle";
  if (debug.busy) return "busy";
  if (debug.following && running) return "live";
  if (debug.paused && running) return "paused";
  return "replay";
}

function modeText(debug: DebugSnapshot, running: boolean): string {
  switch (modeOf(debug, running)) {
    case "idle":
      return "Debugger";
    case "busy":
      return "Stepping…";
    case "live":
      return "Live";
    case "paused":
      return "Paused";
    default:
      return "Replay";
  }
}

/** A step control. `labelled` keeps its word on a narrow bar: a first-time learner needs to read the two forward steps. */
function ControlButton(props: { label: string; icon: string; shortcut: string; hint: string; onClick: () => void; disabled?: boolean; labelled?: boolean }) {
  return (
    <button type="button" className={props.labelled ? "debugger-button debugger-button-labelled" : "debugger-button"} onClick={props.onClick} disabled={props.disabled} title={`${props.hint} (${props.shortcut})`} aria-keyshortcuts={props.shortcut.replace("Ctrl", "Control")}>
      <span className="debugger-icon" aria-hidden="true">
        {props.icon}
      </span>
      <span className="debugger-label">{props.label}</span>
    </button>
  );
}
