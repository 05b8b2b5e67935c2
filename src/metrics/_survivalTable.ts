/**
 * Private: survival samples checked and tabulated — per distinct duration, the events and censorings —
 * and the per-duration counts the survival accumulators keep.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';
import { issue } from './_checks.js';
import type { EventIndicator } from './survivalSample.js';

/** The issue of durations and events that are not a valid sample, or null. */
export function checkSample(
  durations: readonly number[],
  events: readonly EventIndicator[],
  prefix: (string | number)[],
): CrmIssue | null {
  if (!Array.isArray(durations)) return issue([...prefix, 'durations'], 'must be an array of numbers', 'invalid_type');
  if (!Array.isArray(events))
    return issue([...prefix, 'events'], 'must be an array of booleans or 0/1', 'invalid_type');
  if (durations.length !== events.length)
    return issue(
      [...prefix, 'events'],
      `must have one entry per duration (${durations.length}); received ${events.length}`,
      'length_mismatch',
    );
  for (let i = 0; i < durations.length; i++) {
    const d = durations[i];
    if (typeof d !== 'number' || !Number.isFinite(d) || d < 0)
      return issue([...prefix, 'durations', i], `must be a finite number ≥ 0; received ${quoteValue(d)}`);
    const e = events[i];
    if (e !== true && e !== false && e !== 0 && e !== 1)
      return issue([...prefix, 'events', i], `must be true/false or 1/0; received ${quoteValue(e)}`, 'invalid_type');
  }
  return null;
}

/** @internal Checks one accumulator observation; the issue's path is relative to it. */
export function observationIssue(item: { readonly duration: unknown; readonly event: unknown }): CrmIssue | null {
  const bad = checkSample([item.duration as number], [item.event as EventIndicator], []);
  return bad === null ? null : { ...bad, path: [bad.path[0] === 'durations' ? 'duration' : 'event'] };
}

/** Per distinct duration, ascending: the events and the censored subjects. */
export interface TimeCounts {
  readonly times: ArrayLike<number>;
  readonly events: ArrayLike<number>;
  readonly censored: ArrayLike<number>;
}

