/**
 * `pagesupport`: this course's own module, neither Twisted's nor Python's
 * (Twisted has no browser reactor). It sits with the bare-name modules only
 * because learners import it the same way: `import * as pagesupport from "pagesupport"`.
 *
 * Twisted shares a thread with another event loop in one of two ways: a
 * reactor built on the other loop (gtk3reactor, qt5reactor, asyncioreactor,
 * each `install()`ed before anything imports `twisted.internet.reactor`), or
 * a hook that lets the reactor pump the other loop (`tksupport.install(root)`).
 * Either way the toolkit's callbacks (a button's "clicked") run in the
 * reactor's thread, between its other events, so they may write to
 * transports and call `callLater` without `callFromThread`.
 *
 * Here the other loop is the lesson page's: a small panel with a text input,
 * a button and a display line. `install()` hooks it into the reactor, as
 * `tksupport.install` does a Tk root, and returns the page; a press of the
 * button reaches the handlers given to `onClick` as a reactor event of its
 * own (the hand-off a GUI reactor makes), with the input's text. A check can
 * press the button too (`uiEvent: click`), on virtual time, and the Python
 * twin gets the same presses from the checks' driver (lessons/tools/pagesupport.py).
 */
import { installedReactor } from "../twisted/internet/installed";

/** A page handler: gets the text the page's input holds. */
export type PageHandler = (text: string) => unknown;

/** The kinds of event the page sends: a press of its button, a change of its input's text. */
export type PageEventKind = "click" | "input";

/**
 * The page's widgets, as the program sees them once `install()` hooked the
 * page into the reactor.
 */
export class Page {
  /** @internal */
  constructor(private readonly loop: PageLoop) {}

  /** Calls `handler(text)` in the reactor each time the page's button is pressed; `text` is what the input holds. */
  onClick(handler: PageHandler): void {
    this.loop.listen("click", handler);
  }

  /** Calls `handler(text)` in the reactor each time the text in the page's input changes. */
  onInput(handler: PageHandler): void {
    this.loop.listen("input", handler);
  }

  /** Shows `text` on the page's display line (it replaces what was there). */
  show(text: string): void {
    this.loop.show(String(text));
  }
}

/**
 * @internal Engine use: one world's page. The world delivers the page's
 * events through it and hears what the program shows.
 */
export class PageLoop {
  private page: Page | null = null;
  private readonly handlers: Record<PageEventKind, PageHandler[]> = { click: [], input: [] };
  /** What the display line shows, or null while the program has shown nothing. */
  display: string | null = null;
  /** Called with each new display text. */
  onShow: ((text: string) => void) | null = null;

  /** The page, hooked into the reactor on first use. */
  install(): Page {
    this.page ??= new Page(this);
    return this.page;
  }

  /** True once the program called `install()`. */
  get installed(): boolean {
    return this.page !== null;
  }

  listen(kind: PageEventKind, handler: PageHandler): void {
    if (typeof handler !== "function") throw new TypeError(`on${kind === "click" ? "Click" : "Input"}() takes a function, not ${typeof handler}`);
    this.handlers[kind].push(handler);
  }

  show(text: string): void {
    this.display = text;
    this.onShow?.(text);
  }

  /**
   * Hands one page event to the installed reactor: each handler runs as a
   * reactor event of its own (callLater(0)), as a GUI reactor runs a
   * toolkit's callback between the reactor's other work.
   * @returns how many handlers it was handed to (0 before `install()`: an uninstalled page's events reach nobody).
   */
  deliver(kind: PageEventKind, text: string): number {
    if (!this.page) return 0;
    const reactor = installedReactor();
    for (const handler of this.handlers[kind]) reactor.callLater(0, handler, text);
    return this.handlers[kind].length;
  }
}

let current: PageLoop | null = null;

/** @internal Engine use: makes `loop` the page `install()` hooks up (the running world's). Returns the one it replaces. */
export function enterPageLoop(loop: PageLoop | null): PageLoop | null {
  const previous = current;
  current = loop;
  return previous;
}

/**
 * Hooks the lesson page's event loop into the reactor, as
 * `tksupport.install(root)` does Tk's, and returns the page. Calling it again
 * returns the same page.
 * @throws Error outside a run (an engine bug: every run has a page).
 */
export function install(): Page {
  if (!current) throw new Error("engine invariant: no page for this run");
  return current.install();
}
