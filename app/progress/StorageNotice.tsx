"use client";
/**
 * Problems with the learner's saved progress, shown on every page, where the
 * learner is: damaged data that was recovered (until dismissed), and saves
 * the browser refused (until a save works again).
 */
import { progressStore, useProgress } from "./progress-store";

export default function StorageNotice() {
  const { notice, saveError } = useProgress();
  if (!notice && !saveError) return null;
  return (
    <div className="storage-notices">
      {saveError && (
        <div className="notice-box" role="alert" data-testid="save-error">
          <p>{saveError}</p>
        </div>
      )}
      {notice && (
        <div className="notice-box" role="alert" data-testid="progress-notice">
          <p>{notice}</p>
          <button type="button" className="button-quiet" onClick={() => progressStore.dismissNotice()}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
