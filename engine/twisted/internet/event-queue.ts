/**
 * Binary min-heaps of scheduled entries ordered by (time, seq): earlier time
 * first, and for equal times the one scheduled first. O(log n) push and pop.
 *
 * EventQueue holds plain entries (the reactor's I/O events); KeyedHeap
 * holds delayed calls with their keys in typed arrays.
 */

export interface Scheduled {
  /** Virtual time at which the entry is due. */
  time: number;
  /** Insertion order; breaks ties so same-time entries run first-in, first-out. */
  readonly seq: number;
}

export class EventQueue<T extends Scheduled> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** The entry that would be popped next, without removing it. */
  peek(): T | undefined {
    return this.heap[0];
  }

  push(entry: T): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = entry;
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let index = 0;
    const length = heap.length;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
    return top;
  }

  /** All entries, in no particular order. */
  entries(): readonly T[] {
    return this.heap;
  }

  clear(): void {
    this.heap.length = 0;
  }
}

/**
 * A heap of entries keyed by (time, seq) with the keys in typed arrays beside
 * the entries, so comparisons read contiguous numbers instead of chasing
 * object pointers, and nothing is written to the entries while they move.
 * It is 4-ary (each node has four children, side by side in memory), which
 * halves the levels a removal walks compared with a binary heap; with
 * 100,000 timers that is 9 levels instead of 17. Removing the top uses
 * Floyd's method: walk the hole down to a leaf, then sift the last entry up.
 *
 * Each entry also carries a tag (a delayed call's generation), so a caller
 * can recognise entries it has since replaced and skip them.
 */
export class KeyedHeap<T> {
  private items: (T | undefined)[] = [];
  private times = new Float64Array(256);
  private seqs = new Float64Array(256);
  private tags = new Float64Array(256);
  private length = 0;

  get size(): number {
    return this.length;
  }

  /** The first entry, or undefined when empty. */
  peekItem(): T | undefined {
    return this.items[0];
  }

  /** The first entry's time (only when not empty). */
  peekTime(): number {
    return this.times[0]!;
  }

  /** The first entry's seq (only when not empty). */
  peekSeq(): number {
    return this.seqs[0]!;
  }

  /** The tag the first entry was pushed with (only when not empty). */
  peekTag(): number {
    return this.tags[0]!;
  }

  /** Adds `item` under (time, seq) with `tag`. */
  push(item: T, time: number, seq: number, tag: number): void {
    if (this.length === this.times.length) this.grow();
    this.siftUp(item, time, seq, tag, this.length++);
  }

  /** Removes the first entry. */
  pop(): void {
    if (this.length === 0) return;
    const lastIndex = --this.length;
    const last = this.items[lastIndex]!;
    const time = this.times[lastIndex]!;
    const seq = this.seqs[lastIndex]!;
    const tag = this.tags[lastIndex]!;
    this.items[lastIndex] = undefined;
    if (lastIndex === 0) return;
    const { items, times, seqs, tags } = this;
    const length = this.length;
    let hole = 0;
    for (;;) {
      const first = hole * 4 + 1;
      if (first >= length) break;
      const child = this.smallestChild(first, length);
      items[hole] = items[child];
      times[hole] = times[child]!;
      seqs[hole] = seqs[child]!;
      tags[hole] = tags[child]!;
      hole = child;
    }
    this.siftUp(last, time, seq, tag, hole);
  }

  /** Every entry with its key and tag, in no particular order. */
  entries(): { item: T; time: number; seq: number; tag: number }[] {
    const out: { item: T; time: number; seq: number; tag: number }[] = [];
    for (let i = 0; i < this.length; i++) out.push({ item: this.items[i]!, time: this.times[i]!, seq: this.seqs[i]!, tag: this.tags[i]! });
    return out;
  }

  /** Keeps only the entries `keep` accepts, then restores the heap order (O(n)). */
  filter(keep: (item: T, tag: number) => boolean): void {
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const item = this.items[i]!;
      if (!keep(item, this.tags[i]!)) continue;
      this.items[kept] = item;
      this.times[kept] = this.times[i]!;
      this.seqs[kept] = this.seqs[i]!;
      this.tags[kept] = this.tags[i]!;
      kept++;
    }
    for (let i = kept; i < this.length; i++) this.items[i] = undefined;
    this.length = kept;
    for (let i = (kept - 2) >> 2; i >= 0; i--) this.siftDown(i);
  }

  clear(): void {
    this.items = [];
    this.length = 0;
  }

  /** The index of the earliest of the (up to four) children starting at `first`. */
  private smallestChild(first: number, length: number): number {
    const { times, seqs } = this;
    let best = first;
    let bestTime = times[first]!;
    const end = Math.min(first + 4, length);
    for (let i = first + 1; i < end; i++) {
      const t = times[i]!;
      if (t < bestTime || (t === bestTime && seqs[i]! < seqs[best]!)) {
        best = i;
        bestTime = t;
      }
    }
    return best;
  }

  private siftUp(item: T, time: number, seq: number, tag: number, index: number): void {
    const { items, times, seqs, tags } = this;
    while (index > 0) {
      const parent = (index - 1) >> 2;
      const pt = times[parent]!;
      if (!(time < pt || (time === pt && seq < seqs[parent]!))) break;
      items[index] = items[parent];
      times[index] = pt;
      seqs[index] = seqs[parent]!;
      tags[index] = tags[parent]!;
      index = parent;
    }
    items[index] = item;
    times[index] = time;
    seqs[index] = seq;
    tags[index] = tag;
  }

  private siftDown(index: number): void {
    const { items, times, seqs, tags } = this;
    const item = items[index];
    const time = times[index]!;
    const seq = seqs[index]!;
    const tag = tags[index]!;
    const length = this.length;
    for (;;) {
      const first = index * 4 + 1;
      if (first >= length) break;
      const child = this.smallestChild(first, length);
      const ct = times[child]!;
      if (!(ct < time || (ct === time && seqs[child]! < seq))) break;
      items[index] = items[child];
      times[index] = ct;
      seqs[index] = seqs[child]!;
      tags[index] = tags[child]!;
      index = child;
    }
    items[index] = item;
    times[index] = time;
    seqs[index] = seq;
    tags[index] = tag;
  }

  private grow(): void {
    const size = this.times.length * 2;
    for (const key of ["times", "seqs", "tags"] as const) {
      const bigger = new Float64Array(size);
      bigger.set(this[key]);
      this[key] = bigger;
    }
  }
}

/** True when `a` runs before `b`. */
export function before(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
