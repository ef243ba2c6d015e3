/**
 * The engine's one public door. The app and tools import from here only;
 * learner code imports Twisted's module paths (see runtime/modules.ts).
 */
export * as twisted from "./twisted";
export { World, formatProgramError, type OutputLine, type StartOutcome } from "./runtime/world";
export { SimulatedClient, type ClientEvents, type ClientState } from "./runtime/client";
export { compile, runProgram, type ProgramError, type SourceLocation } from "./runtime/program";
export { learnerModuleNames } from "./runtime/modules";
export { runChecks, runCheck, show } from "./checks/run-checks";
export {
  CheckSchema,
  ChecksFileSchema,
  CheckResultSchema,
  stepActions,
  type Check,
  type ChecksFile,
  type CheckResult,
  type ScenarioStep,
} from "./checks/scenario";
export {
  RunnerRequestSchema,
  RunnerEventSchema,
  type RunnerRequest,
  type RunnerEvent,
} from "./runtime/messages";
/** Twisted's modules the issue names, also at the top level: defer, failure, task, error. */
export * as defer from "./twisted/internet/defer";
export * as failure from "./twisted/python/failure";
export * as task from "./twisted/internet/task";
export * as error from "./twisted/internet/error";
/** The trace: typed events (zod schema shared with the UI), the sink switch, a recorder. */
export * as trace from "./trace";
