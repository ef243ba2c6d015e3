import { describe, expect, it } from "vitest";
import type { IDecoration, IDecorationOptions, IMarker } from "@xterm/xterm";
import { TerminalDimmer } from "./terminal-dimmer";

/** A terminal whose cursor is on row `cursor`: writes parse at once, markers remember their row, decorations their marker's row. */
function fakeTerminal() {
  const state = { cursor: 0, decorated: [] as number[] };
  const terminal = {
    cols: 40,
    write: (_data: string | Uint8Array, callback?: () => void) => callback?.(),
    registerMarker: (offset = 0) => {
      const marker = { line: state.cursor + offset, isDisposed: false, dispose: () => (marker.isDisposed = true) };
      return marker as unknown as IMarker;
    },
    registerDecoration: (options: IDecorationOptions) => {
      const row = options.marker.line;
      state.decorated.push(row);
      return {
        onRender: () => ({ dispose() {} }),
        dispose: () => state.decorated.splice(state.decorated.indexOf(row), 1),
      } as unknown as IDecoration;
    },
  };
  return { state, terminal };
}

describe("dimming the terminal's lines after the debugger's cursor", () => {
  it("dims every row of the lines from the cursor's on, and undims them", () => {
    const { state, terminal } = fakeTerminal();
    const dimmer = new TerminalDimmer(terminal);
    // Line 0 took one row (row 3), line 1 two rows (4 and 5), each printed above the cursor's row.
    state.cursor = 4;
    dimmer.printed(0, 1);
    state.cursor = 6;
    dimmer.printed(1, 2);
    dimmer.dim(1);
    expect(state.decorated.sort()).toEqual([4, 5]);
    dimmer.dim(0);
    expect(state.decorated.sort()).toEqual([3, 4, 5]);
    dimmer.dim(null);
    expect(state.decorated).toEqual([]);
  });

  it("dims a line printed while the cursor is behind it, and forgets the last run's lines when a new run prints", () => {
    const { state, terminal } = fakeTerminal();
    const dimmer = new TerminalDimmer(terminal);
    state.cursor = 1;
    dimmer.printed(0, 1);
    dimmer.dim(1);
    state.cursor = 2;
    dimmer.printed(1, 1);
    expect(state.decorated).toEqual([1]);
    state.cursor = 9;
    dimmer.printed(0, 1);
    expect(state.decorated).toEqual([]);
    dimmer.dim(0);
    expect(state.decorated).toEqual([8]);
  });
});
