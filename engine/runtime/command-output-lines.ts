/**
 * A command's stdout and stderr cut into lines as they arrive, for a world
 * that shows a command line's output as its program's (World.startCommand):
 * a line is handed on once its "\n" has come, and the rest when the command ends.
 */
export class CommandOutputLines {
  private readonly pending = { stdout: "", stderr: "" };

  /** @param line gets each complete line of `stream`, without its "\n". */
  constructor(private readonly line: (stream: "stdout" | "stderr", text: string) => void) {}

  /** More of `stream` arrived. */
  write(stream: "stdout" | "stderr", text: string): void {
    this.flush(stream, text, false);
  }

  /** The command ended: hands on each stream's last line, if it has one. */
  end(): void {
    this.flush("stdout", "", true);
    this.flush("stderr", "", true);
  }

  private flush(stream: "stdout" | "stderr", text: string, end: boolean): void {
    this.pending[stream] += text;
    const parts = this.pending[stream].split("\n");
    this.pending[stream] = end ? "" : parts.pop()!;
    for (const part of end ? parts.filter((piece, index) => index < parts.length - 1 || piece !== "") : parts) this.line(stream, part);
  }
}
