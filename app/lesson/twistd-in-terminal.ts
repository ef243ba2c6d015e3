/**
 * Whether a twistd the terminal started may still run, for the Stop button:
 * one in the foreground until it ends, and a daemon once one has started
 * (twistd without -n exits 0 after daemonizing).
 */
import type { CommandHandlers } from "../terminal/shell";

/** Tracks the twistd commands the terminal runs, and whether one left a daemon behind. */
export class TwistdInTerminal {
  private readonly foregroundIds = new Set<number>();
  private nextId = 0;
  private daemonStarted = false;

  /** @param onChange called with `running` whenever a twistd starts or ends. */
  constructor(private readonly onChange: (running: boolean) => void) {}

  /** A twistd runs in the foreground, or one left a daemon behind. */
  get running(): boolean {
    return this.foregroundIds.size > 0 || this.daemonStarted;
  }

  /** Counts the twistd `argv` as running and returns its handlers, wrapped to see it end. */
  watch(argv: string[], handlers: CommandHandlers): CommandHandlers {
    const id = this.nextId++;
    this.foregroundIds.add(id);
    this.onChange(true);
    const foreground = argv.some((arg) => arg === "--nodaemon" || /^-[a-zA-Z]*n[a-zA-Z]*$/.test(arg));
    return {
      ...handlers,
      onExit: (code) => {
        // Stop may have interrupted it already: only a twistd still counted can have left a daemon behind.
        if (this.foregroundIds.delete(id) && code === 0 && !foreground && !argv.some((arg) => /^--?(help|version)$/.test(arg))) this.daemonStarted = true;
        this.onChange(this.running);
        handlers.onExit(code);
      },
    };
  }

  /** Forgets every twistd (a fresh world has none; Stop interrupts them); does not call onChange. */
  forget(): void {
    this.foregroundIds.clear();
    this.daemonStarted = false;
  }
}
