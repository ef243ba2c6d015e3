"use client";
/**
 * The reactor at the cursor: its virtual clock, which part of its loop it is
 * in, the delayed calls waiting in order, listening ports, connections with
 * the bytes in flight, the thread pool, and the output so far. Renders
 * DebugState only.
 */
import { Fragment, memo, useEffect, useRef } from "react";
import { BUFFER_SIZE, formatTime, shortFunctionName, type DebugState, type LoopPhase } from "../../engine";

export interface ReactorViewProps {
  readonly state: DebugState;
  /** The run's source lines, to name anonymous functions by their text. */
  readonly sourceLines?: readonly string[];
  readonly onMove: (index: number) => void;
}

const PHASES: { phase: LoopPhase; label: string }[] = [
  { phase: "timer", label: "Running timed calls" },
  { phase: "io", label: "Dispatching I/O" },
  { phase: "waiting", label: "Waiting" },
];

function phaseSentence(state: DebugState, sourceLines: readonly string[] | undefined): string {
  const { phase, dispatch } = state;
  switch (phase) {
    case "not-started":
      return "Nothing recorded yet.";
    case "top-level":
      return "The program's top level runs; the reactor's loop has not started.";
    case "timer":
      return `Running a timed call: ${shortFunctionName(dispatch?.label ?? "", sourceLines, dispatch?.causeLine ?? null)}${dispatch?.causeLine != null ? `, scheduled on line ${dispatch.causeLine}` : ""}.`;
    case "io":
      return `Dispatching I/O: ${dispatch?.label ?? "I/O"}.`;
    case "waiting":
      return state.nextDue === null
        ? "Waiting: nothing is scheduled, so the loop waits for I/O."
        : state.nextDue <= state.time
          ? "Between events: more work is due now."
          : `Waiting until ${formatTime(state.nextDue)} for the next delayed call.`;
    case "stopped":
      return "The reactor has stopped.";
  }
}

