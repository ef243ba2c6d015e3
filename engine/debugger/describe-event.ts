/**
 * One plain sentence per trace event, for the debugger's status line and
 * screen readers: "Clock reached 2.0 s: the reactor runs the call scheduled
 * on line 4", "Line 8 runs with v = 9", "Callback #0 of Deferred #1 returned 10".
 */
import type { TraceEvent } from "../trace/events";
import { isAnonymous, shortFunctionName } from "./anonymous-name";
import { deferredAt } from "./deferred-view";
import { eventOf, lastAtOrBefore, type TraceIndex } from "./trace-index";

/** Variables named in a line's sentence, at most. */
const LOCALS_NAMED = 3;

/** Seconds as the debugger shows them: "2.0 s", "0.125 s". */
export function formatTime(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  return millis % 100 === 0 ? `${(millis / 1000).toFixed(1)} s` : `${millis / 1000} s`;
}

/** A function's trace name as a reader would say it. */
export function functionName(fn: string): string {
  if (isAnonymous(fn)) return "an anonymous function";
  if (fn === "passthru") return "pass-through";
  return fn;
}

/**
 * The sentence for the event at `index`.
 * @param sourceLines the program's lines, to quote a line where it helps (optional).
 */
export function describeEvent(trace: TraceIndex, index: number, sourceLines?: readonly string[]): string {
  const event = trace.events[index];
  if (!event) return "Nothing recorded yet.";
  const where = event.location ? `Line ${event.location.line}` : null;
  switch (event.type) {
    case "program.started":
      return `The program starts: its top level runs, line by line.`;
    case "program.ended":
      switch (event.status) {
        case "running":
          return "The top level has finished: reactor.run() hands control to the reactor's loop.";
        case "exited":
          return "The program ended without starting the reactor.";
        case "error":
          return `The program stopped with an error: ${event.message ?? "unknown error"}.`;
        case "blocked":
          return `The program blocked the reactor and was stopped.`;
      }
      break;
    case "line":
      return describeLine(trace, index, event);
    case "reactor.event":
      return describeReactorEvent(trace, event, sourceLines);
    case "reactor.idle":
      return describeIdle(trace, index, event);
    case "reactor.snapshot":
      return describeSnapshot(trace, index, event);
    case "output": {
      const first = event.text.split("\n")[0]!;
      const text = first.length > 100 ? `${first.slice(0, 99)}…` : first;
      if (event.stream === "log") return `The reactor logs “${text}”.`;
      if (event.stream === "error") return `An error is logged: “${text}”.`;
      return `${where ?? "The program"} prints “${text}”.`;
    }
    case "input":
      switch (event.action) {
        case "connect":
          return `You connect to ${event.detail} from the terminal.`;
        case "send":
          return `You send ${JSON.stringify(event.detail)} from the terminal.`;
        case "close":
          return `You close ${event.detail} from the terminal.`;
        case "exec":
          return `You run “${event.detail}” in the terminal.`;
        case "page":
          return `You use the page's panel: ${event.detail}.`;
      }
      break;
    case "deferred.created": {
      const name = event.kind === "Deferred" ? `Deferred #${event.deferred}` : `${event.kind} #${event.deferred}`;
      const members = trace.listMembers.get(event.deferred)?.length;
      const waits = members !== undefined ? `, which waits for ${members} Deferred${members === 1 ? "" : "s"}` : "";
      return `${where ?? "The engine"} creates ${name}${waits}.`;
    }
    case "deferred.callbackAdded": {
      if (event.callback === "cbDeferred") {
        const list = trace.memberOf.get(event.deferred)?.find((m) => m.index === index);
        if (list) return `DeferredList #${list.list} adds its pair to Deferred #${event.deferred} (slot ${list.slot}), to collect its result.`;
      }
      const pair = pairText(event.callback, event.errback, sourceLines, event.location?.line ?? null);
      return `${where ?? "The engine"} adds pair #${event.index} to Deferred #${event.deferred}: ${pair}.`;
    }
    case "deferred.fired":
      return event.side === "callback"
        ? `${where ?? "The engine"} fires Deferred #${event.deferred} with callback(${event.value}): the result starts down the callback side.`
        : `${where ?? "The engine"} fires Deferred #${event.deferred} with errback(${event.value}): the Failure starts down the errback side.`;
    case "deferred.invoked":
      return describeInvoked(trace, index, event);
    case "deferred.paused":
      return `Deferred #${event.deferred} is paused (pause count ${event.paused}): its chain stops here until unpaused.`;
    case "deferred.unpaused":
      return event.paused === 0
        ? `Deferred #${event.deferred} is unpaused: its chain can run on.`
        : `Deferred #${event.deferred} is unpaused once; it is still paused (count ${event.paused}).`;
    case "deferred.chained":
      return event.via === "callback"
        ? `Deferred #${event.deferred} waits for Deferred #${event.to}: its chain is paused until #${event.to} has a result.`
        : `Deferred #${event.to} will pass its result on to Deferred #${event.deferred} (chainDeferred).`;
    case "deferred.chainResult":
      return `Deferred #${event.deferred} hands its result ${event.value} back to Deferred #${event.to}, which runs on.`;
    case "deferred.cancelled":
      return `${where ?? "The engine"} cancels Deferred #${event.deferred}.`;
    case "deferred.unhandled":
      return `Unhandled error in Deferred #${event.deferred}: ${event.failure} reached the end of its chain and nothing handled it.`;
    case "delayedCall.scheduled":
      return `${where ?? "The engine"} schedules ${spoken(event.fn, sourceLines, event.location?.line ?? null)} to run at ${formatTime(event.at)} (call #${event.call}).`;
    case "delayedCall.fired":
      return `Clock reached ${formatTime(event.time)}: call #${event.call} is due.`;
    case "delayedCall.cancelled":
      return `${where ?? "The engine"} cancels call #${event.call}: it will not run.`;
    case "delayedCall.reset":
      return `Call #${event.call} is moved to ${formatTime(event.at)}.`;
    case "trace.limitReached":
      return `The recording is full (${event.limit.toLocaleString("en-US")} events): later events are not recorded.`;
  }
  return "";
}

