/**
 * Binary min-heaps of scheduled entries ordered by (time, seq): earlier time
 * first, and for equal times the one scheduled first. O(log n) push and pop.
 *
 * EventQueue holds plain entries (the reactor's I/O events). IndexedHeap
 * holds entries that remember their position, so a delayed call can be
 * moved or removed in O(log n) when it is reset or cancelled.
 */

export interface Scheduled {
  /** Virtual time at which the entry is due. */
  time: number;
  /** Insertion order; breaks ties so same-time entries run first-in, first-out. */
  readonly seq: number;
}

/** An entry of an IndexedHeap: it carries its own position, -1 when not in the heap. */
export interface HeapEntry extends Scheduled {
  heapIndex: number;
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

export class IndexedHeap<T extends HeapEntry> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** The entry that would be popped next, without removing it. */
  peek(): T | undefined {
    return this.heap[0];
  }

  /** Adds an entry that is not in the heap. */
  push(entry: T): void {
    const index = this.heap.length;
    this.heap.push(entry);
    this.siftUp(entry, index);
  }

  /** Removes and returns the first entry. */
  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    top.heapIndex = -1;
    if (last !== top) this.siftDown(last, 0);
    return top;
  }

  /** Removes `entry` wherever it is; does nothing if it is not in the heap. */
  remove(entry: T): void {
    const index = entry.heapIndex;
    const heap = this.heap;
    if (index < 0 || heap[index] !== entry) return;
    const last = heap.pop()!;
    entry.heapIndex = -1;
    if (last === entry) return;
    // The last entry fills the hole and moves whichever way keeps the order.
    if (index > 0 && before(last, heap[(index - 1) >> 1]!)) this.siftUp(last, index);
    else this.siftDown(last, index);
  }

  /** Restores the order after `entry`'s time changed. */
  update(entry: T): void {
    const index = entry.heapIndex;
    if (index < 0 || this.heap[index] !== entry) return;
    if (index > 0 && before(entry, this.heap[(index - 1) >> 1]!)) this.siftUp(entry, index);
    else this.siftDown(entry, index);
  }

  /** All entries, in no particular order. */
  entries(): readonly T[] {
    return this.heap;
  }

  clear(): void {
    for (const entry of this.heap) entry.heapIndex = -1;
    this.heap.length = 0;
  }

  private siftUp(entry: T, index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(entry, parent)) break;
      heap[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.heapIndex = index;
  }

  private siftDown(entry: T, index: number): void {
    const heap = this.heap;
    const length = heap.length;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(heap[right]!, heap[left]!) ? right : left;
      const childEntry = heap[child]!;
      if (!before(childEntry, entry)) break;
      heap[index] = childEntry;
      childEntry.heapIndex = index;
      index = child;
    }
    heap[index] = entry;
    entry.heapIndex = index;
  }
}

/** True when `a` runs before `b`. */
export function before(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
