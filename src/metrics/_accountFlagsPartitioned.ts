/**
 * Private: the per-account flags of many subscriptions merged without a `Map` of string ids — the
 * large-input path of `classifySubscriptions`.
 *
 * A `Map<string, number>` over millions of distinct ids grows faster than linearly: every lookup
 * probes a table far larger than the CPU caches and compares against an id string scattered through
 * the heap, so each waits on memory (docs/benchmarks.md, "metrics"). This is a radix-partitioned hash
 * aggregation instead:
 *
 * 1. one sequential pass over the records (validated, flags read as `subscriptionFlags` does) hashes
 *    each id that matters and counts the ids of each of P partitions (`partitionOf` the hash);
 * 2. a second sequential pass reads the records again and writes, partition by partition, each id's
 *    `hash | flags` into one `Int32Array` and the id string itself into one plain array;
 * 3. each partition is merged in an open-addressing table the size of the CPU's second-level cache:
 *    first by the stored hashes alone, then every merge of two records is checked by comparing their
 *    id strings (`===`), in one loop whose string reads are independent of each other; where a check
 *    fails (two different ids with the same 32-bit hash), that group alone is counted again, id by id.
 *    Equal ids — and only equal ids — merge.
 *
 * No state is kept per record, and nothing is copied out of the records but the ids that matter: the
 * call holds 4 bytes per id that matters outside the JavaScript heap and one pointer per id inside it.
 * Memory outside the heap (typed arrays) is what V8 answers with full collections of the whole heap
 * once it grows by 64 MB between collections, whatever the heap's size; memory inside it is collected
 * at a rate proportional to the heap (docs/benchmarks.md, "churn").
 *
 * The counts are exactly those of the `Map` (equal strings ⇔ equal code units). Ids with a code unit
 * above 0xFF are left to the caller's `Map` path (the hash reads code units as bytes).
 *
 * @module
 */
import type { SubscriptionSpan } from './subscriptionSpan.js';

/** Entries per partition aimed at: its keys and table stay within the CPU's second-level cache. */
const PARTITION_ENTRIES = 16384;
/** The most partition bits (P ≤ 4,096). */
const MAX_BITS = 12;

/** The partition bits for `n` records: partitions of about {@link PARTITION_ENTRIES} records. */
export function partitionBits(n: number): number {
  let bits = 0;
  while (bits < MAX_BITS && n >>> bits > PARTITION_ENTRIES) bits++;
  return bits;
}

/**
 * The hash of an id's code units (32-bit multiply–xorshift per unit, then the murmur3 finaliser), and
 * whether every unit fits a byte: returns the hash, or `null` when a unit exceeds 0xFF.
 */
