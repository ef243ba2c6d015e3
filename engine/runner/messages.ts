/**
 * The typed protocol between the page and the runner worker that holds the
 * engine. Both sides validate with these schemas, so a malformed message is
 * reported, never acted on.
 */
import { z } from "zod";
import { CheckSchema } from "../checks/scenario";
import { ConnectionSchema, PortSchema } from "../trace/world-events";

const connectionId = z.number().int().nonnegative();

export const RunnerRequestSchema = z.discriminatedUnion("type", [
  /** Runs the program; "paused" stops before the reactor's first event, for stepping from the start. */
  z.object({
    type: z.literal("run"),
    source: z.string(),
    file: z.string(),
    mode: z.enum(["live", "paused"]).default("live"),
    /** The command line that starts the program (`twistd -n finger --file=/etc/users`), when the step has one. */
    command: z.array(z.string()).min(1).optional(),
  }),
  /** Debugger controls: freeze the live run, carry on, or run exactly one more reactor event. */
  z.object({ type: z.literal("debug"), action: z.enum(["pause", "resume", "step"]) }),
  z.object({ type: z.literal("stop") }),
  /** Puts these files on a new runner's host (the files the runner before it had: each Run gets a new runner). */
  z.object({ type: z.literal("load-files"), files: z.record(z.string(), z.string()) }),
  z.object({ type: z.literal("connect"), conn: connectionId, host: z.string(), port: z.number().int() }),
  z.object({ type: z.literal("send"), conn: connectionId, data: z.string() }),
  z.object({ type: z.literal("close"), conn: connectionId }),
  /** Closes only the sending half of the connection (Ctrl-D in nc, as nc -N does at end of input). */
  z.object({ type: z.literal("half-close"), conn: connectionId }),
  /** Runs a command (finger, curl, cat, ...) on the learner's simulated host. */
  z.object({ type: z.literal("exec"), id: connectionId, argv: z.array(z.string()).min(1) }),
  z.object({ type: z.literal("exec-signal"), id: connectionId, signal: z.string() }),
  /** The lesson page's panel: its button was pressed, or its input's text changed (see stdlib/pagesupport.ts). */
  z.object({ type: z.literal("ui-event"), kind: z.enum(["click", "input"]), text: z.string() }),
  /** Sends every process of a command on the learner's host (each twistd the terminal started) a signal, as the Stop button does. */
  z.object({ type: z.literal("signal-command"), command: z.string().min(1), signal: z.enum(["INT", "TERM"]) }),
  /** Sends the learner's program a signal, as `kill` does. */
  z.object({ type: z.literal("signal"), signal: z.enum(["SIGTERM", "SIGINT"]) }),
  z.object({ type: z.literal("write-file"), id: connectionId, path: z.string(), content: z.string(), append: z.boolean() }),
  /** Asks for the network's ports and connections (netstat) or the process table (ps). */
  z.object({ type: z.literal("inspect"), id: connectionId, what: z.enum(["netstat", "ps"]) }),
  z.object({
    type: z.literal("check"),
    requestId: z.number().int(),
    source: z.string(),
    file: z.string(),
    checks: z.array(CheckSchema),
    /** The learner's other files, by path from the learner's folder, and the step's command line (see ProgramSetup). */
    files: z.record(z.string(), z.string()).default({}),
    command: z.array(z.string()).min(1).optional(),
  }),
]);

export type RunnerRequest = z.input<typeof RunnerRequestSchema>;

const ProcessInfoSchema = z.object({
  pid: z.number().int(),
  command: z.string(),
  state: z.enum(["running", "exited"]),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
});

export type InspectedEvent = z.infer<typeof RunnerEventSchema> & { type: "inspected" };

