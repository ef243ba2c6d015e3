/**
 * The engine's one public door. The app and tools import from here only;
 * learner code imports Twisted's module paths (see runtime/modules.ts).
 */
export * as twisted from "./twisted";
export { World, formatProgramError, type OutputLine, type StartOutcome, type WorldOptions } from "./runtime/world";
export { SimulatedClient, type ClientEvents, type ClientState } from "./runtime/client";
export { type CommandEvents, type CommandHandle } from "./runtime/command";
export { RealTimePacer } from "./runtime/pacer";
export { compile, runProgram, type ProgramError, type SourceLocation } from "./runtime/program";
export { learnerModuleNames } from "./runtime/modules";
export { runChecks, runCheck, show, type CheckRun } from "./checks/run-checks";
export { SimulatedDriver, ScenarioError, type ScenarioDriver, type DriverClient } from "./checks/driver";
export { type StepRecord } from "./twisted/internet/simulated-reactor";
export { type NetworkConditions } from "./simulation/simulated-network";
export { type PortInfo } from "./simulation/simulated-host";
export { type ConnectionInfo } from "./simulation/tcp-transport";
export { type ProcessInfo } from "./simulation/process-simulated";
export { type ThreadInfo } from "./twisted/internet/thread-pool";
export { type ProcessContext, type SimulatedCommand } from "./simulation/commands";
export { type DirEntry } from "./twisted/internet/interfaces";
export { SEGMENTATIONS, type Segmentation } from "./simulation/segmentation";
export {
  CheckSchema,
  ChecksFileSchema,
  CheckResultSchema,
  stepActions,
  type Check,
  type ChecksFile,
  type CheckResult,
  type ScenarioStep,
  type WorldStep,
} from "./checks/scenario";
export {
  RunnerRequestSchema,
  RunnerEventSchema,
  type RunnerRequest,
  type RunnerEvent,
} from "./runner/messages";
/** Twisted's modules the issue names, also at the top level: defer, failure, task, error. */
export * as defer from "./twisted/internet/defer";
export * as failure from "./twisted/python/failure";
export * as task from "./twisted/internet/task";
export * as error from "./twisted/internet/error";
/** The trace: typed events (zod schema shared with the UI), the sink switch, a recorder. */
export * as trace from "./trace";
/** The debugger's derived state: an index over a recorded trace, the state at a cursor, one sentence per event. */
export * from "./debugger";
export { TraceEventSchema, type TraceEvent } from "./trace/events";
export { parseTraceEvent } from "./trace/validate";