export default function ReactorView({ state, sourceLines, onMove }: ReactorViewProps) {
  const reactor = state.reactor;
  const loopPhase = state.phase === "top-level" || state.phase === "not-started" ? null : state.phase;
  return (
    <section className="side-panel reactor-panel" aria-label="Reactor">
      <div className="panel-scroll reactor-grid">
        <div className="reactor-card reactor-loop">
          <div className="reactor-loop-row">
            <div className="reactor-clock">
              <span className="reactor-clock-label">Virtual clock</span>
              <strong className="reactor-clock-time" aria-label={`Virtual clock: ${formatTime(state.time)}`}>
                {formatTime(state.time)}
              </strong>
            </div>
            <ol className="loop-phases" aria-label="The reactor's loop">
            {PHASES.map(({ phase, label }) => (
              <li key={phase} className={loopPhase === phase ? "phase-current" : ""} aria-current={loopPhase === phase ? "step" : undefined}>
                <span aria-hidden="true">{loopPhase === phase ? "● " : "○ "}</span>
                {label}
              </li>
            ))}
              {state.phase === "stopped" && (
                <li className="phase-current phase-stopped" aria-current="step">
                  <span aria-hidden="true">■ </span>Stopped
                </li>
              )}
            </ol>
          </div>
          <p className="reactor-phase" data-testid="reactor-phase">
            {phaseSentence(state, sourceLines)}
            {state.dispatch?.causeIndex != null && (
              <>
                {" "}
                <button type="button" className="link-button" onClick={() => onMove(state.dispatch!.causeIndex!)}>
                  Who scheduled this?
                </button>
              </>
            )}
          </p>
        </div>

        <div className="reactor-card">
          <h3>
            Delayed calls <span className="count">{state.pendingTotal}</span>
          </h3>
          <PendingCalls pending={state.pending} total={state.pendingTotal} time={state.time} sourceLines={sourceLines} onMove={onMove} />
        </div>

        <div className="reactor-card">
          <h3>
            Listening ports <span className="count">{reactor?.ports.length ?? 0}</span>
          </h3>
          {!reactor || reactor.ports.length === 0 ? (
            <p className="panel-empty">None.</p>
          ) : (
            <ul className="reactor-list" aria-label="Listening ports">
              {reactor.ports.map((port) => (
                <li key={`${port.host}-${port.transport}-${port.path ?? port.port}`}>
                  <span className="due">
                    {port.transport} {port.path ?? port.port}
                  </span>{" "}
                  {port.owner} <span className="in">on {port.host}</span>
                </li>
              ))}
            </ul>
          )}
          <h3>
            Connections <span className="count">{reactor?.connections.length ?? 0}</span>
          </h3>
          {!reactor || reactor.connections.length === 0 ? (
            <p className="panel-empty">None open.</p>
          ) : (
            <table className="reactor-table" aria-label="Open connections">
              <thead>
                <tr>
                  <th scope="col">Local → remote</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">In flight</th>
                </tr>
              </thead>
              <tbody>
                {reactor.connections.map((c) => (
                  <Fragment key={`${c.host}-${c.id}-${c.local}`}>
                    <tr>
                      <td>
                        {c.local} → {c.remote}
                      </td>
                      <td>{c.protocol}</td>
                      <td className={c.bytesInFlight > 0 ? "in-flight" : ""}>{c.bytesInFlight} B</td>
                    </tr>
                    {c.producer && (
                      <tr className="producer-row">
                        <td colSpan={3}>
                          Producer {c.producer.name} ({c.producer.kind}):{" "}
                          <span className={c.producer.paused ? "producer-paused" : ""}>{producerState(c.producer, c.bytesInFlight)}</span>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )}
          <h3>
            Thread pool <span className="count">{reactor?.threads.filter((t) => t.job !== null).length ?? 0} busy</span>
          </h3>
          {!reactor || reactor.threads.length === 0 ? (
            <p className="panel-empty">No threads started.</p>
          ) : (
            <ul className="reactor-list" aria-label="Thread pool">
              {reactor.threads.map((t) => (
                <li key={t.name}>
                  <span className="due">{t.name}</span> {t.job ? `runs ${t.job}` : "idle"}
                  {t.busyUntil !== null && <span className="in"> until {formatTime(t.busyUntil)}</span>}
                </li>
              ))}
            </ul>
          )}
          <ProcessList processes={reactor?.processes ?? []} />
        </div>

        <OutputAtStep state={state} />
      </div>
    </section>
  );
}

/** What a connection's producer is doing, as the transport sees it. */
function producerState(producer: { kind: "push" | "pull"; paused: boolean }, buffered: number): string {
  if (producer.paused) return `paused, ${buffered > BUFFER_SIZE ? "over 64 KiB waits to be sent" : "waiting for the buffer to drain"}`;
  if (producer.kind === "pull") return buffered > 0 ? "waiting for the client to take the last chunk" : "asked for the next chunk";
  return "producing";
}

/** The delayed calls waiting, soonest first: drawn again only when they or the clock change, not on every step. */
const PendingCalls = memo(function PendingCalls({
  pending,
  total,
  time,
  sourceLines,
  onMove,
}: {
  pending: DebugState["pending"];
  total: number;
  time: number;
  sourceLines: readonly string[] | undefined;
  onMove: (index: number) => void;
}) {
  return pending.length === 0 ? (
    <p className="panel-empty">None waiting.</p>
  ) : (
    <ol className="reactor-list" aria-label="Delayed calls, soonest first">
      {pending.map((call) => (
        <li key={call.call} className="pending-call">
          <span className="due">{formatTime(call.at)}</span> <span className="fn">{call.fn === "passthru" ? "pass-through" : shortFunctionName(call.fn, sourceLines, call.line)}</span>
          <span className="in">
            {call.at > time ? `in ${formatTime(call.at - time)}` : "due now"} · scheduled{" "}
            <button type="button" className="link-button" onClick={() => onMove(call.scheduledIndex)} title="Move to the step that scheduled it">
              {call.line !== null ? `on line ${call.line}` : "by the engine"}
            </button>
          </span>
        </li>
      ))}
      {total > pending.length && <li className="more">…and {total - pending.length} more</li>}
    </ol>
  );
});

type ProcessEntry = NonNullable<NonNullable<DebugState["reactor"]>["processes"]>[number];

/** The processes the program started: each with its pid, its command line and the pipes that connect it to its parent. */
function ProcessList({ processes }: { processes: readonly ProcessEntry[] }) {
  const running = processes.filter((p) => p.state === "running").length;
  return (
    <>
      <h3>
        Processes <span className="count">{running} running</span>
      </h3>
      {processes.length === 0 ? (
        <p className="panel-empty">None started.</p>
      ) : (
        <table className="reactor-table" aria-label="Processes">
          <thead>
            <tr>
              <th scope="col">PID</th>
              <th scope="col">Command</th>
              <th scope="col">Pipes</th>
            </tr>
          </thead>
          <tbody>
            {processes.map((p) => (
              <tr key={p.pid} className={p.state === "running" ? "" : "process-ended"}>
                <td>{p.pid}</td>
                <td title={p.command}>{shortCommand(p.command)}</td>
                <td className="process-pipes">{p.state === "running" ? describePipes(p.pipes) : p.signal !== null ? `killed (signal ${p.signal})` : `exited ${p.exitCode}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The command line with the program's directory left out ("python3 workers.ts child"); the full one is its title. */
function shortCommand(command: string): string {
  return command.replace(/^\S*\//, "");
}

/** Which of the pipes are open: "in out err", or the ones still open, or "closed". */
function describePipes(pipes: ProcessEntry["pipes"]): string {
  const open = (["stdin", "stdout", "stderr"] as const).filter((name) => pipes[name]).map((name) => name.slice(3));
  return open.length === 0 ? "closed" : open.join(" ");
}

function OutputAtStep({ state }: { state: DebugState }) {
  // Lines are in order and end at the cursor: only the last can be the current step's.
  const current = state.output[state.output.length - 1]?.index === state.cursor ? state.cursor : -1;
  return <OutputLines output={state.output} total={state.outputTotal} current={current} />;
}

/** The output up to the cursor: drawn again only when the lines or the highlighted one change. */
const OutputLines = memo(function OutputLines({ output, total, current }: { output: DebugState["output"]; total: number; current: number }) {
  const list = useRef<HTMLOListElement>(null);
  const last = output[output.length - 1]?.index;
  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [last]);
  return (
    <div className="reactor-card reactor-output">
      <h3>
        Output at this step <span className="count">{total}</span>
      </h3>
      {output.length === 0 ? (
        <p className="panel-empty">Nothing printed yet.</p>
      ) : (
        // The list scrolls when the output outgrows its room (a traceback wraps to several lines): tabIndex lets a keyboard scroll it.
        <ol className="output-list" aria-label="Output at this step" ref={list} tabIndex={0}>
          {output.map((line) => (
            <li key={line.index} className={`output-${line.stream} ${line.index === current ? "output-current" : ""}`}>
              <span className="output-time">{formatTime(line.time)}</span>
              <span className="output-text">{line.text}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
});
