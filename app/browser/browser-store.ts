/**
 * The browser pane's state: its history and what the current page load
 * came to. A page is fetched by running curl on the learner's simulated
 * host, the same command and the same network the terminal's `curl` uses,
 * so the pane never sees anything the learner's program did not send.
 * React reads immutable snapshots through useSyncExternalStore.
 */
import type { CommandHandlers } from "../terminal/shell";
import { hostAndPort, readAddress } from "./address";
import { bodyKind, parseHttpResponse, type BodyKind, type HttpResponse } from "./http-response";

/** Virtual seconds a page may take before the pane gives up on it (curl -m). */
export const PAGE_TIMEOUT_SECONDS = 10;

/** The request headers a browser adds to curl's own (Host, and Accept replaced). */
const BROWSER_HEADERS = ["User-Agent: finger-browser/1.0 (the lesson's browser pane)", "Accept: text/html,*/*;q=0.8"];

/** Runs a command on the learner's simulated host, as LessonSession.exec does. */
export type RunCommand = (argv: string[], handlers: CommandHandlers) => { interrupt(): void };

export type PageView =
  | { readonly kind: "blank" }
  | { readonly kind: "loading"; readonly url: string }
  | { readonly kind: "page"; readonly url: string; readonly raw: string; readonly response: HttpResponse; readonly body: BodyKind }
  /** The program answered, but not with HTTP the pane can read. */
  | { readonly kind: "malformed"; readonly url: string; readonly raw: string; readonly problem: string }
  /** No answer: refused, unknown host, timed out, or cut off. */
  | { readonly kind: "failed"; readonly url: string; readonly reason: FailureReason; readonly message: string };

export type FailureReason = "refused" | "unknown-host" | "timeout" | "stopped" | "error";

export interface BrowserSnapshot {
  /** What the address bar shows when the learner is not typing in it. */
  readonly address: string;
  /** A problem with what was typed in the address bar, until the next navigation. */
  readonly addressError: string | null;
  readonly history: readonly string[];
  /** The current entry of `history`, or -1 before the first navigation. */
  readonly index: number;
  readonly view: PageView;
}

export class BrowserStore {
  private snapshot: BrowserSnapshot;
  private readonly listeners = new Set<() => void>();
  /** The load in flight; its output is ignored once another load replaces it. */
  private loading: { interrupt(): void; cancelled: boolean } | null = null;

  /**
   * @param run runs curl on the learner's host (LessonSession.exec).
   * @param startUrl the address the pane shows before the first navigation.
   */
  constructor(
    private readonly run: RunCommand,
    startUrl: string,
  ) {
    this.snapshot = { address: startUrl, addressError: null, history: [], index: -1, view: { kind: "blank" } };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): BrowserSnapshot => this.snapshot;

  /** Opens what the learner typed, adding it to the history; a bad address only sets addressError. */
  open(input: string): void {
    const address = readAddress(input, this.currentUrl());
    if (!address.ok) {
      this.update({ addressError: address.message });
      return;
    }
    // Opening the page shown now loads it again, as a browser does, without a second history entry.
    if (address.url !== this.snapshot.history[this.snapshot.index]) {
      const history = [...this.snapshot.history.slice(0, this.snapshot.index + 1), address.url];
      this.update({ history, index: history.length - 1 });
    }
    this.load(address.url);
  }

  /** Loads the current page again (or the address bar's, before the first navigation). */
  reload(): void {
    if (this.snapshot.index < 0) this.open(this.snapshot.address);
    else this.load(this.snapshot.history[this.snapshot.index]!);
  }

  /** Loads the previous page in the history again; nothing before the first. */
  back(): void {
    if (this.snapshot.index <= 0) return;
    this.update({ index: this.snapshot.index - 1 });
    this.load(this.snapshot.history[this.snapshot.index]!);
  }

  /** Loads the next page in the history again, after a back(); nothing at the last. */
  forward(): void {
    if (this.snapshot.index >= this.snapshot.history.length - 1) return;
    this.update({ index: this.snapshot.index + 1 });
    this.load(this.snapshot.history[this.snapshot.index]!);
  }

  /** Gives up on the page being loaded, as a browser's Stop button does. */
  stop(): void {
    const view = this.snapshot.view;
    if (view.kind !== "loading" || !this.loading) return;
    this.loading.cancelled = true;
    this.loading.interrupt();
    this.loading = null;
    this.update({ view: { kind: "failed", url: view.url, reason: "stopped", message: "Stopped: you pressed Stop before the page arrived." } });
  }

  /** Stops listening to a load in flight (the pane is going away). */
  dispose(): void {
    if (this.loading) this.loading.cancelled = true;
    this.loading?.interrupt();
    this.loading = null;
  }

  private currentUrl(): string {
    return this.snapshot.history[this.snapshot.index] ?? this.snapshot.address;
  }

  private load(url: string): void {
    if (this.loading) {
      this.loading.cancelled = true;
      this.loading.interrupt();
    }
    this.update({ address: url, addressError: null, view: { kind: "loading", url } });
    let stdout = "";
    let stderr = "";
    const argv = ["curl", "-i", "-m", String(PAGE_TIMEOUT_SECONDS), ...BROWSER_HEADERS.flatMap((h) => ["-H", h]), url];
    const load = { interrupt: () => {}, cancelled: false };
    this.loading = load;
    const handle = this.run(argv, {
      onOutput: (text, stream) => {
        if (stream === "stdout") stdout += text;
        else stderr += text;
      },
      onExit: (code) => {
        if (load.cancelled) return;
        this.loading = null;
        this.update({ view: pageView(url, code, stdout, stderr) });
      },
    });
    load.interrupt = () => handle.interrupt();
  }

  private update(change: Partial<BrowserSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

/**
 * What a finished curl -i means for the pane: its exit code (curl's: 7
 * refused, 6 unknown host, 28 timed out; null when the command was ended by
 * a Stop or a new Run) and what it printed.
 */
export function pageView(url: string, code: number | null, stdout: string, stderr: string): PageView {
  const where = hostAndPort(url);
  const failed = (reason: FailureReason, message: string): PageView => ({ kind: "failed", url, reason, message });
  if (code === 7) return failed("refused", `Nothing is listening on ${where}. Is your program running, and listening on that port?`);
  if (code === 6) return failed("unknown-host", `There is no host called ${new URL(url).hostname} on the simulated network.`);
  if (code === 28) {
    const received = Number(/with (\d+) bytes received/.exec(stderr)?.[1] ?? 0);
    return failed(
      "timeout",
      `${where} took the connection, but its reply did not end within ${PAGE_TIMEOUT_SECONDS} seconds on the reactor's clock, so the browser gave up` +
        (received > 0 ? ` (${received} bytes had arrived). ` : " (nothing had arrived). ") +
        "An HTTP/1.0 reply ends when the server closes the connection: does your program finish every request " +
        "(return the page from render_GET, or call request.finish())?",
    );
  }
  if (code === null) return failed("stopped", "The request was cut off: the program was stopped or run again before it answered.");
  if (code !== 0) return failed("error", stderr.trim() || `curl ended with exit code ${code}.`);
  const parsed = parseHttpResponse(stdout);
  if (!parsed.ok) return { kind: "malformed", url, raw: stdout, problem: parsed.problem };
  return { kind: "page", url, raw: stdout, response: parsed.response, body: bodyKind(parsed.response) };
}
