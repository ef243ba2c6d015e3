/**
 * The body of a twisted.web.http.Request, `request.content`: the bytes as they
 * arrive, read back the way Twisted's file-like content is (read, seek, tell,
 * getvalue).
 */
import { toBytes } from "./http-common";

const decoder = new TextDecoder("utf-8");

/**
 * The request body, as a file Twisted would give (`request.content`): read()
 * returns the rest as text (decoded as UTF-8), readBytes() as bytes.
 */
export class RequestContent {
  private chunks: Uint8Array[] = [];
  private joined: Uint8Array | null = new Uint8Array(0);
  private size = 0;
  private position = 0;

  /** Appends bytes (the channel does this as the body arrives); the position moves to the end. */
  write(data: string | Uint8Array): void {
    const more = toBytes(data);
    this.chunks.push(more);
    this.joined = null;
    this.size += more.length;
    this.position = this.size;
  }

  /** All the bytes, joined once however many pieces they came in. */
  private get bytes(): Uint8Array {
    if (!this.joined) {
      const all = new Uint8Array(this.size);
      let at = 0;
      for (const chunk of this.chunks) {
        all.set(chunk, at);
        at += chunk.length;
      }
      this.chunks = [all];
      this.joined = all;
    }
    return this.joined;
  }

  /** The rest of the body as text (all of it unless `size` is given), from the current position. */
  read(size = -1): string {
    return decoder.decode(this.readBytes(size));
  }

  /** The rest of the body as bytes. */
  readBytes(size = -1): Uint8Array {
    const end = size < 0 ? this.bytes.length : Math.min(this.bytes.length, this.position + size);
    const out = this.bytes.slice(this.position, end);
    this.position = end;
    return out;
  }

  /** Moves the position: `whence` 0 from the start, 1 from here, 2 from the end. */
  seek(offset: number, whence = 0): number {
    const base = whence === 0 ? 0 : whence === 1 ? this.position : this.bytes.length;
    this.position = Math.max(0, Math.min(this.bytes.length, base + offset));
    return this.position;
  }

  /** The current position, in bytes. */
  tell(): number {
    return this.position;
  }

  /** The whole body as text, wherever the position is. */
  getvalue(): string {
    return decoder.decode(this.bytes);
  }

  close(): void {}
}