export function hashId(id: string): number | null {
  let h = 0x9747b28c ^ id.length;
  let wide = 0;
  for (let j = 0; j < id.length; j++) {
    const c = id.charCodeAt(j);
    wide |= c;
    h = Math.imul(h ^ c, 0x5bd1e995);
    h ^= h >>> 15;
  }
  if (wide > 0xff) return null;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The partition of hash `h` for `bits` partition bits (`shift` = 32 − bits, bits ≥ 1): the top bits of
 * `h` times 2³²/φ (Fibonacci hashing), not the top bits of `h` itself. The entries keep bits 3–31 of
 * `h`; were the partition those top bits, the ids of a partition would tell each other apart by the
 * remaining 29 − bits only (17 at 10⁷ records). Through the multiply, two hashes that differ only in
 * bits 0–2 land in different partitions once there are 4 bits or more (from 131,073 records), so two
 * ids of a partition share their stored hash only when their whole 32-bit hashes are equal.
 */
export function partitionOf(h: number, shift: number): number {
  return Math.imul(h, 0x9e3779b1) >>> shift;
}

/** The records that matter, grouped by partition: partition p holds entries `end[p]` to `end[p + 1]`. */
export interface PartitionedIds {
  /** Per entry: the id's hash with its low three bits replaced by the flags (never 0 flags). */
  readonly keys: Int32Array;
  /** Per entry: the id. */
  readonly ids: readonly string[];
  /** Partition boundaries (P + 1 values). */
  readonly end: Int32Array;
}

/**
 * The second pass: writes the records that matter into their partitions, in record order within each.
 * `end` holds the partition boundaries counted by the first pass (`partitionOf` the hash of
 * `hashId`). A record is read as in the first pass (the flags by integer comparisons of `getTime()`).
 * Should a record read differently than in the first pass (a getter), its entry is dropped rather than
 * written past its partition.
 */
export function scatterIds(
  subscriptions: readonly SubscriptionSpan[],
  from: number,
  to: number,
  bits: number,
  end: Int32Array,
): PartitionedIds {
  const parts = end.length - 1;
  const keys = new Int32Array(end[parts]!);
  const ids = new Array<string>(end[parts]!);
  const pos = end.slice(0, parts);
  const shift = 32 - bits;
  const n = subscriptions.length;
  for (let i = 0; i < n; i++) {
    const s = subscriptions[i]!;
    const a = s.startedAt.getTime();
    const ended = s.endedAt;
    const b = ended === null ? Infinity : ended.getTime();
    let f = 0;
    if (a <= from && from < b) f |= 1;
    if (a <= to && to < b) f |= 2;
    if (a >= from && a < to) f |= 4;
    if (f === 0) continue;
    const id = s.accountId;
    const h = hashId(id);
    if (h === null) continue;
    const p = bits === 0 ? 0 : partitionOf(h, shift);
    const d = pos[p]!;
    if (d >= end[p + 1]!) continue;
    pos[p] = d + 1;
    keys[d] = (h & -8) | f;
    ids[d] = id;
  }
  return { keys, ids, end };
}

/**
 * Merges the flags of the entries per distinct id and counts the accounts by their merged flags (bit 1
 * active at the start, bit 2 at the end, bit 4 started inside), as `countFlags` does.
 */
export function countPartitioned(part: PartitionedIds): {
  atStart: number;
  lost: number;
  acquired: number;
  lostAcquired: number;
} {
  const { keys, ids, end } = part;
  const parts = end.length - 1;
  let maxPart = 0;
  for (let p = 0; p < parts; p++) maxPart = Math.max(maxPart, end[p + 1]! - end[p]!);
  let size = 16;
  while (size < 2 * maxPart) size *= 2;
  const slots = new Int32Array(size);
  const slotFlags = new Uint8Array(size);
  const link = new Int32Array(maxPart);
  const counts = new Float64Array(4);
  for (let p = 0; p < parts; p++) {
    const e0 = end[p]!;
    const e1 = end[p + 1]!;
    if (e1 === e0) continue;
    let m = 16;
    while (m < 2 * (e1 - e0)) m *= 2;
    slots.fill(0, 0, m);
    mergeByHash(keys, e0, e1, slots, slotFlags, m - 1, link);
    tally(slots, slotFlags, m, counts);
    const wrong = wrongLinks(ids, e0, e1, link);
    if (wrong !== null) splitCollisions(keys, ids, e0, e1, link, wrong, counts);
  }
  return { atStart: counts[0]!, lost: counts[1]!, acquired: counts[2]!, lostAcquired: counts[3]! };
}

/**
 * Merges entries e0..e1 by their hashes alone: an entry whose stored hash equals an earlier one's joins
 * that one's slot, and `link[e − e0]` records the earlier entry (−1 for the first of its hash).
 */
function mergeByHash(
  keys: Int32Array,
  e0: number,
  e1: number,
  slots: Int32Array,
  slotFlags: Uint8Array,
  mask: number,
  link: Int32Array,
): void {
  for (let e = e0; e < e1; e++) {
    const v = keys[e]!;
    let s = (v >>> 3) & mask;
    for (;;) {
      const o = slots[s]!;
      if (o === 0) {
        slots[s] = e + 1;
        slotFlags[s] = v & 7;
        link[e - e0] = -1;
        break;
      }
      if (((keys[o - 1]! ^ v) & -8) === 0) {
        slotFlags[s]! |= v & 7;
        link[e - e0] = o - 1;
        break;
      }
      s = (s + 1) & mask;
    }
  }
}

/**
 * The entries that other entries of e0..e1 joined by hash although their ids differ (two ids with the
 * same stored hash), or `null` when every join holds — the common case: one loop whose string reads
 * are independent of each other, so they overlap.
 */
function wrongLinks(ids: readonly string[], e0: number, e1: number, link: Int32Array): Set<number> | null {
  let wrong: Set<number> | null = null;
  for (let e = e0; e < e1; e++) {
    const o = link[e - e0]!;
    if (o >= 0 && ids[o] !== ids[e]) (wrong ??= new Set()).add(o);
  }
  return wrong;
}

/**
 * Corrects `counts` for the groups that merged different ids by hash: each group (entry `a` of
 * `wrong` and the entries that joined it) was counted as one account with its flags merged; it is
 * taken out and each of its distinct ids counted with its own merged flags. One pass over the
 * partition's links finds their entries; only those are read again (at 10⁷ records about one
 * partition in four has such a group, from ids whose 32-bit hashes are equal: the birthday bound).
 */
function splitCollisions(
  keys: Int32Array,
  ids: readonly string[],
  e0: number,
  e1: number,
  link: Int32Array,
  wrong: ReadonlySet<number>,
  counts: Float64Array,
): void {
  // Per group (by its first entry): the merged flags it was counted with, and the flags of each id.
  const merged = new Map<number, number>();
  const byId = new Map<number, Map<string, number>>();
  for (const a of wrong) {
    merged.set(a, keys[a]! & 7);
    byId.set(a, new Map([[ids[a]!, keys[a]! & 7]]));
  }
  // One pass over the partition, whatever the number of groups.
  for (let e = e0; e < e1; e++) {
    const a = link[e - e0]!;
    if (a < 0 || !wrong.has(a)) continue;
    const f = keys[e]! & 7;
    merged.set(a, merged.get(a)! | f);
    const ofGroup = byId.get(a)!;
    ofGroup.set(ids[e]!, (ofGroup.get(ids[e]!) ?? 0) | f);
  }
  for (const a of wrong) {
    count(merged.get(a)!, -1, counts);
    for (const f of byId.get(a)!.values()) count(f, 1, counts);
  }
}

/** Adds `sign` × one account with merged flags `f` to `counts` (S, lost of S, N, lost of N). */
function count(f: number, sign: number, counts: Float64Array): void {
  if (f & 1) {
    counts[0]! += sign;
    if (!(f & 2)) counts[1]! += sign;
  } else if (f & 4) {
    counts[2]! += sign;
    if (!(f & 2)) counts[3]! += sign;
  }
}

/** Adds the accounts of a merged table to `counts` (S, lost of S, N, lost of N). */
function tally(slots: Int32Array, slotFlags: Uint8Array, m: number, counts: Float64Array): void {
  let atStart = 0;
  let lost = 0;
  let acquired = 0;
  let lostAcquired = 0;
  for (let s = 0; s < m; s++) {
    if (slots[s] === 0) continue;
    const f = slotFlags[s]!;
    if (f & 1) {
      atStart++;
      if (!(f & 2)) lost++;
    } else if (f & 4) {
      acquired++;
      if (!(f & 2)) lostAcquired++;
    }
  }
  counts[0]! += atStart;
  counts[1]! += lost;
  counts[2]! += acquired;
  counts[3]! += lostAcquired;
}
