"use client";
/**
 * The workspace's bottom-right panel: tabs for the step's checks, the
 * callback chain and the reactor. Only the visible panel is rendered; the
 * debugger's two views load on first use.
 */
import dynamic from "next/dynamic";
import { memo, useRef, type KeyboardEvent } from "react";
import type { Check, CheckResult } from "../../engine";
import type { DebugSnapshot } from "../debugger/debug-store";
import ChecksPanel, { type NextStep } from "./ChecksPanel";

const CallbackChainView = dynamic(() => import("../debugger/CallbackChainView"), {
  ssr: false,
  loading: () => <p className="panel-empty">Loading the callback chain…</p>,
});
const PanelResizer = dynamic(() => import("../debugger/PanelResizer"), { ssr: false });
const ReactorView = dynamic(() => import("../debugger/ReactorView"), {
  ssr: false,
  loading: () => <p className="panel-empty">Loading the reactor…</p>,
});

export type PanelTab = "checks" | "chain" | "reactor";

const TABS: { id: PanelTab; label: string }[] = [
  { id: "checks", label: "Checks" },
  { id: "chain", label: "Callback chain" },
  { id: "reactor", label: "Reactor" },
];

export interface SidePanelsProps {
  readonly tab: PanelTab;
  readonly onTab: (tab: PanelTab) => void;
  readonly checks: readonly Pick<Check, "id" | "title">[];
  readonly results: readonly CheckResult[] | null;
  readonly checking: boolean;
  readonly next?: NextStep | null;
  readonly debug: DebugSnapshot;
  readonly onPick: (id: number | null) => void;
  readonly onMove: (index: number) => void;
}

export default memo(function SidePanels({ tab, onTab, checks, results, checking, next = null, debug, onPick, onMove }: SidePanelsProps) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const passed = results?.filter((result) => result.passed).length;
  // Arrow keys move between tabs, as the ARIA tabs pattern says.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next = event.key === "ArrowRight" ? index + 1 : event.key === "ArrowLeft" ? index - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length]!;
    onTab(target.id);
    tabs.current[TABS.indexOf(target)]?.focus();
  };
  return (
    <div className="side-panels">
      {tab !== "checks" && <PanelResizer />}
      <div className="panel-tabs" role="tablist" aria-label="Checks and debugger" onKeyDown={onKeyDown}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(element) => {
              tabs.current[i] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="panel-tab"
            onClick={() => onTab(t.id)}
          >
            {t.label}
            {t.id === "checks" && results && (
              <span className={`tab-badge ${passed === results.length ? "badge-pass" : "badge-fail"}`} aria-hidden="true">
                {passed}/{results.length}
              </span>
            )}
            {t.id === "chain" && debug.state.unhandled.length > 0 && (
              <span className="tab-badge badge-fail" aria-hidden="true">
                ✗
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="panel-body" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "checks" && <ChecksPanel titles={checks} results={results} checking={checking} next={next} />}
        {tab === "chain" && <CallbackChainView state={debug.state} sourceLines={debug.sourceLines} picked={debug.picked} onPick={onPick} onMove={onMove} />}
        {tab === "reactor" && <ReactorView state={debug.state} sourceLines={debug.sourceLines} onMove={onMove} />}
      </div>
    </div>
  );
});
