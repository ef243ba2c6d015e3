/**
 * How observed text is written in a check's messages and transcript: line
 * endings visible, long texts cut in the middle, and the parts a simulated run
 * and a real one never share (an HTTP Date, trial's timing) left out, so two
 * transcripts compare byte for byte.
 */

/** The longest text a message shows whole. */
const MAX_SHOWN = 400;

/**
 * What a client received, as the transcript keeps it: an HTTP response's
 * Date header says when the request was served, which the simulation's
 * clock (from 1970) and a real run never share, so its value is left out.
 */
export function forTranscript(received: string): string {
  if (!received.startsWith("HTTP/")) return received;
  return received.replace(/^Date: [^\r\n]*/gm, "Date: (when it was served)");
}

/**
 * A line of the program's output, as the transcript keeps it: trial's
 * "Ran 3 tests in 0.012s" says how long the tests took, which a simulated run
 * (no time at all) and a real one never share, so the time is left out.
 */
export function outputForTranscript(line: string): string {
  return line.replace(/^Ran (\d+) tests? in [\d.]+s$/, "Ran $1 tests in (how long they took)");
}

/** Shows text with its line endings visible: "moshez\r\n". */
export function show(text: string): string {
  // A streamed file is thousands of lines: a message keeps its two ends and says how long it was.
  if (text.length <= MAX_SHOWN) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, MAX_SHOWN / 2))}…${JSON.stringify(text.slice(-MAX_SHOWN / 4))} (${text.length} characters in all)`;
}
