"use client";
/**
 * Two splitters on the debugger panel's edges (the ARIA window-splitter
 * pattern): the left one sets its width, the top one its height, by drag or
 * by arrow keys. The sizes are shares of the workspace, kept in localStorage,
 * and set as CSS variables that the debugging layout reads
 * (--debug-panel-width, --debug-panel-height in globals.css).
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";

const STORAGE_KEY = "evolution-of-finger:debugger-panel";

/** Shares of the workspace in percent: the smallest, the largest, the default and one arrow key's step. */
const LIMITS = {
  width: { min: 30, max: 80, initial: 62, step: 2 },
  height: { min: 30, max: 80, initial: 56, step: 2 },
} as const;

type Axis = keyof typeof LIMITS;
type Sizes = Record<Axis, number>;

const INITIAL: Sizes = { width: LIMITS.width.initial, height: LIMITS.height.initial };

function clamp(axis: Axis, value: number): number {
  const { min, max } = LIMITS[axis];
  return Math.round(Math.max(min, Math.min(max, value)));
}

/** The sizes the learner left, or null when they never resized the panel. */
function loadSizes(storage: Pick<Storage, "getItem"> | null): Sizes | null {
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? "null") as Partial<Sizes> | null;
    if (!saved) return null;
    return {
      width: typeof saved.width === "number" ? clamp("width", saved.width) : INITIAL.width,
      height: typeof saved.height === "number" ? clamp("height", saved.height) : INITIAL.height,
    };
  } catch {
    return null;
  }
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export default function PanelResizer() {
  const anchor = useRef<HTMLSpanElement>(null);
  // Null until the learner resizes (now or on an earlier visit): the stylesheet's defaults hold, measured for the splitters' values.
  const [sizes, setSizes] = useState<Sizes | null>(null);
  const [measured, setMeasured] = useState<Sizes>(INITIAL);
  const resized = useRef(false);

  useEffect(() => {
    const saved = loadSizes(storage());
    if (saved) setSizes(saved);
    const panel = anchor.current?.parentElement;
    const workspace = anchor.current?.closest<HTMLElement>(".workspace");
    if (!saved && panel && workspace) {
      const box = workspace.getBoundingClientRect();
      const own = panel.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) setMeasured({ width: clamp("width", (own.width / box.width) * 100), height: clamp("height", (own.height / box.height) * 100) });
    }
  }, []);

  // The sizes go to the workspace's grid as CSS variables (read only by the debugging layout).
  useEffect(() => {
    const workspace = anchor.current?.closest<HTMLElement>(".workspace");
    if (!workspace || !sizes) return;
    workspace.style.setProperty("--debug-panel-width", `${sizes.width}%`);
    workspace.style.setProperty("--debug-panel-height", `${sizes.height}%`);
    if (!resized.current) return;
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify(sizes));
    } catch {
      // A full or forbidden storage only means the size is not remembered.
    }
  }, [sizes]);

  const resize = useCallback(
    (axis: Axis, value: number) => {
      resized.current = true;
      setSizes((current) => ({ ...(current ?? measured), [axis]: clamp(axis, value) }));
    },
    [measured],
  );

  const shown = sizes ?? measured;
  return (
    <span ref={anchor} className="panel-resizer">
      <Splitter axis="width" value={shown.width} onResize={resize} />
      <Splitter axis="height" value={shown.height} onResize={resize} />
    </span>
  );
}

function Splitter({ axis, value, onResize }: { axis: Axis; value: number; onResize: (axis: Axis, value: number) => void }) {
  const dragging = useRef(false);
  const { min, max, step } = LIMITS[axis];
  const vertical = axis === "width";

  const onKeyDown = (event: KeyboardEvent) => {
    // The edge moves the way the arrow points: left or up makes the panel bigger.
    const grow = vertical ? "ArrowLeft" : "ArrowUp";
    const shrink = vertical ? "ArrowRight" : "ArrowDown";
    let next: number | null = null;
    if (event.key === grow) next = value + step;
    else if (event.key === shrink) next = value - step;
    else if (event.key === "Home") next = max;
    else if (event.key === "End") next = min;
    if (next === null) return;
    event.preventDefault();
    onResize(axis, next);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    const workspace = event.currentTarget.closest<HTMLElement>(".workspace");
    if (!workspace) return;
    const box = workspace.getBoundingClientRect();
    const share = vertical ? (box.right - event.clientX) / box.width : (box.bottom - event.clientY) / box.height;
    onResize(axis, share * 100);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    dragging.current = false;
    event.currentTarget.releasePointerCapture(event.pointerId);
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      className={`panel-splitter panel-splitter-${vertical ? "vertical" : "horizontal"}`}
      aria-orientation={vertical ? "vertical" : "horizontal"}
      aria-label={vertical ? "Debugger panel width" : "Debugger panel height"}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={`${value}% of the workspace's ${vertical ? "width" : "height"}`}
      title={vertical ? "Drag, or use the Left and Right arrow keys, to widen the panel" : "Drag, or use the Up and Down arrow keys, to heighten the panel"}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    />
  );
}
