/**
 * Where the runner's workers live: a sandboxed frame the browser itself keeps
 * learner code inside. The frame is `sandbox="allow-scripts"` without
 * `allow-same-origin`, so it and the workers it starts have an opaque origin:
 * no cookies, no storage (localStorage, IndexedDB, the file system API all
 * refuse an opaque origin), nothing of the page's. Its document's Content
 * Security Policy allows no connection, font, image or script from anywhere
 * (no URL at all: not the page's own, not data:, not blob:), only eval for
 * the compiled learner program and blob: for the workers; a worker started
 * from a blob: URL inherits that policy, so `import("https://…")`,
 * `new FontFace(…, "url(/x.woff?code=…)").load()` and fetch fail inside it
 * however learner code reaches them.
 *
 * The page hands the frame the worker's script (public/generated/runner-worker.js,
 * one self-contained bundle, see scripts/build-runner-worker.ts) once, and then
 * asks it to start and end workers. Each worker is given its own MessagePort
 * to the page: the page and the worker talk directly, and nothing in the
 * worker can see the port but the runner's code that took it first.
 *
 * Chromium runs a sandboxed frame without allow-same-origin in a process of
 * its own (on desktop), so a program that exhausts memory crashes that
 * process, not the page's. The page pings the frame, which does nothing
 * else, and takes it for dead when the pings go unanswered (see onLost).
 */
import { Watchdog } from "./watchdog";


