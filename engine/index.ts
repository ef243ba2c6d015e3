/**
 * The engine's one public door. The app, the lessons' tools and the scripts
 * import from here only, and only what is listed: each name below has a user
 * outside the engine. Learner code never comes through here: it imports
 * Twisted's module paths (see runtime/modules.ts).
 */

// Running a program in a simulated world, and what the terminal does to it.
export { World, type OutputLine, type StartOutcome, type WorldOptions } from "./runtime/world";
export { SimulatedClient } from "./runtime/client";
export { type CommandHandle } from "./runtime/command";
export { learnerModuleNames } from "./runtime/modules";

// Checks: the scenario format, its runner, and the drivers a check runs on.
export { runChecks, runCheck, checkSetup, type CheckRun } from "./checks/run-checks";
export { observeCheck, judgeCheck, type Observation } from "./checks/observed";
export { SimulatedDriver, ScenarioError, commandLine, rootedFiles, type ScenarioDriver, type DriverClient, type ProgramSetup } from "./checks/driver";
// SQLite (sql.js): the runner worker loads it from the module the frame compiled, before any program runs.
export { loadSqlite, mayUseSqlite, sqliteLoaded } from "./stdlib/sqlite3/loader";
export type { DriverUdpSocket } from "./checks/udp-steps";
export { ChecksFileSchema, type Check, type CheckResult, type WorldStep } from "./checks/scenario";
export type { PbCallHandle, PbCallRequest, PbOutcome, PbPlain } from "./checks/pb-steps";
export { COURSE_FILES } from "./simulation/base-files";
// The write buffer past which a transport pauses its push producer (Twisted's bufferSize), for the reactor view.
export { BUFFER_SIZE } from "./twisted/internet/producer-slot";

// The typed messages between the page and the runner worker (zod schemas at the boundary).
export { RunnerRequestSchema, RunnerEventSchema, type RunnerRequest, type RunnerEvent } from "./runner/messages";

// The trace the runner streams to the page, and the debugger's state over it.
export { TraceEventSchema, type TraceEvent } from "./trace/events";
export { parseTraceEvent } from "./trace/validate";
export { TraceRowDecoder, type UntrustedRows } from "./trace/row-decoder";
export {
  TraceIndex,
  debugStateAt,
  formatTime,
  shortFunctionName,
  nextStop,
  stopInNewEvents,
  timelineMarkers,
  MARK_STEP,
  MARK_OUTPUT,
  MARK_FAILURE,
  MARK_UNHANDLED,
  type DebugState,
  type DeferredStatus,
  type DeferredView,
  type LinkView,
  type LoopPhase,
  type Side,
  type StepKind,
  type TimelineMarkers,
} from "./debugger";
