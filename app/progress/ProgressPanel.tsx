"use client";
/**
 * The home page's progress panel: how far the learner is, where to resume,
 * and export/import of progress as a file.
 */
import Link from "next/link";
import { useRef, useState } from "react";
import { progressStore, useProgress } from "./progress-store";

export default function ProgressPanel({ stepIds }: { readonly stepIds: readonly string[] }) {
  // Notices about damaged or unsaved progress show on every page (StorageNotice, in the layout).
  const { progress, loaded } = useProgress();
  const [message, setMessage] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const done = stepIds.filter((id) => progress.steps[id]?.passed).length;

  const exportFile = () => {
    const blob = new Blob([progressStore.exportText()], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = "evolution-of-finger-progress.json";
    link.click();
    URL.revokeObjectURL(url);
    setMessage("Progress exported.");
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setMessage(await progressStore.importText(await file.text()));
    if (fileInput.current) fileInput.current.value = "";
  };

  return (
    <section className="progress-panel" aria-label="Your progress">
      <div className="progress-row">
        <div>
          <p className="progress-count">
            {loaded ? `${done} of ${stepIds.length} steps completed` : "\u00a0"}
          </p>
          <div className="progress-bar" role="progressbar" aria-label="Steps completed" aria-valuemin={0} aria-valuemax={stepIds.length} aria-valuenow={done}>
            <span style={{ width: `${stepIds.length ? (100 * done) / stepIds.length : 0}%` }} />
          </div>
        </div>
        {progress.last && (
          <Link className="button-secondary" href={progress.last.href}>
            Continue: {progress.last.title}
          </Link>
        )}
        <div className="progress-actions">
          <button type="button" className="button-quiet" onClick={exportFile}>
            Export progress
          </button>
          <button type="button" className="button-quiet" onClick={() => fileInput.current?.click()}>
            Import progress
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="visually-hidden"
            aria-label="Progress file to import"
            onChange={(event) => void importFile(event.target.files?.[0])}
          />
        </div>
      </div>
      {message && (
        <p className="progress-message" role="status">
          {message}
        </p>
      )}
    </section>
  );
}
