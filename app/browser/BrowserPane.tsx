"use client";
/**
 * The browser pane: an address bar, and the page the learner's program
 * served, fetched through the simulated network (see browser-store.ts).
 * HTML is shown in a frame that runs nothing and loads nothing (see
 * page-document.ts); any other body as text. The status line is always in
 * view; the headers and the raw reply are one click away.
 */
import { useEffect, useMemo, useState, useSyncExternalStore, type FormEvent } from "react";
import { hostAndPort } from "./address";
import { PAGE_TIMEOUT_SECONDS, type BrowserStore, type PageView } from "./browser-store";
import { header } from "./http-response";
import { PAGE_SANDBOX, pageDocument } from "./page-document";
import "./browser.css";

type Mode = "page" | "headers" | "raw";

const MODES: { id: Mode; label: string }[] = [
  { id: "page", label: "Page" },
  { id: "headers", label: "Headers" },
  { id: "raw", label: "Raw" },
];

export interface BrowserPaneProps {
  readonly store: BrowserStore;
  /** The learner's program is running (or starting). */
  readonly running: boolean;
  /** The TCP ports the running program listens on. */
  readonly listening: readonly number[];
}

export default function BrowserPane({ store, running, listening }: BrowserPaneProps) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const [typed, setTyped] = useState(snapshot.address);
  const [mode, setMode] = useState<Mode>("page");
  const { view, history, index } = snapshot;
  // A navigation (Go, a link, Back) shows its address; typing is kept until then.
  useEffect(() => setTyped(snapshot.address), [snapshot.address, index]);
  const go = (event: FormEvent) => {
    event.preventDefault();
    store.open(typed);
  };
  const loading = view.kind === "loading";
  return (
    <div className="browser" data-testid="browser-pane">
      <form className="browser-bar" onSubmit={go} aria-label="Address bar">
        <button type="button" className="browser-button" onClick={() => store.back()} disabled={index <= 0} aria-label="Previous page" title="Back to the previous page">
          ←
        </button>
        <button
          type="button"
          className="browser-button"
          onClick={() => store.forward()}
          disabled={index >= history.length - 1}
          aria-label="Next page"
          title="Forward to the next page"
        >
          →
        </button>
        {loading ? (
          <button type="button" className="browser-button" onClick={() => store.stop()} aria-label="Stop loading" title="Stop loading">
            ✕
          </button>
        ) : (
          <button type="button" className="browser-button" onClick={() => store.reload()} aria-label="Reload page" title="Load this page again">
            ↻
          </button>
        )}
        <input
          className="browser-address"
          type="text"
          aria-label="Address"
          aria-invalid={snapshot.addressError !== null}
          aria-describedby={snapshot.addressError ? "browser-address-error" : undefined}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
        />
        <button type="submit" className="button-secondary browser-go">
          Go
        </button>
      </form>
      {snapshot.addressError && (
        <p className="browser-address-error" id="browser-address-error" role="alert">
          {snapshot.addressError}
        </p>
      )}
      <div className="browser-status">
        <p className="browser-status-text" role="status">
          <StatusText view={view} />
        </p>
        {/* A reply that is not HTTP has no page or headers to show: only its raw bytes, always in view. */}
        {view.kind === "page" && (
          <div className="browser-modes" role="group" aria-label="Show">
            {MODES.map((m) => (
              <button key={m.id} type="button" className="panel-toggle" aria-pressed={mode === m.id} onClick={() => setMode(m.id)}>
                {m.label}
              </button>
            ))}
          </div>
        )}
      </div>
      <div className="browser-view">
        <ViewBody view={view} mode={view.kind === "malformed" ? "raw" : mode} running={running} listening={listening} onOpen={(url) => store.open(url)} />
      </div>
    </div>
  );
}

function StatusText({ view }: { view: PageView }) {
  switch (view.kind) {
    case "blank":
      return <>No page loaded yet.</>;
    case "loading":
      return <>Waiting for {hostAndPort(view.url)}…</>;
    case "page": {
      const type = header(view.response.headers, "content-type");
      const size = new TextEncoder().encode(view.response.body).length;
      return (
        <>
          <code className={view.response.status >= 400 ? "browser-status-line browser-status-error" : "browser-status-line"}>{view.response.statusLine}</code>
          {` · ${type ?? "no Content-Type"} · ${size}\u00a0${size === 1 ? "byte" : "bytes"}`}
        </>
      );
    }
    case "malformed":
      return <>Not a valid HTTP reply</>;
    case "failed":
      return <>{FAILURE_TITLES[view.reason]}</>;
  }
}

const FAILURE_TITLES: Record<Extract<PageView, { kind: "failed" }>["reason"], string> = {
  refused: "Connection refused",
  "unknown-host": "Unknown host",
  timeout: "No reply: timed out",
  stopped: "Stopped",
  error: "The request failed",
};

