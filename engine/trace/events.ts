/**
 * The trace: what the engine did, as a discriminated union of plain JSON
 * events shared with the UI. Events name objects by id (a Deferred's id, a
 * delayed call's id), never by reference, and every value is already rendered
 * as a short string, so an event can be posted to another thread or stored.
 *
 * The engine itself only imports the types from this file; the zod schema is
 * for the UI and tests to validate what crosses the worker boundary.
 */
import { z } from "zod";
import { worldEventSchemas } from "./world-events";

export const SourceLocationSchema = z
  .object({
    file: z.string().describe("The learner's file, e.g. finger.ts"),
    line: z.number().int().describe("1-based line"),
    column: z.number().int().describe("1-based column"),
  })
  .describe("Where in the learner's code the operation happened");

const seq = z.number().int().nonnegative().describe("Position in the trace: 0, 1, 2, ... for one sink");
const time = z.number().describe("Virtual time in seconds when the event happened");
const location = SourceLocationSchema.nullable().describe(
  "The learner's line that caused the event, or null when not captured or not learner code",
);
const deferredId = z.number().int().positive().describe("A Deferred's stable id within the trace");
const callId = z.number().int().positive().describe("A delayed call's stable id within the trace");
const side = z.enum(["callback", "errback"]).describe("Which half of the pair: success or failure");
const shortValue = z.string().describe("A value rendered safely as a short string");
const fnName = z.string().describe("A function's name, or a description of an anonymous one");

const common = { seq, time, location };

const DeferredCreated = z
  .object({
    type: z.literal("deferred.created"),
    ...common,
    deferred: deferredId,
    kind: z.string().describe("The class: Deferred, DeferredList, ..."),
    hasCanceller: z.boolean().describe("True when created with a canceller"),
  })
  .describe("A Deferred was created");

const CallbackAdded = z
  .object({
    type: z.literal("deferred.callbackAdded"),
    ...common,
    deferred: deferredId,
    index: z.number().int().nonnegative().describe("The pair's position in the chain, counting from 0"),
    callback: fnName,
    errback: fnName,
  })
  .describe("A callback/errback pair was added");

const Fired = z
  .object({
    type: z.literal("deferred.fired"),
    ...common,
    deferred: deferredId,
    side,
    value: shortValue,
  })
  .describe("callback() or errback() was called");

const Invoked = z
  .object({
    type: z.literal("deferred.invoked"),
    ...common,
    deferred: deferredId,
    index: z.number().int().nonnegative().describe("The pair that ran (see callbackAdded)"),
    side,
    fn: fnName,
    input: shortValue,
    output: shortValue,
    outcome: z
      .enum(["value", "failure", "raised", "deferred"])
      .describe("What came out: a value, a returned Failure, an exception, or a Deferred"),
  })
  .describe("One callback or errback ran");

const Paused = z
  .object({
    type: z.literal("deferred.paused"),
    ...common,
    deferred: deferredId,
    paused: z.number().int().describe("The pause count afterwards"),
  })
  .describe("pause() was called (waiting on another Deferred shows as deferred.chained)");

const Unpaused = z
  .object({
    type: z.literal("deferred.unpaused"),
    ...common,
    deferred: deferredId,
    paused: z.number().int().describe("The pause count afterwards"),
  })
  .describe("unpause() was called (a waited-on Deferred handing back its result shows as deferred.chainResult)");

const Chained = z
  .object({
    type: z.literal("deferred.chained"),
    ...common,
    deferred: deferredId.describe("The Deferred that now waits"),
    to: deferredId.describe("The Deferred it waits on"),
    via: z.enum(["callback", "chainDeferred"]).describe("A callback returned it, or chainDeferred linked them"),
    paused: z.number().int().describe("The waiting Deferred's pause count afterwards (waiting via a callback adds one)"),
  })
  .describe("A Deferred started waiting on another Deferred's result");

const ChainResult = z
  .object({
    type: z.literal("deferred.chainResult"),
    ...common,
    deferred: deferredId.describe("The Deferred that was waited on"),
    to: deferredId.describe("The Deferred that was waiting and now resumes"),
    value: shortValue,
    paused: z.number().int().describe("The resuming Deferred's pause count afterwards (one less than before)"),
  })
  .describe("A Deferred handed its result to the Deferred waiting on it");

const Cancelled = z
  .object({
    type: z.literal("deferred.cancelled"),
    ...common,
    deferred: deferredId,
  })
  .describe("cancel() was called");

const Unhandled = z
  .object({
    type: z.literal("deferred.unhandled"),
    ...common,
    deferred: deferredId,
    failure: shortValue,
    createdAt: SourceLocationSchema.nullable().describe("Where the Deferred was created, when known"),
    firedAt: SourceLocationSchema.nullable().describe("Where it was first fired, when known"),
  })
  .describe("A Deferred's chain ended in a Failure nobody handled (reported when the simulation is idle)");

const CallScheduled = z
  .object({
    type: z.literal("delayedCall.scheduled"),
    ...common,
    call: callId,
    at: z.number().describe("The virtual time it is due"),
    fn: fnName,
  })
  .describe("callLater scheduled a call");

const CallFired = z
  .object({ type: z.literal("delayedCall.fired"), ...common, call: callId })
  .describe("A delayed call became due and is about to run");

const CallCancelled = z
  .object({ type: z.literal("delayedCall.cancelled"), ...common, call: callId })
  .describe("A delayed call was cancelled");

const CallReset = z
  .object({
    type: z.literal("delayedCall.reset"),
    ...common,
    call: callId,
    at: z.number().describe("The new virtual time it is due"),
  })
  .describe("A delayed call was reset or delayed to another time");

const LimitReached = z
  .object({
    type: z.literal("trace.limitReached"),
    ...common,
    limit: z.number().int().describe("How many events the recorder keeps"),
  })
  .describe("The recorder is full: this is the last event it keeps");

export const TraceEventSchema = z.discriminatedUnion("type", [
  DeferredCreated,
  CallbackAdded,
  Fired,
  Invoked,
  Paused,
  Unpaused,
  Chained,
  ChainResult,
  Cancelled,
  Unhandled,
  CallScheduled,
  CallFired,
  CallCancelled,
  CallReset,
  LimitReached,
  ...worldEventSchemas,
]);

export type TraceEvent = z.infer<typeof TraceEventSchema>;
export type TraceEventType = TraceEvent["type"];
export type SourceLocation = z.infer<typeof SourceLocationSchema>;

