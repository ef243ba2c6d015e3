/**
 * The benchmark workloads, each as the engine runs it and as plain
 * JavaScript would do the same job (the native baseline). twisted_bench.py
 * holds the same workloads for CPython Twisted.
 *
 * A workload's `run(n)` does n operations and resolves once they are all
 * complete (for Promises, that includes their microtasks).
 */
import type { Workload } from "./workload";
import { clockAndLineWorkloads } from "./workloads-clock-lines";
import { deferredWorkloads } from "./workloads-deferred";

export type { Side, Workload } from "./workload";
export { sinkValue } from "./workload";

export const workloads: readonly Workload[] = [...deferredWorkloads, ...clockAndLineWorkloads];

// The bench runner loads this module as a bundle; tracing must come from the same bundle to share its state.
export { setTraceSink } from "../trace/tracer";
export { TraceRecorder } from "../trace/recorder";
export { runProgram } from "../runtime/program";
export { activateTrace } from "../trace/tracer";
export { WorldRecording } from "../runtime/recording";
export { World } from "../runtime/world";
export { TraceRowDecoder } from "../trace/row-decoder";
export { TraceIndex } from "../debugger/trace-index";
