/**
 * Between bytes on the wire and what a protocol sees: text is sent as UTF-8,
 * and each connection decodes with its own streaming decoder, so a character
 * split across two segments arrives whole. Shared by the simulated and the
 * real-network reactor, so both hand protocols exactly the same values.
 */

const encoder = new TextEncoder();

/**
 * The bytes to send for `data`.
 * @throws TypeError when `data` is neither a string nor bytes, as Twisted does.
 */
export function encodeData(data: unknown): Uint8Array {
  if (typeof data === "string") return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  throw new TypeError(`Data must be a string or bytes, not ${describeType(data)}`);
}

/** What a protocol can ask for: UTF-8 text (the default) or raw bytes. */
export interface ReceivesBytes {
  /** Engine extension: true to get Uint8Array instead of text in dataReceived. */
  readonly receivesBytes?: boolean;
}

/** Turns arriving bytes into what one protocol receives, keeping partial characters for later. */
export class StreamDecoder {
  private readonly decoder = new TextDecoder("utf-8");

  constructor(private readonly protocol: ReceivesBytes) {}

  /** The value for dataReceived, or null when nothing complete has arrived yet. */
  decode(bytes: Uint8Array): string | Uint8Array | null {
    if (this.protocol.receivesBytes) return bytes.length ? bytes : null;
    const text = this.decoder.decode(bytes, { stream: true });
    return text ? text : null;
  }
}

/** "str", "number", "Foo": how an error message names a value's type. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

/** Joins byte arrays into one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
