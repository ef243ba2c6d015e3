/// <reference lib="webworker" />
/**
 * The runner: a Web Worker that holds the engine, runs the learner's program
 * in a simulated world and drives its virtual clock in step with real time,
 * so a callLater(2, ...) visibly takes two seconds in the terminal.
 */
import {
  RunnerRequestSchema,
  World,
  runChecks,
  type RunnerEvent,
  type SimulatedClient,
} from "../../engine";

declare const self: DedicatedWorkerGlobalScope;

/** Lines of output forwarded per run before the rest is dropped with a note. */
const OUTPUT_LIMIT = 2000;

let world: World | null = null;
let clients = new Map<number, SimulatedClient>();
let wakeUp: ReturnType<typeof setTimeout> | null = null;
let sync = { wall: 0, virtual: 0 };
let outputCount = 0;

function post(event: RunnerEvent): void {
  self.postMessage(event);
}

self.onmessage = (message: MessageEvent<unknown>) => {
  const parsed = RunnerRequestSchema.safeParse(message.data);
  if (!parsed.success) {
    post({ type: "fault", message: `The runner got a malformed request: ${parsed.error.issues[0]?.message}` });
    return;
  }
  const request = parsed.data;
  switch (request.type) {
    case "run":
      startRun(request.source, request.file);
      break;
    case "stop":
      stopRun();
      break;
    case "connect":
      withWorld((w) => {
        const conn = request.conn;
        const client = w.connect(request.host, request.port, {
          onConnected: () => post({ type: "connected", conn }),
          onData: (data) => post({ type: "data", conn, data }),
          onClosed: (clean) => post({ type: "closed", conn, clean }),
          onRefused: () => post({ type: "refused", conn }),
        });
        clients.set(conn, client);
      }, () => post({ type: "refused", conn: request.conn }));
      break;
    case "send":
      withWorld((w) => w.enter(() => clients.get(request.conn)?.send(request.data)));
      break;
    case "close":
      withWorld((w) => w.enter(() => clients.get(request.conn)?.close()));
      break;
    case "check":
      void runChecks(request.source, request.file, request.checks).then((results) => {
        post({ type: "checked", requestId: request.requestId, results });
        post({ type: "idle", time: world?.reactor.seconds() ?? 0, reactorRunning: world?.reactor.running ?? false });
      });
      return;
  }
  post({ type: "idle", time: world?.reactor.seconds() ?? 0, reactorRunning: world?.reactor.running ?? false });
};

function startRun(source: string, file: string): void {
  stopRun();
  const fresh = new World();
  world = fresh;
  outputCount = 0;
  fresh.onOutput((line) => {
    outputCount++;
    if (outputCount <= OUTPUT_LIMIT) post({ type: "output", stream: line.stream, text: line.text, time: line.time });
    else if (outputCount === OUTPUT_LIMIT + 1) {
      post({ type: "output", stream: "error", text: `Output limit reached: ${OUTPUT_LIMIT} lines. The rest of this run's output is not shown.`, time: line.time });
    }
  });
  sync = { wall: performance.now(), virtual: 0 };
  const outcome = fresh.start(source, file);
  if (outcome.status === "error") {
    const { message, location } = outcome.error;
    post({ type: "started", status: "error", error: { message, line: location?.line, column: location?.column } });
  } else {
    post({ type: "started", status: outcome.status });
  }
  scheduleWakeUp();
}

function stopRun(): void {
  if (wakeUp !== null) clearTimeout(wakeUp);
  wakeUp = null;
  clients = new Map();
  world = null;
}

/** Runs `f` on the current world after catching its clock up with real time. */
function withWorld(f: (w: World) => void, otherwise?: () => void): void {
  if (!world) {
    otherwise?.();
    return;
  }
  catchUp(world);
  f(world);
  world.runUntilIdle();
  scheduleWakeUp();
}

function catchUp(w: World): void {
  const target = sync.virtual + (performance.now() - sync.wall) / 1000;
  if (target > w.reactor.seconds()) w.advanceTo(target);
  sync = { wall: performance.now(), virtual: w.reactor.seconds() };
}

function scheduleWakeUp(): void {
  if (wakeUp !== null) clearTimeout(wakeUp);
  wakeUp = null;
  const w = world;
  if (!w) return;
  const next = w.reactor.nextEventTime();
  if (next === null) return;
  const delayMs = Math.max(0, (next - w.reactor.seconds()) * 1000);
  wakeUp = setTimeout(() => {
    wakeUp = null;
    if (world !== w) return;
    catchUp(w);
    w.advanceTo(Math.max(next, w.reactor.seconds()));
    sync = { wall: performance.now(), virtual: w.reactor.seconds() };
    post({ type: "idle", time: w.reactor.seconds(), reactorRunning: w.reactor.running });
    scheduleWakeUp();
  }, delayMs);
}

post({ type: "ready" });