/** True for an array or a typed array (not a DataView). */
function isList(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/**
 * The groups of a sample: per distinct duration, ascending, the events and the censored subjects —
 * walked with a cursor that fills caller-owned batches (so the consumer's loop runs over typed arrays,
 * with no call per group), without building a table.
 */
export interface SurvivalGroups {
  /** Distinct durations with at least one event (the rows of a Kaplan–Meier table). */
  readonly eventTimes: number;
  /** The largest duration (`-Infinity` for an empty sample). */
  readonly maxTime: number;
  /** A fresh cursor before the first group. */
  cursor(): GroupCursor;
}

/** A walk over the groups. */
export interface GroupCursor {
  /** Writes the next groups into the arrays (at most their length); returns how many, 0 at the end. */
  fill(time: Float64Array, events: Int32Array, censored: Int32Array): number;
}

/** The batch size consumers of a cursor use. */
export const GROUP_BATCH = 4096;

/**
 * Integer durations below this bound (and below 8n + 65,536 for n subjects) are tabulated by counting
 * — O(n + max duration), no sort — which covers tenures in whole days or months. Others are sorted.
 */
const COUNTING_LIMIT = 4_194_304; // 2^22, a literal so that bundlers can drop it

/**
 * Checks a sample and groups it by duration, in one pass over the input for integer durations (counted
 * per duration while checked) and two for others (checked; then split by event into two
 * `Float64Array`s, each sorted by {@link sortDurations} — no comparator, no index array — and walked as
 * one, ties grouped as they meet). The groups are the same, bit for bit, as a stable sort of the indices
 * by duration gives: a group's time is its first duration in input order (which matters only for −0 and
 * +0).
 */
export function groupSample(
  durations: unknown,
  events: unknown,
  prefix: (string | number)[],
): SurvivalGroups | CrmIssue {
  if (!isList(durations))
    return issue([...prefix, 'durations'], 'must be an array (or typed array) of numbers', 'invalid_type');
  if (!isList(events))
    return issue([...prefix, 'events'], 'must be an array (or typed array) of booleans or 0/1', 'invalid_type');
  const n = durations.length;
  if (n !== events.length)
    return issue(
      [...prefix, 'events'],
      `must have one entry per duration (${n}); received ${events.length}`,
      'length_mismatch',
    );
  const limit = Math.min(COUNTING_LIMIT, 8 * n + 65_536);
  // Phase 1, while every duration is a whole number below the limit: check and count in one pass,
  // censored and events of duration t at counts[2t] and counts[2t + 1] (grown by doubling).
  let counts = new Int32Array(2 * Math.min(limit, 1024));
  let i = 0;
  for (; i < n; i++) {
    const d = durations[i] as number;
    const e = events[i];
    // An int32 number (`(d | 0) === d`, after `typeof`: `|` would convert a symbol, a bigint or an
    // object and may throw) that is ≥ 0 is a valid duration as it is.
    if (typeof d !== 'number' || (d | 0) !== d || d < 0) break;
    const k = e === 1 || e === true ? 1 : e === 0 || e === false ? 0 : -1;
    if (k < 0) return eventIssue(e, prefix, i);
    if (2 * d >= counts.length) {
      if (d >= limit) break;
      const grown = new Int32Array(Math.min(2 * limit, Math.max(2 * counts.length, 2 * d + 2)));
      grown.set(counts);
      counts = grown;
    }
    counts[2 * d + k]!++;
  }
  // The sign of the first zero in input order times a group of zeros (−0 or +0).
  let zero = 0;
  let zeroFound = false;
  if (i === n) {
    if (counts[0]! + counts[1]! > 0) zero = firstZero(durations, n);
    let max = (counts.length >> 1) - 1;
    while (max >= 0 && counts[2 * max]! + counts[2 * max + 1]! === 0) max--;
    return countedGroups(counts, max, zero);
  }
  // Phase 2, from the first duration that cannot be counted: check the rest while splitting every
  // duration by event into one buffer — events from the front, censored from the back — whose two
  // parts are then sorted (`sortDurations`).
  const buffer = new Float64Array(n);
  let front = 0;
  let back = n;
  const z = firstZero(durations, i);
  if (z === 0) {
    zero = z;
    zeroFound = true;
  }
  for (let k = 0; k < i; k++) {
    const e = events[k];
    if (e === 1 || e === true) buffer[front++] = durations[k] as number;
    else buffer[--back] = durations[k] as number;
  }
  for (; i < n; i++) {
    const d = durations[i];
    // `d >= 0` is false for NaN; the Infinity test leaves the finite non-negative numbers.
    if (typeof d !== 'number' || !(d >= 0) || d === Infinity)
      return issue([...prefix, 'durations', i], `must be a finite number ≥ 0; received ${quoteValue(d)}`);
    const e = events[i];
    if (e === 1 || e === true) buffer[front++] = d;
    else if (e === 0 || e === false) buffer[--back] = d;
    else return eventIssue(e, prefix, i);
    if (d === 0 && !zeroFound) {
      zero = d;
      zeroFound = true;
    }
  }
  const scratch = new Float64Array(n >= RADIX_FROM ? n : 0);
  const evT = sortDurations(buffer.subarray(0, front), scratch.subarray(0, front));
  const ceT = sortDurations(buffer.subarray(front), scratch.subarray(front));
  return sortedGroups(evT, ceT, zero);
}

/** The length from which durations are radix-sorted (below, the native sort is as fast). */
const RADIX_FROM = 4096;
const DIGIT = 11;
/** 2^DIGIT (a literal, so that a bundle importing nothing keeps nothing). */
const BUCKETS = 2048;

/**
 * Sorts finite durations ≥ 0 ascending, `keys` itself or into `scratch` (as long, or empty below
 * {@link RADIX_FROM}); returns the sorted array. −0 becomes +0 (the walk groups them by `===` and takes
 * the sign of a zero group from the input). From {@link RADIX_FROM} durations: a least-significant-digit
 * radix sort of the binary64 bits, which order non-negative doubles as unsigned integers, six passes of
 * 11 bits (a pass whose digit every key shares is skipped) — linear in n, where the native sort is
 * n log n (at 6,000,000 doubles it took 1.7× the radix sort's time on this project's machine).
 */
function sortDurations(keys: Float64Array, scratch: Float64Array): Float64Array {
  const n = keys.length;
  if (n < RADIX_FROM || scratch.length !== n) return keys.sort();
  // The 32-bit halves of each double: the low word first on a little-endian machine.
  const L = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 0 : 1;
  const uk = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  const hist = new Int32Array(6 * BUCKETS);
  for (let i = 0; i < n; i++) {
    let lo = uk[2 * i + L]!;
    let hi = uk[2 * i + 1 - L]!;
    if (hi >= 0x80000000) {
      // −0, the one checked duration with its sign bit set.
      keys[i] = 0;
      lo = 0;
      hi = 0;
    }
    hist[lo & 0x7ff]!++;
    hist[BUCKETS + ((lo >>> 11) & 0x7ff)]!++;
    hist[2 * BUCKETS + (lo >>> 22)]!++;
    hist[3 * BUCKETS + (hi & 0x7ff)]!++;
    hist[4 * BUCKETS + ((hi >>> 11) & 0x7ff)]!++;
    hist[5 * BUCKETS + (hi >>> 22)]!++;
  }
  let src = keys;
  let dst = scratch;
  let us = uk;
  let ud = new Uint32Array(scratch.buffer, scratch.byteOffset, 2 * n);
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * BUCKETS;
    const word = pass < 3 ? L : 1 - L;
    const shift = (pass % 3) * DIGIT;
    let shared = false;
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = hist[base + d]!;
      if (c === n) shared = true;
      hist[base + d] = sum;
      sum += c;
    }
    if (shared) continue;
    for (let i = 0; i < n; i++) {
      const d = base + ((us[2 * i + word]! >>> shift) & 0x7ff);
      const at = hist[d]!;
      hist[d] = at + 1;
      dst[at] = src[i]!;
    }
    const t = src;
    src = dst;
    dst = t;
    const tu = us;
    us = ud;
    ud = tu;
  }
  return src;
}