interface ViewBodyProps {
  readonly view: PageView;
  readonly mode: Mode;
  readonly running: boolean;
  readonly listening: readonly number[];
  readonly onOpen: (url: string) => void;
}

function ViewBody({ view, mode, running, listening, onOpen }: ViewBodyProps) {
  switch (view.kind) {
    case "blank":
      return (
        <div className="browser-message">
          <p>
            Run your program, then press <strong>Go</strong> to load the address above. The request goes through the simulated network to your
            program, exactly as <code>curl -i</code> does in the terminal.
          </p>
        </div>
      );
    case "loading":
      return (
        <div className="browser-message">
          <p>
            Sent GET {new URL(view.url).pathname} to {hostAndPort(view.url)}; waiting for the reply… The browser gives up after {PAGE_TIMEOUT_SECONDS} seconds on the reactor&apos;s clock. If the debugger has
            paused your program, that clock stands still.
          </p>
        </div>
      );
    case "failed":
      return (
        <div className="browser-message browser-message-failed" role="alert">
          <p>{view.message}</p>
          {view.reason === "refused" && <RefusedAdvice url={view.url} running={running} listening={listening} />}
        </div>
      );
    case "malformed":
      return (
        <>
          <div className="browser-message browser-message-failed" role="alert">
            <p>{view.problem}</p>
          </div>
          <RawReply raw={view.raw} />
        </>
      );
    case "page":
      if (mode === "raw") return <RawReply raw={view.raw} />;
      if (mode === "headers") return <Headers statusLine={view.response.statusLine} headers={view.response.headers} />;
      if (view.body === "empty") return <p className="browser-message">The reply has no body.</p>;
      if (view.body === "text") return <pre className="browser-text">{view.response.body}</pre>;
      return <HtmlPage html={view.response.body} url={view.url} onOpen={onOpen} />;
  }
}

/** What to check when nothing listens: is the program running, and on which port. */
function RefusedAdvice({ url, running, listening }: { url: string; running: boolean; listening: readonly number[] }) {
  const port = Number(new URL(url).port || 80);
  if (!running) return <p>No program is running: press Run, then Reload.</p>;
  if (listening.length > 0 && !listening.includes(port)) {
    return (
      <p>
        Your program listens on {listening.length === 1 ? "port" : "ports"} {listening.join(", ")}, not {port}.
      </p>
    );
  }
  return null;
}

function HtmlPage({ html, url, onOpen }: { html: string; url: string; onOpen: (url: string) => void }) {
  const page = useMemo(() => pageDocument(html, url), [html, url]);
  return (
    <>
      <iframe className="browser-frame" sandbox={PAGE_SANDBOX} srcDoc={page.srcdoc} title={`Page from ${url}${page.title ? `: ${page.title}` : ""}`} />
      {(page.links.length > 0 || page.scripts > 0 || page.forms > 0) && (
        <div className="browser-notes">
          {page.links.length > 0 && (
            <nav className="browser-links" aria-label="Links on this page">
              <span className="browser-notes-label">Links:</span>
              {page.links.map((link) => (
                <button key={link.number} type="button" className="button-link" onClick={() => onOpen(link.url)} title={link.url}>
                  [{link.number}] {link.text}
                </button>
              ))}
            </nav>
          )}
          {(page.scripts > 0 || page.forms > 0) && (
            <p>
              {[
                page.scripts > 0 && `${page.scripts === 1 ? "1 script" : `${page.scripts} scripts`} not run (the pane runs nothing)`,
                page.forms > 0 && "forms are not sent from here: POST with curl -d",
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
          )}
        </div>
      )}
    </>
  );
}

function Headers({ statusLine, headers }: { statusLine: string; headers: readonly (readonly [string, string])[] }) {
  return (
    <div className="browser-headers">
      <p>
        <code>{statusLine}</code>
      </p>
      {headers.length === 0 ? (
        <p className="panel-empty">No headers.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Response headers</caption>
          <tbody>
            {headers.map(([name, value], i) => (
              <tr key={i}>
                <th scope="row">{name}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * The reply exactly as received, with each line's end marked: \r\n, or a
 * bare \n that HTTP does not allow. The marks are drawn by CSS, so copying
 * the text copies the reply's own bytes.
 */
function RawReply({ raw }: { raw: string }) {
  const lines = raw.split("\n");
  return (
    <pre className="browser-raw" aria-label="Raw reply">
      {lines.map((line, i) => {
        const last = i === lines.length - 1;
        const crlf = line.endsWith("\r");
        return (
          <span key={i}>
            {crlf ? line.slice(0, -1) : line}
            {!last && <span className="browser-eol" data-eol={crlf ? "\\r\\n" : "\\n"} />}
            {!last && "\n"}
          </span>
        );
      })}
    </pre>
  );
}
