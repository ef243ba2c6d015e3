/**
 * The typed protocol between the page and the runner worker that holds the
 * engine. Both sides validate with these schemas, so a malformed message is
 * reported, never acted on.
 */
import { z } from "zod";
import { CheckResultSchema, CheckSchema } from "../checks/scenario";

const connectionId = z.number().int().nonnegative();

export const RunnerRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run"), source: z.string(), file: z.string() }),
  z.object({ type: z.literal("stop") }),
  z.object({ type: z.literal("connect"), conn: connectionId, host: z.string(), port: z.number().int() }),
  z.object({ type: z.literal("send"), conn: connectionId, data: z.string() }),
  z.object({ type: z.literal("close"), conn: connectionId }),
  z.object({
    type: z.literal("check"),
    requestId: z.number().int(),
    source: z.string(),
    file: z.string(),
    checks: z.array(CheckSchema),
  }),
]);

export type RunnerRequest = z.input<typeof RunnerRequestSchema>;

const LocatedErrorSchema = z.object({
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const RunnerEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({
    type: z.literal("output"),
    stream: z.enum(["stdout", "stderr", "log", "error"]),
    text: z.string(),
    time: z.number(),
  }),
  z.object({
    type: z.literal("started"),
    status: z.enum(["running", "exited", "error"]),
    error: LocatedErrorSchema.optional(),
  }),
  z.object({ type: z.literal("connected"), conn: connectionId }),
  z.object({ type: z.literal("data"), conn: connectionId, data: z.string() }),
  z.object({ type: z.literal("closed"), conn: connectionId, clean: z.boolean() }),
  z.object({ type: z.literal("refused"), conn: connectionId }),
  z.object({ type: z.literal("checked"), requestId: z.number().int(), results: z.array(CheckResultSchema) }),
  /** Sent after every batch of work: the worker is responsive and virtual time is `time`. */
  z.object({ type: z.literal("idle"), time: z.number(), reactorRunning: z.boolean() }),
  z.object({ type: z.literal("fault"), message: z.string() }),
]);

export type RunnerEvent = z.infer<typeof RunnerEventSchema>;
