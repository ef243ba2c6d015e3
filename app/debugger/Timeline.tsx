"use client";
/**
 * The timeline: a slider over every recorded event, with markers for the
 * reactor's events, output, Failures and unhandled errors. Dragging it moves
 * the cursor; nothing re-runs.
 */
import { memo } from "react";
import { MARK_FAILURE, MARK_OUTPUT, MARK_STEP, MARK_UNHANDLED, type TimelineMarkers } from "../../engine";
import type { DebugSnapshot } from "./debug-store";
import { stepPosition } from "./step-position";

export interface TimelineProps {
  readonly debug: DebugSnapshot;
  /** The run is still going: its recording, and so the slider, grows as it runs. */
  readonly recording: boolean;
  readonly onMove: (index: number) => void;
}

export default function Timeline({ debug, recording, onMove }: TimelineProps) {
  const { state } = debug;
  const max = Math.max(0, state.length - 1);
  return (
    <div className="timeline">
      <Markers markers={debug.markers} />
      <input
        type="range"
        className="timeline-slider"
        aria-label="Timeline"
        min={0}
        max={max}
        step={1}
        value={Math.max(0, state.cursor)}
        disabled={state.length === 0}
        aria-valuetext={state.length > 0 ? `${stepPosition(state, recording)}: ${state.description}` : "Nothing recorded"}
        onChange={(event) => onMove(Number(event.currentTarget.value))}
      />
    </div>
  );
}

/** Ticks under the slider; drawn once per trace length, not per step. */
const Markers = memo(function Markers({ markers }: { markers: TimelineMarkers }) {
  const { flags, size, length } = markers;
  if (length < 2) return <svg className="timeline-markers" aria-hidden="true" />;
  const ticks: React.ReactElement[] = [];
  for (let b = 0; b < flags.length; b++) {
    const f = flags[b]!;
    if (!f) continue;
    // The bucket's first event, on the same scale as the slider's thumb.
    const x = ((b * size) / (length - 1)) * 100;
    if (f & MARK_UNHANDLED) ticks.push(<rect key={`u${b}`} className="mark-unhandled" x={`${x}%`} y="0" width="3" height="100%" />);
    else if (f & MARK_FAILURE) ticks.push(<rect key={`f${b}`} className="mark-failure" x={`${x}%`} y="2" width="2" height="12" />);
    else if (f & MARK_STEP) ticks.push(<rect key={`s${b}`} className="mark-step" x={`${x}%`} y="4" width="1.5" height="8" />);
    if (f & MARK_OUTPUT) ticks.push(<circle key={`o${b}`} className="mark-output" cx={`${x}%`} cy="16" r="1.6" />);
  }
  return (
    <svg className="timeline-markers" aria-hidden="true">
      {ticks}
    </svg>
  );
});
