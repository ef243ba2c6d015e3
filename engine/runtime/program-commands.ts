/**
 * The commands a world's learner host offers that run learner code: `twistd`
 * (a .tac or a plugin, as the terminal types it) and `python3 FILE` (the
 * world's program again, as a child process: a process pool's workers).
 */
import type { HostedReactor } from "../simulation/simulated-network";
import { childProgramCommand } from "./child-program";
import type { ProgramHooks } from "./program";
import { twistdCommand } from "./twistd-command";

/** What the commands need of their world. */
export interface ProgramCommandsWorld {
  readonly reactor: HostedReactor;
  /** Turns the world's echo of log events into its output on or off; returns whether it was on. */
  setEchoingLog(on: boolean): boolean;
  /** The world's own program, if one is loaded. */
  program(): { readonly source: string; readonly file: string } | null;
  /** The block guard and recording hooks the world's program runs under. */
  hooks(): ProgramHooks;
}

/** Defines `twistd` and `python3` on the world's learner host. */
export function defineProgramCommands(world: ProgramCommandsWorld): void {
  const { reactor } = world;
  reactor.host.processes.define(
    "twistd",
    twistdCommand({
      reactor,
      echoLog: (on) => {
        world.setEchoingLog(on);
      },
    }),
  );
  reactor.host.processes.define(
    "python3",
    childProgramCommand({
      reactor,
      program: () => world.program(),
      hooks: () => world.hooks(),
      quietly: (f) => {
        const echoing = world.setEchoingLog(false);
        try {
          return f();
        } finally {
          world.setEchoingLog(echoing);
        }
      },
    }),
  );
}
