"use client";
/**
 * The xterm terminal with the simulated shell. xterm renders to the DOM (its
 * default renderer) with screen-reader mode on, so the text is in the page
 * for assistive technology and tests.
 */
import { useEffect, useRef } from "react";
import "@xterm/xterm/css/xterm.css";
import { Shell, toTerminal } from "../terminal/shell";
import type { LessonSession, TerminalLine } from "./session-store";

const STREAM_STYLE: Record<TerminalLine["stream"], string> = {
  stdout: "",
  stderr: "\x1b[33m",
  log: "\x1b[2m",
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
      });
      const fit = new FitAddon();
      terminal.loadAddon(fit);
      terminal.open(host.current);
      fit.fit();
      const shell = new Shell(session, (text) => terminal.write(text));
      shell.start();
      const input = terminal.onData((data) => shell.input(data));
      const unsubscribe = session.onTerminalLine((line) => {
        const style = STREAM_STYLE[line.stream];
        shell.printAbove(style ? `${style}${toTerminal(line.text)}\x1b[0m` : line.text);
      });
      const resize = new ResizeObserver(() => fit.fit());
      resize.observe(host.current);
      host.current.dataset.ready = "true";
      cleanup = () => {
        resize.disconnect();
        unsubscribe();
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
