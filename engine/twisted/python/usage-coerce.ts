/**
 * The coerce functions of twisted.python.usage: what turns a parameter's text
 * into its value (`["port", "p", 79, "Port", usage.int]`), with Python's error
 * messages, which usage.Options puts after "Parameter type enforcement failed: ".
 */

/** A function that turns a parameter's text into its value; throws ValueError (any Error) for bad text. */
export type Coerce = ((value: string) => unknown) & { coerceDoc?: string };

/** Python's int() for a parameter's text: decimal digits with an optional sign, spaces around allowed. */
function pythonInt(value: string): number {
  const text = value.trim().replace(/_/g, "");
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`invalid literal for int() with base 10: '${value}'`);
  return Number(text);
}

/**
 * Coerces a port number, as usage.portCoerce does.
 * @throws Error "Port number not in range: N" outside 0 to 65535
 */
export const portCoerce: Coerce = Object.assign(
  (value: string): number => {
    const port = pythonInt(value);
    if (port < 0 || port > 65535) throw new Error(`Port number not in range: ${port}`);
    return port;
  },
  { coerceDoc: "Must be an int between 0 and 65535." },
);

/** Python's int as a coerce function (`["port", "p", 79, "Port", usage.int]`), with int's error message. */
export const int: Coerce = pythonInt;
