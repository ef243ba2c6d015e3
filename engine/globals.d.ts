// The engine runs in a Web Worker and in Node. Both provide these globals; the
// engine's tsconfig has no DOM lib, so only what it really uses is declared.

interface TextDecodeOptions { stream?: boolean }
interface TextDecoder {
  decode(input?: Uint8Array, options?: TextDecodeOptions): string;
}
declare var TextDecoder: {
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};
interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { new (): TextEncoder };

interface Console {
  log(...data: unknown[]): void;
  error(...data: unknown[]): void;
  warn(...data: unknown[]): void;
}
declare var console: Console;

/** Base64 of a string of byte-sized characters, and back (both Workers and Node have them). */
declare function btoa(data: string): string;
declare function atob(data: string): string;
