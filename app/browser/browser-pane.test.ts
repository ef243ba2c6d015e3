import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import BrowserPane from "./BrowserPane";
import { BrowserStore, type RunCommand } from "./browser-store";

/** A curl that ends at once with `code`, printing `stdout` and `stderr`. */
function curlEnding(code: number | null, stdout: string, stderr = ""): RunCommand {
  return (_argv, handlers) => {
    if (stdout) handlers.onOutput(stdout, "stdout");
    if (stderr) handlers.onOutput(stderr, "stderr");
    handlers.onExit(code);
    return { interrupt() {} };
  };
}

/** The pane's markup after loading `url` with `curl`, or before any load, as React renders it. */
function render(curl: RunCommand | null, url = "http://localhost:8000/", props: { running?: boolean; listening?: number[] } = {}) {
  const store = new BrowserStore(curl ?? curlEnding(0, ""), "http://localhost:8000/");
  if (curl) store.open(url);
  return renderToStaticMarkup(createElement(BrowserPane, { store, running: props.running ?? true, listening: props.listening ?? [] }));
}

describe("the browser pane's views", () => {
  it("labels its controls", () => {
    const html = render(null);
    for (const label of ['aria-label="Previous page"', 'aria-label="Next page"', 'aria-label="Reload page"', 'aria-label="Address"']) {
      expect(html).toContain(label);
    }
    expect(html).toContain("No page loaded yet.");
  });

  it("shows a reply that is not HTTP as its raw bytes, with no Page or Headers to pick", () => {
    const html = render(curlEnding(0, "Happy and well\r\n"), "localhost:1079");
    expect(html).toContain("Not a valid HTTP reply");
    expect(html).toContain('<pre class="browser-raw" aria-label="Raw reply"><span>Happy and well<span class="browser-eol" data-eol="\\r\\n"></span>');
    expect(html).not.toContain(">Headers</button>");
  });

  it("shows a text body as escaped text, with the status line and the toggles", () => {
    const html = render(curlEnding(0, "HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<methodResponse/>"), "/RPC2");
    expect(html).toContain('<pre class="browser-text">&lt;methodResponse/&gt;</pre>');
    expect(html).toContain("HTTP/1.0 200 OK</code> · text/xml · 17\u00a0bytes");
    expect(html).toContain('aria-pressed="true">Page</button>');
  });

  it("says which port the program listens on when the one asked for refuses", () => {
    const refused = curlEnding(7, "", "curl: (7) Failed to connect to localhost port 8000: Connection refused\n");
    expect(render(refused, "/", { listening: [1079] })).toContain("Your program listens on port 1079, not 8000.");
    expect(render(refused, "/", { running: false })).toContain("No program is running: press Run, then Reload.");
  });
});
