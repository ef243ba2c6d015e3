/**
 * Where Monaco's internal errors go. Monaco catches what its own code throws
 * (drawing a frame, a worker's late answer) and by default throws it again
 * from a timer, where it becomes an uncaught page error. An error while
 * drawing one frame of the editor (seen: a selection drawn while the view's
 * lines were being laid out again) costs only that frame: the next frame
 * draws correctly and the learner's text is untouched. Such errors are
 * reported as warnings; every other internal error is still reported as an
 * error, so it is not hidden.
 */
import { errorHandler } from "monaco-editor/base/common/errors";

/** Frames of Monaco's view rendering: an error inside them spoils one frame only. */
const RENDERING = /\b(prepareRender|renderText|_actualRender|_onRenderScheduled)\b/;

let installed = false;

export function reportMonacoErrorsCalmly(): void {
  if (installed) return;
  installed = true;
  errorHandler.unexpectedErrorHandler = (error: unknown) => {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (RENDERING.test(stack)) console.warn(`The editor skipped drawing one frame: ${stack}`);
    else console.error("Editor error:", error);
  };
}
