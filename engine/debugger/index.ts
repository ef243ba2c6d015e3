/**
 * The debugger's pure logic: an index over a recorded trace, the state at a
 * cursor, and a sentence per event. The UI renders DebugState only.
 */
export { TraceIndex, CHECKPOINT_EVERY, lastAtOrBefore, firstAtOrAfter, type CallRecord, type ListMembership } from "./trace-index";
export {
  debugStateAt,
  dispatchOf,
  PENDING_SHOWN,
  OUTPUT_SHOWN,
  DEFERREDS_SHOWN,
  type DebugState,
  type Dispatch,
  type DeferredSummary,
  type FoldOptions,
  type LoopPhase,
  type PendingCall,
} from "./fold";
export { deferredAt, isFailureText, type DeferredStatus, type DeferredView, type LinkRun, type LinkView, type Side } from "./deferred-view";
export { describeEvent, formatTime, functionName } from "./describe-event";
export { shortFunctionName } from "./anonymous-name";
export { nextStop, stopInNewEvents, type StepKind } from "./stepping";
export { timelineMarkers, MARK_STEP, MARK_OUTPUT, MARK_FAILURE, MARK_UNHANDLED, type TimelineMarkers } from "./markers";
