/**
 * The recorder's rendered texts: values that are not numbers, as they were
 * when recorded, and the variables of line events. The constants
 * (undefined, null, true, false) come first and cost no text each; a
 * Deferred or Failure passed down a chain is rendered once; a variable's
 * text is reused while it stays the same.
 */
import { describeValue, traceLabel } from "./describe";
import { CONSTANT_TEXTS } from "./rows";

/** No object: what lastLabelled holds when the last text is not a labelled object's. */
const NONE = Symbol("none");

export class TextTable {
  /** Every text, starting with the constants (see CONSTANT_TEXTS). */
  readonly texts: string[] = [...CONSTANT_TEXTS];
  /** Characters of the texts added, for the recorder's byte budget. */
  bytes = 0;
  /**
   * The labelled object (a Deferred, a Failure) whose text is the last of
   * `texts`, or NONE; the recorder reads these two to skip a call for a
   * Failure passed down a chain of errbacks.
   */
  lastLabelled: unknown = NONE;
  lastLabelledText = 0;
  /** For each variable name's index, the text index of its last value. */
  private readonly lastLocalText: number[] = [];

  /** The index of `value`'s text: a constant's, the last labelled object's, or a new rendering of it now. */
  ofValue(value: unknown): number {
    const constant = constantText(value);
    if (constant >= 0) return constant;
    // A Deferred or Failure passed along a chain is described once (their labels do not change).
    if (value === this.lastLabelled) return this.lastLabelledText;
    const index = this.add(describeValue(value));
    this.lastLabelled = typeof value === "object" && value !== null && traceLabel in value ? value : NONE;
    this.lastLabelledText = index;
    return index;
  }

  /** The index of variable `name`'s text `text`: the one it had last if unchanged. */
  ofLocal(name: number, text: string): number {
    const last = this.lastLocalText[name];
    if (last !== undefined && this.texts[last] === text) return last;
    return (this.lastLocalText[name] = this.add(text));
  }

  private add(text: string): number {
    this.bytes += text.length;
    this.texts.push(text);
    return this.texts.length - 1;
  }
}

/** The index of `value` among CONSTANT_TEXTS, or -1. */
function constantText(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null) return 1;
  if (value === true) return 2;
  if (value === false) return 3;
  return -1;
}
