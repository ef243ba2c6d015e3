/**
 * One scratch folder for the temporary files of a whole test run, removed when
 * the run ends. Tests, the servers they start and Python twins all make
 * temporary folders (os.tmpdir(), Python's tempfile); pointing TMPDIR at a
 * folder of the run's own means none of them outlives it, even when a test
 * forgets to clean up or is killed half-way.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Points TMPDIR (inherited by every child process started after this) at a new folder; returns its remover. */
export function useScratchTmpdir(label: string): () => void {
  const scratch = mkdtempSync(path.join(tmpdir(), `${label}-`));
  // Open to every user as /tmp is (sticky): a twin's twistd switches to uid 1 and must still reach its files here.
  chmodSync(scratch, 0o1777);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(scratch, { recursive: true, force: true });
  };
}

/** Vitest's global setup: the returned function is its teardown. */
export default function setup(): () => void {
  return useScratchTmpdir("finger-unit-tests");
}
