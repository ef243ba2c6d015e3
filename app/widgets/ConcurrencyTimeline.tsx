"use client";
/**
 * An interactive comparison of four ways to serve N clients on one timeline:
 * one at a time, a process per connection, a thread per connection, and one
 * event loop. Learners move the sliders and watch the finish times change.
 */
import { useId, useMemo, useState } from "react";
import { modelTimelines, type SegmentKind } from "./concurrency-model";

const KIND_LABEL: Record<SegmentKind, string> = {
  queued: "waiting its turn",
  startup: "starting a process",
  wait: "waiting for I/O",
  compute: "computing",
};

export default function ConcurrencyTimeline() {
  const [clients, setClients] = useState(4);
  const [wait, setWait] = useState(2);
  const [compute, setCompute] = useState(0.3);
  const [blockingCallback, setBlockingCallback] = useState(false);
  const id = useId();
  const models = useMemo(() => modelTimelines({ clients, wait, compute, blockingCallback }), [clients, wait, compute, blockingCallback]);
  const scale = Math.max(...models.map((m) => m.finished), 0.1);

  return (
    <figure className="widget concurrency" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <strong>Serving {clients} clients four ways</strong>: each request waits {wait.toFixed(1)} s for I/O, then computes for{" "}
        {compute.toFixed(1)} s.
      </figcaption>
      <div className="widget-controls">
        <label>
          Clients <input type="range" min={1} max={8} value={clients} onChange={(e) => setClients(Number(e.target.value))} />
          <output>{clients}</output>
        </label>
        <label>
          I/O wait <input type="range" min={0.5} max={4} step={0.5} value={wait} onChange={(e) => setWait(Number(e.target.value))} />
          <output>{wait.toFixed(1)} s</output>
        </label>
        <label>
          Computing <input type="range" min={0.1} max={1} step={0.1} value={compute} onChange={(e) => setCompute(Number(e.target.value))} />
          <output>{compute.toFixed(1)} s</output>
        </label>
        <label className="widget-check">
          <input type="checkbox" checked={blockingCallback} onChange={(e) => setBlockingCallback(e.target.checked)} /> A callback in the event
          loop blocks
        </label>
      </div>
      <ul className="widget-legend" aria-label="Legend">
        {(Object.keys(KIND_LABEL) as SegmentKind[]).map((kind) => (
          <li key={kind}>
            <span className={`bar bar-${kind}`} aria-hidden="true" /> {KIND_LABEL[kind]}
          </li>
        ))}
      </ul>
      {models.map((model) => (
        <section key={model.name} className="widget-model" aria-label={model.title}>
          <h4>
            {model.title}
            <span className="widget-stats">
              last answer at {model.finished.toFixed(1)} s · memory ≈ {model.memoryMb < 1 ? model.memoryMb.toFixed(2) : Math.round(model.memoryMb)} MB
            </span>
          </h4>
          <div className="widget-lanes" aria-hidden="true">
            {model.lanes.map((lane) => (
              <div key={lane.client} className="widget-lane">
                <span className="widget-client">client {lane.client + 1}</span>
                <div className="widget-track">
                  {lane.segments.map((segment, index) => (
                    <span
                      key={index}
                      className={`bar bar-${segment.kind}`}
                      style={{ left: `${(100 * segment.start) / scale}%`, width: `${(100 * (segment.end - segment.start)) / scale}%` }}
                      title={`${KIND_LABEL[segment.kind]}: ${segment.start.toFixed(1)}–${segment.end.toFixed(1)} s`}
                    />
                  ))}
                </div>
                <span className="widget-done">{lane.done.toFixed(1)} s</span>
              </div>
            ))}
          </div>
          <p className="widget-explanation">{model.explanation}</p>
          <p className="visually-hidden">
            Answer times: {model.lanes.map((lane) => `client ${lane.client + 1} at ${lane.done.toFixed(1)} seconds`).join(", ")}.
          </p>
        </section>
      ))}
    </figure>
  );
}