const LocatedErrorSchema = z.object({
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

/** The shape of TraceRows; the decoder checks every entry again (see row-decoder.ts). */
const TraceRowsSchema = z.object({
  from: z.number().int().nonnegative(),
  firstSeq: z.number().int().nonnegative(),
  rows: z.instanceof(Int32Array),
  timeStarts: z.array(z.number()),
  times: z.array(z.number()),
  names: z.array(z.string()),
  texts: z.array(z.string()),
  doubles: z.array(z.number()),
  places: z.array(z.unknown()),
  locals: z.array(z.number()),
  objects: z.array(z.unknown()),
});

export const RunnerEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  /** New trace events, in order, continuing the run's trace (validate with TraceEventSchema). */
  z.object({
    type: z.literal("trace"),
    events: z.string().describe("New trace events as one JSON array: a string crosses threads far faster than 100,000 objects"),
  }),
  /** New trace events as a recorder's rows (see TraceRecorder.exportRows): decode with one TraceRowDecoder per run. */
  z.object({ type: z.literal("trace-rows"), rows: TraceRowsSchema }),
  /** Whether the live run is paused, and whether any work is left to step into. */
  z.object({ type: z.literal("debug-state"), paused: z.boolean(), canStep: z.boolean() }),
  z.object({
    type: z.literal("output"),
    stream: z.enum(["stdout", "stderr", "log", "error"]),
    text: z.string(),
    time: z.number(),
  }),
  z.object({
    type: z.literal("started"),
    status: z.enum(["running", "exited", "error", "blocked"]),
    error: LocatedErrorSchema.optional(),
  }),
  /** The program blocked the reactor and was stopped (at start, or later in a callback). */
  z.object({ type: z.literal("blocked"), message: z.string(), line: z.number().int(), outOfMemory: z.boolean().optional() }),
  z.object({ type: z.literal("connected"), conn: connectionId }),
  z.object({ type: z.literal("data"), conn: connectionId, data: z.string() }),
  z.object({ type: z.literal("closed"), conn: connectionId, clean: z.boolean() }),
  z.object({ type: z.literal("refused"), conn: connectionId }),
  /**
   * What one check's run observed (the `index`th of the request's checks). The runner sends no verdict: the page
   * judges each check from these, out of learner code's reach (see checks/observed.ts). The judge validates each
   * entry as it replays it, and fails the check on a malformed one: validating them here as well doubled the
   * page's work per Check (zod was most of it).
   */
  z.object({ type: z.literal("check-observed"), requestId: z.number().int(), index: z.number().int().nonnegative(), observations: z.array(z.unknown()) }),
  /** Every check of the request has run. */
  z.object({ type: z.literal("checks-done"), requestId: z.number().int() }),
  z.object({ type: z.literal("exec-output"), id: connectionId, stream: z.enum(["stdout", "stderr"]), text: z.string() }),
  z.object({ type: z.literal("exec-exit"), id: connectionId, code: z.number().int().nullable() }),
  z.object({
    type: z.literal("inspected"),
    id: connectionId,
    ports: z.array(PortSchema),
    connections: z.array(ConnectionSchema),
    processes: z.array(ProcessInfoSchema),
  }),
  /** The worker starts work nobody asked for (a timer fell due): the page's watchdog times it. */
  z.object({ type: z.literal("busy") }),
  /**
   * The world stopped a program that blocked its reactor: no learner code runs any more, so the page's watchdog
   * may stand down. The "blocked" event follows, after the run's trace (which can take a while to send).
   */
  z.object({ type: z.literal("halted") }),
  /** The program's code reached `line` (a few per batch of work): where it was, should the watchdog have to stop it. */
  z.object({ type: z.literal("ran"), line: z.number().int().positive() }),
  /** The program's code is running and checking in with the block guard (see BlockGuard.onHeartbeat): the thread is not stuck in native code. */
  z.object({ type: z.literal("alive") }),
  /** Sent after every batch of work: the worker is responsive and virtual time is `time`. */
  z.object({ type: z.literal("idle"), time: z.number(), reactorRunning: z.boolean() }),
  z.object({ type: z.literal("fault"), message: z.string() }),
  /** The program showed `text` on the page's display line (page.show). */
  z.object({ type: z.literal("page-display"), text: z.string() }),
  /** The host's files changed (a command or the program wrote one): the page keeps them for the next runner. */
  z.object({ type: z.literal("files"), files: z.record(z.string(), z.string()) }),
]);

export type RunnerEvent = z.infer<typeof RunnerEventSchema>;
