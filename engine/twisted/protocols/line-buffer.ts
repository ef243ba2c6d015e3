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
      const current = this.current;
      let at: number;
      if (delimiter.length === 2) {
        // Searching for one character is cheaper to start than for two.
        const second = delimiter.charCodeAt(1);
        at = current.indexOf(delimiter[0]!, this.pos);
        while (at >= 0 && current.charCodeAt(at + 1) !== second) at = current.indexOf(delimiter[0]!, at + 1);
      } else {
        at = current.indexOf(delimiter, this.pos);
      }
      if (at < 0) return null;
      const line = this.current.slice(this.pos, at);
      this.pos = at + delimiter.length;
      return line;
    }
    if (delimiter.length === 2) {
      // The common case ("\r\n"), without building a string: a delimiter
      // straddling the older parts and this chunk, else one inside this chunk.
      const parts = this.parts;
      const last = parts[parts.length - 1]!;
      const current = this.current;
      if (last.charCodeAt(last.length - 1) === delimiter.charCodeAt(0) && current.charCodeAt(0) === delimiter.charCodeAt(1)) {
        const previous = parts.join("");
        this.pos = 1;
        this.parts = [];
        this.partsLength = 0;
        return previous.slice(0, previous.length - 1);
      }
      const at = current.indexOf(delimiter);
      if (at < 0) return null;
      const line = parts.join("") + current.slice(0, at);
      this.pos = at + 2;
      this.parts = [];
      this.partsLength = 0;
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