/** The frame document's policy. `default-src 'none'` covers fonts, images, media, connections and frames. */
export const RUNNER_FRAME_POLICY = [
  "default-src 'none'",
  // The frame's own inline script below; eval for the learner's compiled program; compiling WebAssembly from bytes
  // the page handed over (SQLite, for adbapi and sqlite3). No URL may be a script.
  "script-src 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'",
  "worker-src blob:",
  "connect-src 'none'",
  "font-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Requests the page sends the frame. */
type FrameRequest =
  | { type: "load"; source: string }
  | { type: "sqlite"; bytes: ArrayBuffer | null }
  | { type: "spawn"; id: number }
  | { type: "terminate"; id: number }
  | { type: "ping" };

/** What the frame tells the page. */
type FrameEvent = { type: "frame-ready" } | { type: "pong" } | { type: "worker-error"; id: number; message: string };

/**
 * The frame's script: starts workers from one blob: URL of the runner's
 * source and passes each the port the page sent with its spawn request.
 * SQLite's WebAssembly module comes later, compiled once here from the bytes
 * the page fetched (null if there were none or they did not compile: only
 * programs that open a database then fail), and goes to every worker, which
 * instantiates it only for a program that may open a database. Only messages
 * from the page (its parent) are obeyed.
 */
const FRAME_SCRIPT = `(() => {
  let url = null;
  let sqlite = null;
  const workers = new Map();
  const sendSqlite = (worker) => sqlite.then((module) => worker.postMessage({ type: "sqlite", sqlite: module }));
  addEventListener("message", (event) => {
    if (event.source !== parent) return;
    const request = event.data;
    if (request.type === "load") {
      url = URL.createObjectURL(new Blob([request.source], { type: "text/javascript" }));
    } else if (request.type === "sqlite" && !sqlite) {
      sqlite = request.bytes ? WebAssembly.compile(request.bytes).catch(() => null) : Promise.resolve(null);
      for (const worker of workers.values()) sendSqlite(worker);
    } else if (request.type === "spawn" && url && event.ports[0]) {
      const worker = new Worker(url, { name: "runner" });
      worker.onerror = (error) => {
        error.preventDefault();
        parent.postMessage({ type: "worker-error", id: request.id, message: String(error.message) }, "*");
      };
      workers.set(request.id, worker);
      worker.postMessage({ type: "connect" }, [event.ports[0]]);
      if (sqlite) sendSqlite(worker);
    } else if (request.type === "terminate") {
      workers.get(request.id)?.terminate();
      workers.delete(request.id);
    } else if (request.type === "ping") {
      parent.postMessage({ type: "pong" }, "*");
    }
  });
  parent.postMessage({ type: "frame-ready" }, "*");
})();`;

function frameDocument(): string {
  const policy = RUNNER_FRAME_POLICY.replace(/"/g, "&quot;");
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"><script>${FRAME_SCRIPT}</script>`;
}

/** How often the page asks the frame whether it is still there. */
const PING_MS = 250;
/**
 * How long the frame may leave its pings unanswered before its process is
 * taken for dead. Its thread answers and does nothing else (learner code
 * runs in the workers), so only a crash keeps it silent this long; the time
 * is the page's own (see watchdog.ts), so a page starved on a loaded machine
 * does not count the frame's answers late.
 */
const FRAME_LOST_AFTER_MS = 2000;

/** Where the worker's bundle is served from (built by `npm run runner-worker`). */
const WORKER_SCRIPT_URL = "/generated/runner-worker.js";

/** One worker in the frame, seen from the page. */
export interface FramedWorker {
  /** The worker's end of this port is held by the runner's code alone. */
  readonly port: MessagePort;
  /** Ends the worker at once, whatever it is doing. */
  terminate(): void;
}

/**
 * The sandboxed frame and the workers in it. Workers may be asked for at
 * once: they start as soon as the frame has loaded and has the script.
 */
export class RunnerFrame {
  private readonly frame: HTMLIFrameElement;
  private readonly loaded: Promise<void>;
  private readonly errorHandlers = new Map<number, (message: string) => void>();
  private nextId = 1;
  private disposed = false;
  private readonly listener = (event: MessageEvent<FrameEvent>) => this.receive(event);
  private frameReady: (() => void) | null = null;
  private sqliteRequested = false;
  private readonly liveness = new Watchdog(() => this.lose());
  private pinger: ReturnType<typeof setInterval> | null = null;
  /** Called back with the next pong (true), or when the frame is taken for dead (false). */
  private answerWaiters: ((alive: boolean) => void)[] = [];
  /** The frame's process stopped answering: it crashed, and every worker in it is gone. */
  lost = false;

  /**
   * @param onFault called if the runner's files cannot be loaded.
   * @param onLost called once, if the frame's process dies (a program that
   *   exhausts memory crashes it): its workers are gone, and it is of no more use.
   */
  constructor(
    onFault: (message: string) => void,
    private readonly onLost: () => void = () => {},
  ) {
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.title = "Runner";
    // Displayed, though no one sees it: Chromium runs the process of a frame that is display:none at background
    // priority, and on a loaded machine a recorded run there took twice as long and was stopped as blocked.
    frame.style.cssText = "position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0;pointer-events:none";
    frame.srcdoc = frameDocument();
    this.frame = frame;
    window.addEventListener("message", this.listener);
    const ready = new Promise<void>((resolve) => (this.frameReady = resolve));
    void ready.then(() => this.startPinging());
    document.body.append(frame);
    this.loaded = Promise.all([ready, fetchWorkerScript()]).then(
      ([, source]) => this.post({ type: "load", source }),
      (error: unknown) => onFault(`The runner could not load: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /**
   * Fetches SQLite's WebAssembly (once) and has the frame compile it and hand
   * it to every worker. Called once the first worker is up, so that neither
   * the download nor the compilation delays it.
   */
  loadSqlite(): void {
    if (this.sqliteRequested) return;
    this.sqliteRequested = true;
    void Promise.all([this.loaded, fetchSqliteWasm()]).then(([, bytes]) => this.post({ type: "sqlite", bytes }));
  }

  /**
   * Starts a worker running the runner.
   * @param onError called if the worker's script fails (a bug in the runner, not learner code).
   */
  spawn(onError: (message: string) => void): FramedWorker {
    const id = this.nextId++;
    const channel = new MessageChannel();
    this.errorHandlers.set(id, onError);
    void this.loaded.then(() => this.post({ type: "spawn", id }, [channel.port2]));
    let ended = false;
    return {
      port: channel.port1,
      terminate: () => {
        if (ended) return;
        ended = true;
        channel.port1.close();
        this.errorHandlers.delete(id);
        void this.loaded.then(() => this.post({ type: "terminate", id }));
      },
    };
  }

  /** Resolves true at the frame's next answer to a ping, false if it is taken for dead first. */
  answers(): Promise<boolean> {
    if (this.lost || this.disposed) return Promise.resolve(false);
    const answer = new Promise<boolean>((resolve) => this.answerWaiters.push(resolve));
    this.post({ type: "ping" });
    return answer;
  }

  /** Removes the frame: every worker in it ends with it. */
  dispose(): void {
    this.stopPinging();
    this.settleWaiters(false);
    this.disposed = true;
    window.removeEventListener("message", this.listener);
    this.frame.remove();
  }

  private post(request: FrameRequest, transfer: Transferable[] = []): void {
    if (this.disposed) return;
    // The frame's origin is opaque: "*" is the only target that reaches it. Nothing sent to it is secret.
    this.frame.contentWindow?.postMessage(request, "*", transfer);
  }

  private receive(event: MessageEvent<FrameEvent>): void {
    if (event.source !== this.frame.contentWindow) return;
    const message = event.data;
    if (message.type === "frame-ready") this.frameReady?.();
    else if (message.type === "pong") this.answered();
    else if (message.type === "worker-error") this.errorHandlers.get(message.id)?.(message.message);
  }

  private startPinging(): void {
    if (this.disposed || this.pinger !== null) return;
    this.liveness.arm(FRAME_LOST_AFTER_MS);
    this.pinger = setInterval(() => this.post({ type: "ping" }), PING_MS);
  }

  private stopPinging(): void {
    if (this.pinger !== null) clearInterval(this.pinger);
    this.pinger = null;
    this.liveness.disarm();
  }

  private answered(): void {
    this.liveness.disarm();
    if (this.pinger !== null) this.liveness.arm(FRAME_LOST_AFTER_MS);
    this.settleWaiters(true);
  }

  private lose(): void {
    if (this.disposed || this.lost) return;
    this.lost = true;
    this.stopPinging();
    this.settleWaiters(false);
    this.onLost();
  }

  private settleWaiters(alive: boolean): void {
    const waiters = this.answerWaiters;
    this.answerWaiters = [];
    for (const resolve of waiters) resolve(alive);
  }
}

/** SQLite compiled to WebAssembly (sql.js), copied beside the worker's bundle by `npm run runner-worker`. */
const SQLITE_WASM_URL = "/generated/sql-wasm.wasm";

/** SQLite's WebAssembly bytes, fetched once per page; null if they cannot be had (programs without a database still run). */
let sqliteWasm: Promise<ArrayBuffer | null> | null = null;

function fetchSqliteWasm(): Promise<ArrayBuffer | null> {
  sqliteWasm ??= fetch(SQLITE_WASM_URL).then(
    (response) => (response.ok ? response.arrayBuffer() : null),
    () => null,
  );
  return sqliteWasm;
}

/** The worker's script, fetched once per page (and then from the HTTP cache). */
let workerScript: Promise<string> | null = null;

function fetchWorkerScript(): Promise<string> {
  workerScript ??= fetch(WORKER_SCRIPT_URL).then((response) => {
    if (!response.ok) throw new Error(`${WORKER_SCRIPT_URL} answered ${response.status}`);
    return response.text();
  });
  workerScript.catch(() => (workerScript = null));
  return workerScript;
}