function pairText(callback: string, errback: string, sourceLines: readonly string[] | undefined, line: number | null): string {
  const name = (fn: string, side: "callback" | "errback") => spoken(fn, sourceLines, line, side);
  if (errback === "passthru") return `callback ${name(callback, "callback")} (errback: pass-through)`;
  if (callback === "passthru") return `errback ${name(errback, "errback")} (callback: pass-through)`;
  if (callback === errback) return `${name(callback, "callback")} on both sides`;
  return `callback ${name(callback, "callback")}, errback ${name(errback, "errback")}`;
}

/** A function as a sentence names it: its name, its head from the source (`(user) => {…}`), or "an anonymous function". */
function spoken(fn: string, sourceLines: readonly string[] | undefined, line: number | null, side: "callback" | "errback" = "callback"): string {
  if (!isAnonymous(fn)) return functionName(fn);
  const short = shortFunctionName(fn, sourceLines, line, side);
  return short === "anonymous function" ? "an anonymous function" : short;
}

function describeLine(trace: TraceIndex, index: number, event: Extract<TraceEvent, { type: "line" }>): string {
  const previousIndex = trace.lines[lastAtOrBefore(trace.lines, index - 1)];
  const previous = previousIndex === undefined ? null : eventOf(trace, previousIndex, "line");
  const changed = Object.entries(event.locals).filter(
    ([name, value]) => !value.startsWith("<function") && !value.startsWith("<class") && previous?.locals[name] !== value,
  );
  if (changed.length === 0) return `Line ${event.line} runs.`;
  const named = changed.slice(0, LOCALS_NAMED).map(([name, value]) => `${name} = ${value}`);
  const more = changed.length > LOCALS_NAMED ? ` and ${changed.length - LOCALS_NAMED} more` : "";
  return `Line ${event.line} runs with ${named.join(", ")}${more}.`;
}

