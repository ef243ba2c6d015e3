/**
 * The learner's code per step, in localStorage. Storage can be full, disabled
 * or damaged; none of that may break the page, so every access is guarded.
 */
const PREFIX = "finger:code:v1:";

/** The saved code for a step, or null if there is none (or it cannot be read). */
export function loadCode(stepId: string): string | null {
  try {
    const value = window.localStorage.getItem(PREFIX + stepId);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/** Saves the code for a step; quietly does nothing if storage is unavailable. */
export function saveCode(stepId: string, code: string): void {
  try {
    window.localStorage.setItem(PREFIX + stepId, code);
  } catch {
    // Private browsing or a full quota: the code stays in the editor.
  }
}
