/**
 * Trace events about the simulated world around the Deferreds: the reactor's
 * loop, each line of learner code with its variables, output, the network and
 * the learner's own inputs. Together with the Deferred and delayed-call events
 * they are everything the debugger shows.
 */
import { z } from "zod";

export const WorldSourceLocationSchema = z.object({ file: z.string(), line: z.number().int(), column: z.number().int() });

const common = {
  seq: z.number().int().nonnegative().describe("Position in the trace"),
  time: z.number().describe("Virtual time in seconds"),
  location: WorldSourceLocationSchema.nullable().describe("The learner's line, when the event comes from learner code"),
};

export const PortSchema = z.object({
  host: z.string(),
  transport: z.enum(["TCP", "UDP", "UNIX"]),
  interface: z.string(),
  port: z.number().int(),
  path: z.string().optional().describe("A Unix domain socket's path (its port is 0)"),
  owner: z.string().describe("The factory's or protocol's class name"),
});

export const ConnectionSchema = z.object({
  id: z.number().int(),
  host: z.string(),
  local: z.string(),
  remote: z.string(),
  protocol: z.string(),
  bytesInFlight: z.number().int().describe("Bytes this end wrote that the peer has not read yet: the write buffer a producer is paused on"),
  state: z.string(),
  producer: z
    .object({
      kind: z.enum(["push", "pull"]).describe("push: registerProducer(p, true), paused and resumed; pull: asked for each chunk"),
      paused: z.boolean().describe("A push producer paused because more than 64 KiB waited to be sent"),
      name: z.string().describe("The producer's class name"),
    })
    .nullable()
    .optional()
    .describe("The producer registered on this end, if any"),
});

export const ProcessSchema = z.object({
  pid: z.number().int(),
  command: z.string().describe("The command line, e.g. /usr/bin/python3 workers.ts child"),
  state: z.enum(["running", "exited"]),
  pipes: z
    .object({ stdin: z.boolean(), stdout: z.boolean(), stderr: z.boolean() })
    .describe("Which of the child's pipes to its parent are still open"),
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
});

const ThreadSchema = z.object({
  name: z.string(),
  job: z.string().nullable().describe("What the thread runs, or null when idle"),
  busyUntil: z.number().nullable(),
});

export const ProgramStarted = z
  .object({ type: z.literal("program.started"), ...common, file: z.string() })
  .describe("The learner's program began running its top level");

export const ProgramEnded = z
  .object({
    type: z.literal("program.ended"),
    ...common,
    status: z.enum(["running", "exited", "error", "blocked"]).describe("How the top level ended"),
    message: z.string().nullable(),
  })
  .describe("The program's top level finished (the reactor may now run), or it failed");

export const ReactorEvent = z
  .object({
    type: z.literal("reactor.event"),
    ...common,
    kind: z.enum(["timer", "io"]).describe("A timed call, or I/O (a connection, data, a close)"),
    label: z.string().describe("What runs: the function's name, or a description of the I/O"),
    call: z.number().int().nullable().describe("For a timed call: its id (see delayedCall.scheduled)"),
    cause: z.number().int().nullable().describe("The seq of the event during which this work was scheduled"),
  })
  .describe("The reactor dispatches one event: everything until the next reactor.event happens inside it");

export const ReactorIdle = z
  .object({
    type: z.literal("reactor.idle"),
    ...common,
    next: z.number().nullable().describe("The virtual time of the next scheduled work, or null"),
  })
  .describe("Nothing is due: the reactor waits");

export const ReactorSnapshot = z
  .object({
    type: z.literal("reactor.snapshot"),
    ...common,
    running: z.boolean(),
    ports: z.array(PortSchema),
    connections: z.array(ConnectionSchema),
    threads: z.array(ThreadSchema),
    processes: z.array(ProcessSchema).optional().describe("Processes the program started (absent from traces made before processes were recorded)"),
  })
  .describe("Listening ports, open connections, the thread pool and child processes, emitted whenever they change");

export const LineExecuted = z
  .object({
    type: z.literal("line"),
    ...common,
    line: z.number().int(),
    locals: z.record(z.string(), z.string()).describe("Variables in scope, each rendered as a short string"),
  })
  .describe("A statement of the learner's code is about to run");

export const OutputWritten = z
  .object({
    type: z.literal("output"),
    ...common,
    stream: z.enum(["stdout", "stderr", "log", "error"]),
    text: z.string(),
  })
  .describe("The program printed, or the reactor logged, a line");

export const InputGiven = z
  .object({
    type: z.literal("input"),
    ...common,
    action: z.enum(["connect", "send", "close", "exec", "page"]),
    detail: z.string().describe("e.g. 'localhost:1079', the text sent, the command line, or the page's event (click \"hello\")"),
  })
  .describe("The learner acted from the terminal or the page's panel: part of the run's recorded inputs");

export const worldEventSchemas = [
  ProgramStarted,
  ProgramEnded,
  ReactorEvent,
  ReactorIdle,
  ReactorSnapshot,
  LineExecuted,
  OutputWritten,
  InputGiven,
] as const;
