/**
 * Private: the per-account flags of many subscriptions merged without a `Map` of string ids — the
 * large-input path of `classifySubscriptions`.
 *
 * A `Map<string, number>` over millions of distinct ids grows faster than linearly: every lookup
 * probes a table far larger than the CPU caches and compares against an id string scattered through
 * the heap, so each waits on memory (docs/benchmarks.md, "metrics"). This is a radix-partitioned hash
 * aggregation instead, whose every pass is sequential or touches a cache-sized table:
 *
 * 1. one pass over the records (validated, flags read as `subscriptionFlags` does) hashes each id that
 *    matters and keeps `hash | flags` per record in one `Int32Array`, counting the ids and characters
 *    of each of P partitions (the top bits of the hash);
 * 2. in rounds of consecutive partitions (bounded memory), the ids of a round's records are copied as
 *    bytes, partition by partition, into one arena;
 * 3. each partition's ids are merged in an open-addressing table the size of the CPU cache, comparing
 *    the stored hash and then every byte of the id, so equal ids — and only equal ids — merge.
 *
 * The counts are exactly those of the `Map` (equal strings ⇔ equal code units). Ids with a code unit
 * above 0xFF do not fit a byte: the caller then takes the `Map` path.
 *
 * @module
 */
import type { SubscriptionSpan } from './subscriptionSpan.js';

/** Entries per partition aimed at: its arena and table stay within the CPU's second-level cache. */
const PARTITION_ENTRIES = 8192;
/** Entries per round at most (unless one partition holds more): bounds the memory of a round. */
const ROUND_ENTRIES = 524_288;
/** The most partition bits (P ≤ 4,096). */
const MAX_BITS = 12;

/** What the first pass found: the per-record `hash | flags`, and the partitions' sizes. */
export interface HashedRecords {
  /** Per record: the id's hash with its low three bits replaced by the flags; 0 flags = the record is left out. */
  readonly packed: Int32Array;
  /** Partition bits: a record's partition is `packed[i] >>> (32 - bits)` (0 when bits = 0). */
  readonly bits: number;
  /** Entries (records that matter) per partition. */
  readonly entries: Int32Array;
  /** Id characters per partition. */
  readonly chars: Float64Array;
}

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
 * Merges the flags of the records that matter per distinct id and counts the accounts by their merged
 * flags (bit 1 active at the start, bit 2 at the end, bit 4 started inside), as `countFlags` does.
 * `subscriptions` must be the records `hashed` was made from (already validated); `roundEntries`
 * (tests set it low) bounds the entries of a round.
 */
export function countPartitioned(
  subscriptions: readonly SubscriptionSpan[],
  hashed: HashedRecords,
  roundEntries = ROUND_ENTRIES,
): { atStart: number; lost: number; acquired: number; lostAcquired: number } {
  const { packed, bits, entries, chars } = hashed;
  const n = packed.length;
  const parts = entries.length;
  const shift = 32 - bits;
  // Rounds: consecutive partitions holding at most ROUND_ENTRIES entries (or one larger partition).
  let maxRound = 0;
  let maxRoundChars = 0;
  let maxPart = 0;
  const roundEnds: number[] = [];
  for (let p = 0, e = 0, c = 0; p < parts; p++) {
    const pe = entries[p]!;
    if (pe > maxPart) maxPart = pe;
    if (e > 0 && e + pe > roundEntries) {
      roundEnds.push(p);
      e = 0;
      c = 0;
    }
    e += pe;
    c += chars[p]!;
    if (e > maxRound) maxRound = e;
    if (c > maxRoundChars) maxRoundChars = c;
  }
  roundEnds.push(parts);
  let size = 16;
  while (size < 2 * maxPart) size *= 2;
  const arena = new Uint8Array(maxRoundChars);
  const start = new Int32Array(maxRound + 1);
  const keys = new Int32Array(maxRound);
  const slots = new Int32Array(size);
  const slotFlags = new Uint8Array(size);
  const entryAt = new Int32Array(parts + 1);
  const charAt = new Float64Array(parts + 1);
  let atStart = 0;
  let lost = 0;
  let acquired = 0;
  let lostAcquired = 0;
  let p0 = 0;
  for (const p1 of roundEnds) {
    // Where each partition of the round starts, in entries and in arena bytes.
    entryAt[p0] = 0;
    charAt[p0] = 0;
    for (let p = p0; p < p1; p++) {
      entryAt[p + 1] = entryAt[p]! + entries[p]!;
      charAt[p + 1] = charAt[p]! + chars[p]!;
    }
    const roundEntries = entryAt[p1]!;
    start[roundEntries] = charAt[p1]!;
    // Copy the round's ids into the arena, partition by partition (records in their order).
    for (let i = 0; i < n; i++) {
      const v = packed[i]!;
      if ((v & 7) === 0) continue;
      const p = bits === 0 ? 0 : v >>> shift;
      if (p < p0 || p >= p1) continue;
      const d = entryAt[p]!++;
      keys[d] = v;
      let c = charAt[p]!;
      start[d] = c;
      const id = subscriptions[i]!.accountId;
      for (let j = 0; j < id.length; j++) arena[c++] = id.charCodeAt(j);
      charAt[p] = c;
    }
    // entryAt[p] now holds the end of partition p; its start is the end of p − 1 (0 for p0).
    for (let p = p0; p < p1; p++) {
      const e0 = p === p0 ? 0 : entryAt[p - 1]!;
      const e1 = entryAt[p]!;
      if (e1 === e0) continue;
      let m = 16;
      while (m < 2 * (e1 - e0)) m *= 2;
      const mask = m - 1;
      slots.fill(0, 0, m);
      for (let e = e0; e < e1; e++) {
        const v = keys[e]!;
        let s = (v >>> 3) & mask;
        for (;;) {
          const o = slots[s]!;
          if (o === 0) {
            slots[s] = e + 1;
            slotFlags[s] = v & 7;
            break;
          }
          if (((keys[o - 1]! ^ v) & -8) === 0 && sameBytes(arena, start, o - 1, e)) {
            slotFlags[s]! |= v & 7;
            break;
          }
          s = (s + 1) & mask;
        }
      }
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
    }
    p0 = p1;
  }
  return { atStart, lost, acquired, lostAcquired };
}

/** Whether entries `a` and `b` of the arena hold the same bytes (same length, same units). */
function sameBytes(arena: Uint8Array, start: Int32Array, a: number, b: number): boolean {
  const a0 = start[a]!;
  const b0 = start[b]!;
  const len = start[a + 1]! - a0;
  if (start[b + 1]! - b0 !== len) return false;
  for (let j = 0; j < len; j++) if (arena[a0 + j] !== arena[b0 + j]) return false;
  return true;
}