function describeReactorEvent(trace: TraceIndex, event: Extract<TraceEvent, { type: "reactor.event" }>, sourceLines?: readonly string[]): string {
  if (event.kind === "timer") {
    const record = event.call !== null ? trace.calls.get(event.call) : undefined;
    const line = record?.location?.line;
    const quoted = line !== undefined ? quote(sourceLines, line) : "";
    const what = event.label && event.label !== "anonymous" ? `calls ${event.label}` : "runs the call";
    const from = line !== undefined ? ` scheduled on line ${line}` : "";
    return `Clock reached ${formatTime(event.time)}: the reactor ${what}${from}${quoted || "."}`;
  }
  if (event.label === "shutdown") return "The reactor shuts down (reactor.stop() was called).";
  return `At ${formatTime(event.time)} the reactor dispatches I/O: ${event.label}.`;
}

/** ": the code" from the learner's line, without its semicolon, or "" when the source is not at hand. */
function quote(sourceLines: readonly string[] | undefined, line: number): string {
  const text = sourceLines?.[line - 1]?.trim().replace(/;$/, "");
  if (!text) return "";
  return `: ${text.length > 70 ? `${text.slice(0, 69)}…` : text}`;
}

function describeIdle(trace: TraceIndex, index: number, event: Extract<TraceEvent, { type: "reactor.idle" }>): string {
  const snapshot = trace.snapshots[lastAtOrBefore(trace.snapshots, index)];
  const running = snapshot === undefined ? true : (eventOf(trace, snapshot, "reactor.snapshot")?.running ?? true);
  if (!running) return "The reactor has stopped: nothing more will run.";
  if (event.next === null) return "Nothing is scheduled: the reactor waits for I/O.";
  if (event.next <= event.time) return "The reactor finished a turn of its loop; more work is due now.";
  return `Nothing is due: the reactor waits until ${formatTime(event.next)}.`;
}

