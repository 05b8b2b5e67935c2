/**
 * An open-addressing hash table from up to three doubles to a dense slot number (0, 1, 2, … in order of
 * first insertion), in typed arrays: the grouping of the fits and the caches of the batch predictions.
 * No objects and no strings per key, so a million keys cost a few typed arrays.
 *
 * @module
 */

/** Table of keys (a, b, c) → slot, growing by doubling; `-0` and `0` are one key. */
export class KeyTable {
  /** Keys by slot. */
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  /** Number of slots in use. */
  size = 0;
  private index: Int32Array; // slot + 1 per bucket, 0 = empty
  private mask: number;
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  /** Most slots the table will hold; {@link KeyTable.slotOf} answers -1 past it (a bounded cache). */
  private readonly limit: number;

  constructor(expected = 1024, limit = Number.POSITIVE_INFINITY) {
    let cap = 16;
    while (cap < expected * 2 && cap < 1 << 30) cap *= 2;
    this.index = new Int32Array(cap);
    this.mask = cap - 1;
    const n = Math.max(8, Math.min(expected, limit));
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    this.c = new Float64Array(n);
    this.limit = limit;
  }

  private hash(a: number, b: number, c: number): number {
    const f = this.f64,
      u = this.u32;
    let h = 0x9e3779b9;
    f[0] = a;
    h = Math.imul(h ^ u[0]!, 0x85ebca6b);
    h = Math.imul(h ^ u[1]!, 0xc2b2ae35);
    f[0] = b;
    h = Math.imul((h ^ (h >>> 13) ^ u[0]!) | 0, 0x85ebca6b);
    h = Math.imul(h ^ u[1]!, 0xc2b2ae35);
    f[0] = c;
    h = Math.imul((h ^ (h >>> 13) ^ u[0]!) | 0, 0x85ebca6b);
    h = Math.imul(h ^ u[1]!, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /**
   * The slot of (a, b, c), inserting it when new; `inserted` tells which. Returns -1 when the key is new
   * and the table already holds `limit` keys.
   */
  slotOf(a: number, b: number, c: number): number {
    // +0 turns −0 into 0, so both hash alike (they compare equal).
    a += 0;
    b += 0;
    c += 0;
    const index = this.index;
    let i = this.hash(a, b, c) & this.mask;
    while (true) {
      const s = index[i]!;
      if (s === 0) break;
      const k = s - 1;
      if (this.a[k] === a && this.b[k] === b && this.c[k] === c) {
        this.inserted = false;
        return k;
      }
      i = (i + 1) & this.mask;
    }
    if (this.size >= this.limit) {
      this.inserted = false;
      return -1;
    }
    const k = this.size++;
    if (k >= this.a.length) this.growKeys();
    this.a[k] = a;
    this.b[k] = b;
    this.c[k] = c;
    index[i] = k + 1;
    this.inserted = true;
    if (this.size * 2 > index.length) this.rehash();
    return k;
  }

  /**
   * Adds (a, b, c) as a new slot without looking it up or indexing it (for callers that stopped grouping
   * because nearly every key is new); the table must not be used for lookups afterwards.
   */
  append(a: number, b: number, c: number): number {
    const k = this.size++;
    if (k >= this.a.length) this.growKeys();
    this.a[k] = a + 0;
    this.b[k] = b + 0;
    this.c[k] = c + 0;
    return k;
  }

  /** Drops the index (after which only {@link KeyTable.append} may be used), freeing its memory. */
  stopIndexing(): void {
    this.index = new Int32Array(0);
    this.mask = 0;
  }

  /** Whether the last {@link KeyTable.slotOf} inserted its key. */
  inserted = false;

  private growKeys(): void {
    const n = Math.max(this.a.length + 1, Math.min(this.a.length * 2, this.limit));
    const grow = (v: Float64Array): Float64Array => {
      const out = new Float64Array(n);
      out.set(v);
      return out;
    };
    this.a = grow(this.a);
    this.b = grow(this.b);
    this.c = grow(this.c);
  }

  private rehash(): void {
    const cap = this.index.length * 2;
    const index = new Int32Array(cap);
    const mask = cap - 1;
    for (let k = 0; k < this.size; k++) {
      let i = this.hash(this.a[k]!, this.b[k]!, this.c[k]!) & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = k + 1;
    }
    this.index = index;
    this.mask = mask;
  }
}
