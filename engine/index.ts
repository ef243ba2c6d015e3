/**
 * The engine's one public door. The app and tools import from here only;
 * learner code imports Twisted's module paths (see runtime/modules.ts).
 */
export * as twisted from "./twisted";
export { World, formatProgramError, type OutputLine, type StartOutcome } from "./runtime/world";
export { SimulatedClient, type ClientEvents, type ClientState } from "./runtime/client";
export { compile, runProgram, type ProgramError, type SourceLocation } from "./runtime/program";
export { learnerModuleNames } from "./runtime/modules";
export { runChecks, runCheck, show, type CheckRun } from "./checks/run-checks";
export { SimulatedDriver, type ScenarioDriver, type DriverClient } from "./checks/driver";
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