function describeSnapshot(trace: TraceIndex, index: number, event: Extract<TraceEvent, { type: "reactor.snapshot" }>): string {
  const previousIndex = trace.snapshots[lastAtOrBefore(trace.snapshots, index - 1)];
  const previous = previousIndex === undefined ? null : eventOf(trace, previousIndex, "reactor.snapshot");
  const changes: string[] = [];
  if (previous?.running !== event.running) changes.push(event.running ? "the reactor is running" : "the reactor has stopped");
  const ports = (ps: typeof event.ports) => new Set(ps.map((p) => `${p.transport} ${p.port}`));
  const before = ports(previous?.ports ?? []);
  const after = ports(event.ports);
  for (const port of after) if (!before.has(port)) changes.push(`listening on ${port}`);
  for (const port of before) if (!after.has(port)) changes.push(`no longer listening on ${port}`);
  const open = event.connections.length;
  if ((previous?.connections.length ?? 0) !== open) changes.push(`${open} connection${open === 1 ? "" : "s"} open`);
  const inFlight = event.connections.reduce((sum, c) => sum + c.bytesInFlight, 0);
  const flights = (cs: typeof event.connections) => cs.map((c) => `${c.local}>${c.remote}:${c.bytesInFlight}`).join(" ");
  if (flights(event.connections) !== flights(previous?.connections ?? []) && (inFlight > 0 || changes.length === 0)) {
    changes.push(`${inFlight} byte${inFlight === 1 ? "" : "s"} in flight`);
  }
  changes.push(...producerChanges(previous?.connections ?? [], event.connections));
  const busy = event.threads.filter((t) => t.job !== null).length;
  if ((previous?.threads.filter((t) => t.job !== null).length ?? 0) !== busy) changes.push(`${busy} thread${busy === 1 ? "" : "s"} busy`);
  const states = (ps: typeof event.processes) => new Map((ps ?? []).map((p) => [p.pid, p]));
  const processesBefore = states(previous?.processes);
  for (const process of event.processes ?? []) {
    const was = processesBefore.get(process.pid);
    if (!was && process.state === "running") changes.push(`process ${process.pid} started (${process.command})`);
    else if (was && process.state === "running") {
      const closed = (["stdin", "stdout", "stderr"] as const).filter((pipe) => was.pipes[pipe] && !process.pipes[pipe]);
      if (closed.length) changes.push(`the ${closed.join(" and ")} of process ${process.pid} closed`);
    } else if (process.state === "exited" && was?.state !== "exited") changes.push(`process ${process.pid} ${process.signal !== null ? `was killed by signal ${process.signal}` : `exited with code ${process.exitCode}`}`);
  }
  if (changes.length === 0) return "The reactor's ports, connections, threads and processes change.";
  const text = changes.join(", ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

type SnapshotConnection = Extract<TraceEvent, { type: "reactor.snapshot" }>["connections"][number];

/** Producers registered, paused, resumed or unregistered between two snapshots, one phrase each. */
function producerChanges(before: readonly SnapshotConnection[], after: readonly SnapshotConnection[]): string[] {
  const key = (c: SnapshotConnection) => `${c.host} ${c.id} ${c.local}`;
  const earlier = new Map(before.map((c) => [key(c), c.producer ?? null]));
  const phrases: string[] = [];
  for (const c of after) {
    const was = earlier.get(key(c)) ?? null;
    const now = c.producer ?? null;
    const on = `on ${c.local}`;
    if (!was && now) phrases.push(`${now.name} registered as a ${now.kind} producer ${on}${now.paused ? `, already paused: ${c.bytesInFlight} bytes wait to be sent` : ""}`);
    else if (was && !now) phrases.push(`${was.name} unregistered ${on}`);
    else if (was && now && !was.paused && now.paused) phrases.push(`${now.name} paused ${on}: ${c.bytesInFlight} bytes wait to be sent`);
    else if (was && now && was.paused && !now.paused) phrases.push(`${now.name} resumed ${on}: the buffer has drained`);
  }
  return phrases;
}

function describeInvoked(trace: TraceIndex, index: number, event: Extract<TraceEvent, { type: "deferred.invoked" }>): string {
  const half = event.side === "callback" ? "Callback" : "Errback";
  const name = `${half} #${event.index} of Deferred #${event.deferred}`;
  const left = event.side === "errback" || event.outcome !== "value" ? leftUnhandled(trace, index, event.deferred) : "";
  if (event.fn === "passthru") {
    return event.side === "callback"
      ? `${name} is a pass-through: ${event.output} goes on down the callback side.`
      : `${name} is a pass-through: the Failure goes on down the errback side.${left}`;
  }
  if (event.fn === "cbDeferred") {
    const list = trace.memberOf.get(event.deferred)?.find((m) => trace.events[m.index]?.type === "deferred.callbackAdded" && (trace.events[m.index] as { index: number }).index === event.index);
    const to = list ? `DeferredList #${list.list} (slot ${list.slot})` : "its DeferredList";
    return `Deferred #${event.deferred} hands ${event.input} to ${to}.`;
  }
  const fn = event.fn === "<anonymous>" ? "" : ` (${event.fn})`;
  switch (event.outcome) {
    case "value":
      return event.side === "errback"
        ? `${name}${fn} recovered: it returned ${event.output}, so the result goes back to the callback side.`
        : `${name}${fn} returned ${event.output}.`;
    case "failure":
      return `${name}${fn} returned a Failure, ${event.output}: the chain goes on down the errback side.${left}`;
    case "raised":
      return event.side === "callback"
        ? `${name}${fn} raised ${failureName(event.output)}: the chain switches to the errback side.${left}`
        : `${name}${fn} raised ${failureName(event.output)}: the Failure stays on the errback side.${left}`;
    case "deferred": {
      const following = trace.events[index + 1];
      const waits = following?.type === "deferred.chained" && following.deferred === event.deferred;
      return waits
        ? `${name}${fn} returned ${bare(event.output)}, which has no result yet: Deferred #${event.deferred} waits for it.`
        : `${name}${fn} returned ${bare(event.output)}, which already has a result: the chain takes it and goes on.`;
    }
  }
}

/** "[Failure UnknownUser: nobody]" as "UnknownUser("nobody")". */
function failureName(text: string): string {
  const match = /^\[Failure ([^:\]]+)(?:: (.*))?\]$/s.exec(text);
  if (!match) return text;
  return `${match[1]}(${JSON.stringify(match[2] ?? "")})`;
}

/** " That was the last pair: ..." when this step left a Failure at the end of the chain. */
function leftUnhandled(trace: TraceIndex, index: number, deferred: number): string {
  const view = deferredAt(trace, deferred, index, 1);
  return view?.unhandled && !view.unhandled.reported ? " That was the last pair: the Failure is left at the end of the chain, unhandled." : "";
}

function bare(text: string): string {
  return text.replace(/^<(.*)>$/, "$1");
}
