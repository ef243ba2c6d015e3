/**
 * Python's sys, the part command-line tools need: argv, environ-free
 * standard output, and exit. Twisted's usage.Options prints `--help` to
 * sys.stdout and leaves with sys.exit(0); whoever runs the tool (twistd in
 * the terminal, `npm run twistd`) points `stdout` at its output and catches
 * SystemExit. Imports nothing.
 */

/** Raised by exit(): the program asked to end with `code` (0 for success). */
export class SystemExit extends Error {
  constructor(readonly code: number | string | null = null) {
    super(code === null ? "" : String(code));
    this.name = "SystemExit";
  }
}

/** The command line, program name first: ["twistd", "-ny", "finger.tac.ts"]. */
export const argv: string[] = ["python3"];

/**
 * The interpreter running the program: spawnProcess(proto, sys.executable,
 * [sys.executable, FILE, ...]) runs FILE as a child process, as Python's does.
 */
export const executable = "/usr/bin/python3";

/** Where print() goes; replaced by the tool's runner. */
export const stdout = { write: (text: string): void => void text };

/** Ends the program, as Python's sys.exit does, by raising SystemExit. */
export function exit(code: number | string | null = 0): never {
  throw new SystemExit(code);
}

/** Runs `body` with argv and stdout set for one tool run, restoring them after. */
export function withCommandLine<T>(args: readonly string[], write: (text: string) => void, body: () => T): T {
  const savedArgv = argv.splice(0, argv.length, ...args);
  const savedWrite = stdout.write;
  stdout.write = write;
  try {
    return body();
  } finally {
    argv.splice(0, argv.length, ...savedArgv);
    stdout.write = savedWrite;
  }
}
