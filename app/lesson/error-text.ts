/**
 * A program error split for display: the short message a learner reads at the
 * line, and any long list (the modules one may import) kept one click away.
 */
export interface ErrorText {
  readonly summary: string;
  /** What the summary leaves out, as a titled list, or null. */
  readonly more: { readonly title: string; readonly items: readonly string[] } | null;
}

const AVAILABLE = /^(.*?)\.\s*Available:\s*(.+)$/s;

/** Splits "ModuleNotFoundError: No module named 'x'. Available: a, b, c" into its summary and the list. */
export function splitErrorText(message: string): ErrorText {
  const match = AVAILABLE.exec(message);
  if (!match) return { summary: message, more: null };
  const items = match[2]!.split(/,\s*/).filter(Boolean);
  return { summary: `${match[1]}.`, more: { title: `The ${items.length} modules you can import`, items } };
}