/** The first zero among the first `end` durations (−0 or +0, as it is), or NaN when there is none. */
function firstZero(durations: ArrayLike<unknown>, end: number): number {
  for (let k = 0; k < end; k++) if (durations[k] === 0) return durations[k] as number;
  return Number.NaN;
}

function eventIssue(e: unknown, prefix: (string | number)[], i: number): CrmIssue {
  return issue([...prefix, 'events', i], `must be true/false or 1/0; received ${quoteValue(e)}`, 'invalid_type');
}

function countedGroups(counts: Int32Array, max: number, zero: number): SurvivalGroups {
  let eventTimes = 0;
  for (let t = 0; t <= max; t++) if (counts[2 * t + 1]! > 0) eventTimes++;
  return {
    eventTimes,
    maxTime: max < 0 ? -Infinity : max === 0 ? zero : max,
    cursor: () => new CountedCursor(counts, max, zero),
  };
}

class CountedCursor implements GroupCursor {
  private t = 0;
  constructor(
    private readonly counts: Int32Array,
    private readonly max: number,
    private readonly zero: number,
  ) {}
  fill(time: Float64Array, events: Int32Array, censored: Int32Array): number {
    const { counts, max } = this;
    const room = time.length;
    let t = this.t;
    let m = 0;
    for (; t <= max && m < room; t++) {
      const c = counts[2 * t]!;
      const d = counts[2 * t + 1]!;
      if (d + c > 0) {
        time[m] = t === 0 ? this.zero : t;
        events[m] = d;
        censored[m++] = c;
      }
    }
    this.t = t;
    return m;
  }
}

function sortedGroups(ev: Float64Array, ce: Float64Array, zero: number): SurvivalGroups {
  const ne = ev.length;
  const nc = ce.length;
  let eventTimes = 0;
  for (let i = 0; i < ne; i++) if (i === 0 || ev[i] !== ev[i - 1]) eventTimes++;
  const last = Math.max(ne > 0 ? ev[ne - 1]! : -Infinity, nc > 0 ? ce[nc - 1]! : -Infinity);
  return {
    eventTimes,
    maxTime: last === 0 ? zero : last,
    cursor: () => new SortedCursor(ev, ce, zero),
  };
}

/** Walks two ascending arrays as one, a group per distinct value; `===` groups −0 with +0, as the comparator sort did. */
class SortedCursor implements GroupCursor {
  private i = 0;
  private j = 0;
  constructor(
    private readonly ev: Float64Array,
    private readonly ce: Float64Array,
    private readonly zero: number,
  ) {}
  fill(time: Float64Array, events: Int32Array, censored: Int32Array): number {
    const { ev, ce } = this;
    const ne = ev.length;
    const nc = ce.length;
    const room = time.length;
    let i = this.i;
    let j = this.j;
    let m = 0;
    while ((i < ne || j < nc) && m < room) {
      const a = i < ne ? ev[i]! : Infinity;
      const b = j < nc ? ce[j]! : Infinity;
      const t = a < b ? a : b;
      let d = 0;
      let c = 0;
      while (i < ne && ev[i] === t) {
        i++;
        d++;
      }
      while (j < nc && ce[j] === t) {
        j++;
        c++;
      }
      time[m] = t === 0 ? this.zero : t;
      events[m] = d;
      censored[m++] = c;
    }
    this.i = i;
    this.j = j;
    return m;
  }
}

