/** The engine's trace: typed events, the sink switch and a recorder. */
export {
  TraceEventSchema,
  SourceLocationSchema,
  type TraceEvent,
  type TraceEventType,
  type SourceLocation,
} from "./events";
export { setTraceSink, setTimeSource, resetTraceIds, type TraceSink, type TraceOptions } from "./tracer";
export { TraceRecorder } from "./recorder";
export { describeValue } from "./describe";
