"use client";
/**
 * The workspace's bottom-right panel: tabs for the step's checks, the
 * browser, the callback chain and the reactor. Only the visible panel is
 * rendered. The browser loads on first use; the debugger's views load while
 * the page is idle, and the callback chain is drawn once offscreen then
 * (ChainRehearsal), so the first step, which opens it, shows it at once.
 */
import dynamic from "next/dynamic";
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Check, CheckResult } from "../../engine";
import type { BrowserStore } from "../browser/browser-store";
import type { DebugSnapshot } from "../debugger/debug-store";
import { preloadable, whenIdle } from "./preloadable";
import ChecksPanel, { type NextStep } from "./ChecksPanel";

const CallbackChainView = preloadable(() => import("../debugger/CallbackChainView"), <p className="panel-empty">Loading the callback chain…</p>);
const PanelResizer = preloadable(() => import("../debugger/PanelResizer"));
const ReactorView = preloadable(() => import("../debugger/ReactorView"), <p className="panel-empty">Loading the reactor…</p>);
const ChainRehearsal = preloadable(() => import("../debugger/ChainRehearsal"));
/** The font lookups and code the rehearsal warms stay warm for the page's life: once is enough, whichever step is open. */
let chainRehearsed = false;
const BrowserPane = dynamic(() => import("../browser/BrowserPane"), {
  ssr: false,
  loading: () => <p className="panel-empty">Loading the browser…</p>,
});

export type PanelTab = "checks" | "browser" | "chain" | "reactor";

const TABS: { id: PanelTab; label: string }[] = [
  { id: "checks", label: "Checks" },
  { id: "browser", label: "Browser" },
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
  readonly browser: BrowserStore;
  /** The program is running: the browser's advice when a connection is refused. */
  readonly running: boolean;
  /** The TCP ports the running program listens on. */
  readonly listening: readonly number[];
}

export default memo(function SidePanels({
  tab,
  onTab,
  checks,
  results,
  checking,
  next = null,
  debug,
  onPick,
  onMove,
  browser,
  running,
  listening,
}: SidePanelsProps) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const [rehearsing, setRehearsing] = useState(false);
  useEffect(
    () =>
      whenIdle(() => {
        CallbackChainView.preload();
        PanelResizer.preload();
        ReactorView.preload();
        if (!chainRehearsed) setRehearsing(true);
      }),
    [],
  );
  const rehearsed = useCallback(() => {
    chainRehearsed = true;
    setRehearsing(false);
  }, []);
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
      {(tab === "chain" || tab === "reactor") && <PanelResizer />}
      {rehearsing && tab !== "chain" && <ChainRehearsal onDone={rehearsed} />}
      <div className="panel-tabs" role="tablist" aria-label="Checks, browser and debugger" onKeyDown={onKeyDown}>
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
        {tab === "browser" && <BrowserPane store={browser} running={running} listening={listening} />}
        {tab === "chain" && <CallbackChainView state={debug.state} sourceLines={debug.sourceLines} picked={debug.picked} onPick={onPick} onMove={onMove} />}
        {tab === "reactor" && <ReactorView state={debug.state} sourceLines={debug.sourceLines} onMove={onMove} />}
      </div>
    </div>
  );
});
