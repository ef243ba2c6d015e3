"use client";
/**
 * The xterm terminal with the simulated shell. xterm renders to the DOM (its
 * default renderer) with screen-reader mode on, so the text is in the page
 * for assistive technology and tests.
 */
import { useEffect, useRef } from "react";
import "@xterm/xterm/css/xterm.css";
import { TerminalDimmer } from "../debugger/terminal-dimmer";
import { Shell } from "../terminal/shell";
import type { LessonSession, TerminalLine } from "./session-store";

const STREAM_STYLE: Record<TerminalLine["stream"], string> = {
  stdout: "",
  stderr: "\x1b[33m",
  // A grey that keeps 4.5:1 contrast (xterm's dim halves the opacity, to about 3.8:1).
  log: "\x1b[38;2;154;164;184m",
  error: "\x1b[31m",
  note: "\x1b[36m",
};

export default function TerminalPanel({ session }: { readonly session: LessonSession }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]).then(([{ Terminal }, { FitAddon }]) => {
      if (disposed || !host.current) return;
      const terminal = new Terminal({
        cursorBlink: true,
        convertEol: false,
        screenReaderMode: true,
        fontFamily: "\"JetBrains Mono\", ui-monospace, SFMono-Regular, Menlo, Consolas, \"DejaVu Sans Mono\", \"Liberation Mono\", monospace",
        fontSize: 13,
        theme: { background: "#0b0e14", foreground: "#d6dbe6", cursor: "#f5b942" },
        scrollback: 2000,
        // Decorations (TerminalDimmer) are still xterm's proposed API.
        allowProposedApi: true,
      });
      const fit = new FitAddon();
      terminal.loadAddon(fit);
      terminal.open(host.current);
      fit.fit();
      const shell = new Shell(session, (text) => terminal.write(text), () => terminal.cols);
      shell.start();
      const input = terminal.onData((data) => shell.input(data));
      const dimmer = new TerminalDimmer(terminal);
      const unsubscribe = session.onTerminalLine((line) => {
        const rows = shell.printAbove(line.text, STREAM_STYLE[line.stream]);
        if (line.output !== undefined) dimmer.printed(line.output, rows);
      });
      const undim = session.onOutputDimmed((from) => dimmer.dim(from));
      // Refitting re-measures every row for the screen reader (tens of ms): done in the frame after a
      // resize, once however many resizes came, so the click that changed the layout paints first.
      let refit = 0;
      const resize = new ResizeObserver(() => {
        if (refit === 0) refit = requestAnimationFrame(() => ((refit = 0), fit.fit()));
      });
      resize.observe(host.current);
      host.current.dataset.ready = "true";
      cleanup = () => {
        cancelAnimationFrame(refit);
        resize.disconnect();
        unsubscribe();
        undim();
        dimmer.forget();
        input.dispose();
        shell.reset();
        terminal.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, [session]);

  return <div ref={host} className="terminal-host" data-testid="terminal" />;
}