/** The groups of an event table (times ascending). */
export function tableGroups(tab: TimeCounts): SurvivalGroups {
  const k = tab.times.length;
  let eventTimes = 0;
  for (let i = 0; i < k; i++) if (tab.events[i]! > 0) eventTimes++;
  return { eventTimes, maxTime: k === 0 ? -Infinity : tab.times[k - 1]!, cursor: () => new TableCursor(tab) };
}

class TableCursor implements GroupCursor {
  private k = 0;
  constructor(private readonly tab: TimeCounts) {}
  fill(time: Float64Array, events: Int32Array, censored: Int32Array): number {
    const { tab } = this;
    const end = Math.min(tab.times.length, this.k + time.length);
    let m = 0;
    for (let k = this.k; k < end; k++, m++) {
      time[m] = tab.times[k]!;
      events[m] = tab.events[k]!;
      censored[m] = tab.censored[k]!;
    }
    this.k = end;
    return m;
  }
}

/** The event table of groups (times ascending). */
export function groupTable(g: SurvivalGroups): TimeCounts {
  const times: number[] = [];
  const events: number[] = [];
  const censored: number[] = [];
  const bt = new Float64Array(GROUP_BATCH);
  const be = new Int32Array(GROUP_BATCH);
  const bc = new Int32Array(GROUP_BATCH);
  const cursor = g.cursor();
  for (let m = cursor.fill(bt, be, bc); m > 0; m = cursor.fill(bt, be, bc))
    for (let q = 0; q < m; q++) {
      times.push(bt[q]!);
      events.push(be[q]!);
      censored.push(bc[q]!);
    }
  return { times, events, censored };
}

/** Per distinct duration: [events, censored]. The state of the survival accumulators. */
export type DurationCounts = Map<number, [number, number]>;

export function addObservation(data: DurationCounts, duration: number, event: EventIndicator): void {
  let c = data.get(duration);
  if (c === undefined) data.set(duration, (c = [0, 0]));
  if (event === true || event === 1) c[0]++;
  else c[1]++;
}

export function mergeCounts(target: DurationCounts, source: DurationCounts): void {
  for (const [k, [e, c]] of source) {
    const x = target.get(k);
    if (x === undefined) target.set(k, [e, c]);
    else {
      x[0] += e;
      x[1] += c;
    }
  }
}

/** The event table (times ascending, as {@link tabulate} makes it) and the number of subjects. */
export function tableOf(d: DurationCounts): { table: TimeCounts; size: number } {
  const times = Float64Array.from(d.keys()).sort();
  const events = new Array<number>(times.length);
  const censored = new Array<number>(times.length);
  let size = 0;
  for (let k = 0; k < times.length; k++) {
    const [e, c] = d.get(times[k]!)!;
    events[k] = e;
    censored[k] = c;
    size += e + c;
  }
  return { table: { times, events, censored }, size };
}

export function tableToJSON(d: DurationCounts): (readonly [number, number, number])[] {
  return [...d.keys()].sort((a, b) => a - b).map((k) => [k, d.get(k)![0], d.get(k)![1]] as const);
}

export function tableFromJSON(j: unknown): DurationCounts | CrmIssue[] {
  if (!Array.isArray(j)) return [issue([], 'expected [[duration, events, censored], …]', 'invalid_type')];
  const m: DurationCounts = new Map();
  for (let i = 0; i < j.length; i++) {
    const r = j[i] as unknown;
    if (
      !Array.isArray(r) ||
      r.length !== 3 ||
      typeof r[0] !== 'number' ||
      !Number.isFinite(r[0]) ||
      r[0] < 0 ||
      m.has(r[0]) ||
      !Number.isSafeInteger(r[1]) ||
      !Number.isSafeInteger(r[2]) ||
      r[1] < 0 ||
      r[2] < 0
    ) {
      return [issue([i], 'expected a distinct [duration ≥ 0, events ≥ 0, censored ≥ 0]', 'invalid_value')];
    }
    m.set(r[0], [r[1] as number, r[2] as number]);
  }
  return m;
}
