/**
 * Text waiting for a delimiter. Each character is searched once and copied a
 * bounded number of times, so splitting is linear in the input even when it
 * arrives one character at a time and lines are long.
 */
export class LineBuffer {
  /** Earlier text with no delimiter in it, oldest first. */
  private parts: string[] = [];
  private partsLength = 0;
  /** The chunk being consumed, from `pos` on. */
  private current = "";
  private pos = 0;

  /** Characters waiting, consumed or not yet split. */
  get length(): number {
    return this.partsLength + this.current.length - this.pos;
  }

  append(data: string): void {
    if (this.pos < this.current.length) {
      this.parts.push(this.pos ? this.current.slice(this.pos) : this.current);
      this.partsLength += this.current.length - this.pos;
    }
    this.current = data;
    this.pos = 0;
  }

  /** Removes and returns the next complete line (without its delimiter), or null if none is complete. */
  nextLine(delimiter: string): string | null {
    if (this.partsLength === 0) {
      const at = this.current.indexOf(delimiter, this.pos);
      if (at < 0) return null;
      const line = this.current.slice(this.pos, at);
      this.pos = at + delimiter.length;
      return line;
    }
    // Older parts hold no delimiter, but one may straddle them and the current chunk.
    const carry = this.lastCharacters(delimiter.length - 1);
    const at = (carry + this.current).indexOf(delimiter);
    if (at < 0) return null;
    const previous = this.parts.join("");
    const line = previous.slice(0, previous.length - carry.length + Math.min(at, carry.length)) +
      this.current.slice(0, Math.max(0, at - carry.length));
    this.pos = at - carry.length + delimiter.length;
    this.parts = [];
    this.partsLength = 0;
    return line;
  }

  private lastCharacters(count: number): string {
    let carry = "";
    for (let i = this.parts.length - 1; i >= 0 && carry.length < count; i--) carry = this.parts[i] + carry;
    return carry.slice(carry.length - Math.min(count, carry.length));
  }

  /** Removes and returns everything waiting. */
  takeAll(): string {
    const all = this.parts.join("") + this.current.slice(this.pos);
    this.clear();
    return all;
  }

  clear(): void {
    this.parts = [];
    this.partsLength = 0;
    this.current = "";
    this.pos = 0;
  }
}
