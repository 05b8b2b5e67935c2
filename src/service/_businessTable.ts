/**
 * The business-time table of one calendar: its business intervals as UTC instants with the cumulative
 * business milliseconds at each interval's end, counted from the day of the first query (absolute offsets
 * subtract the anchor's, the calendar's local midnight starting 2000-01-01). Built lazily, a local day at a
 * time, and extended in either direction as queries need it; a lookup is a binary search over Float64Arrays.
 *
 * Memory: 24 bytes per stored interval (touching intervals are stored as one), covering every local day
 * between the farthest days queried (and the anchor, once an absolute offset is asked for): a calendar open
 * 5 days a week in two intervals
 * costs about 12 kB per year spanned. Instants are limited to [1900-01-01, 2300-01-01) UTC, so one
 * calendar's table never exceeds about 5 MB at two intervals a day.
 *
 * @module
 */
import { argumentError, CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { ZoneClock } from './_zoneClock.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** The anchor: local day 2000-01-01 (days since 1970-01-01). */
const ANCHOR_DAY = 10_957;
/** The earliest instant the business-time functions accept: 1900-01-01T00:00Z. */
export const MIN_INSTANT_MS = -2_208_988_800_000;
/** The latest instant the business-time functions accept: 2300-01-01T00:00Z. */
export const MAX_INSTANT_MS = 10_413_792_000_000;
/** Local days the table may hold: a day's margin past the instant range on each side (offsets are < 1 day). */
const MIN_DAY = -25_569; // Math.floor(MIN_INSTANT_MS / DAY_MS) - 2 (a literal: nothing runs at import)
const MAX_DAY = 120_532; // Math.floor(MAX_INSTANT_MS / DAY_MS) + 2

/** What a table is built from: the calendar's zone, its week by JavaScript weekday, its holidays. */
export interface TableSpec {
  readonly timeZone: string;
  /** Index 0 = Sunday … 6 = Saturday; each a flat, sorted list [from0, to0, from1, to1, …] in minutes. */
  readonly week: readonly (readonly number[])[];
  /** Merged, sorted holiday ranges of local day numbers: [first0, last0, first1, last1, …] (inclusive). */
  readonly holidays: readonly number[];
}

/** `value` as a Date when it is one JavaScript can hold (|ms| ≤ 8.64e15), else undefined. */
function dateValue(value: number): Date | undefined {
  return Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? new Date(value) : undefined;
}

function outOfRange(fn: string, path: string, value: number): CrmError {
  const low = value < MIN_INSTANT_MS;
  const issue = low
    ? crmIssue.tooSmall([path], 'an instant', MIN_INSTANT_MS, true, dateValue(value) ?? value)
    : crmIssue.tooBig([path], 'an instant', MAX_INSTANT_MS, true, dateValue(value) ?? value);
  return new CrmError(
    'validation_failed',
    `${fn}: ${path}: business time is computed from 1900-01-01 to 2300-01-01 UTC; received ${
      dateValue(value)?.toISOString() ?? String(value)
    }`,
    { issues: [{ ...issue, message: `${issue.message} (business time covers 1900-01-01 to 2300-01-01 UTC)` }] },
  );
}

/** The lazily built table of one calendar (held by the calendar; never shared between calendars). */
export class BusinessTable {
  private readonly zone: ZoneClock;
  private readonly week: readonly (readonly number[])[];
  private readonly holidays: readonly number[];
  /** Interval i (head ≤ i < head + n): [S[i], E[i]) with K[i] business ms from the origin at its end. */
  private S = new Float64Array(64);
  private E = new Float64Array(64);
  private K = new Float64Array(64);
  private head = 32;
  private n = 0;
  /** Local days [dLo, dHi) are in the table; they span instants [coverLo, coverHi]. */
  private dLo = ANCHOR_DAY;
  private dHi = ANCHOR_DAY;
  private coverLo = Number.NaN;
  private coverHi = Number.NaN;
  /** Business ms from the origin at coverLo and at coverHi. */
  private cumLo = 0;
  private cumHi = 0;
  /** The last interval a lookup landed in (sequential queries skip the search). */
  private hint = 0;
  private anchorOffset: number | undefined;

  constructor(spec: TableSpec) {
    this.zone = new ZoneClock(spec.timeZone);
    this.week = spec.week;
    this.holidays = spec.holidays;
  }

  /** Days held so far (for tests and the documentation of memory use). */
  get days(): number {
    return this.dHi - this.dLo;
  }

  /** Intervals held so far. */
  get intervals(): number {
    return this.n;
  }

  /**
   * Starts the table at the local day around instant t (the first query), so a fresh calendar builds only
   * the days its queries span. Offsets inside the table count from that day's start (the origin); the
   * anchor's offset is subtracted where an absolute offset is asked for, so no result depends on the order
   * of the queries (the counts are exact integers).
   */
  private start(t: number): void {
    const day = Math.floor(t / DAY_MS);
    this.dLo = this.dHi = day;
    this.coverLo = this.coverHi = this.zone.wallToInstant(day * DAY_MS);
  }

  /** The offset (from the origin) of the anchor, the calendar's local midnight starting 2000-01-01. */
  anchor(): number {
    if (this.anchorOffset === undefined) this.anchorOffset = this.offset(this.zone.wallToInstant(ANCHOR_DAY * DAY_MS));
    return this.anchorOffset;
  }

  private isHoliday(day: number): boolean {
    const h = this.holidays;
    // Binary search over the range starts (pairs), then check the range's end.
    let a = 0;
    let b = (h.length >> 1) - 1;
    if (b < 0 || day < h[0]!) return false;
    while (a < b) {
      const m = (a + b + 1) >> 1;
      if (h[2 * m]! <= day) a = m;
      else b = m - 1;
    }
    return day <= h[2 * a + 1]!;
  }

  /** The business intervals of local day `day` as instants, [s0, e0, s1, e1, …], empty ones left out. */
  private dayIntervals(day: number): number[] {
    const out: number[] = [];
    if (this.isHoliday(day)) return out;
    const spans = this.week[(((day + 4) % 7) + 7) % 7]!;
    const base = day * DAY_MS;
    for (let i = 0; i < spans.length; i += 2) {
      const s = this.zone.wallToInstant(base + spans[i]! * MINUTE_MS);
      const e = this.zone.wallToInstant(base + spans[i + 1]! * MINUTE_MS);
      if (e > s) out.push(s, e);
    }
    return out;
  }

  /** Doubles the capacity, with the intervals in the middle (room to grow on both sides). */
  private grow(): void {
    const cap = this.S.length * 2;
    const start = (cap - this.n) >> 1;
    for (const key of ['S', 'E', 'K'] as const) {
      const next = new Float64Array(cap);
      next.set(this[key].subarray(this.head, this.head + this.n), start);
      this[key] = next;
    }
    this.hint = this.hint - this.head + start;
    this.head = start;
  }

  private addDayForward(): void {
    if (this.dHi >= MAX_DAY) throw new CrmError('validation_failed', 'business time table: past 2300-01-01');
    const iv = this.dayIntervals(this.dHi);
    for (let i = 0; i < iv.length; i += 2) {
      const s = iv[i]!;
      const e = iv[i + 1]!;
      const last = this.head + this.n - 1;
      this.cumHi += e - s;
      if (this.n > 0 && this.E[last] === s) {
        this.E[last] = e;
        this.K[last] = this.cumHi;
        continue;
      }
      if (this.head + this.n === this.S.length) this.grow();
      const at = this.head + this.n;
      this.S[at] = s;
      this.E[at] = e;
      this.K[at] = this.cumHi;
      this.n++;
    }
    this.dHi++;
    this.coverHi = this.zone.wallToInstant(this.dHi * DAY_MS);
  }

  private addDayBack(): void {
    if (this.dLo <= MIN_DAY) throw new CrmError('validation_failed', 'business time table: before 1900-01-01');
    const day = this.dLo - 1;
    const iv = this.dayIntervals(day);
    for (let i = iv.length - 2; i >= 0; i -= 2) {
      const s = iv[i]!;
      const e = iv[i + 1]!;
      if (this.n > 0 && this.S[this.head] === e) this.S[this.head] = s;
      else {
        if (this.head === 0) this.grow();
        this.head--;
        this.S[this.head] = s;
        this.E[this.head] = e;
        this.K[this.head] = this.cumLo;
        this.n++;
        this.hint++;
      }
      this.cumLo -= e - s;
    }
    this.dLo = day;
    this.coverLo = this.zone.wallToInstant(day * DAY_MS);
  }

  /** Extends the table until it spans instant t. */
  private reach(t: number): void {
    if (Number.isNaN(this.coverLo)) this.start(t);
    while (t > this.coverHi) this.addDayForward();
    while (t < this.coverLo) this.addDayBack();
  }

  /** Business ms from the anchor to instant t (t within the instant range). */
  offset(t: number): number {
    if (!(t >= this.coverLo && t <= this.coverHi)) this.reach(t);
    const S = this.S;
    const lo = this.head;
    const n = this.n;
    if (n === 0 || t < S[lo]!) return this.cumLo;
    // i: the last interval starting at or before t.
    let i = this.hint;
    if (!(i >= lo && i < lo + n && S[i]! <= t && (i + 1 === lo + n || S[i + 1]! > t))) {
      let a = lo;
      let b = lo + n - 1;
      while (a < b) {
        const m = (a + b + 1) >>> 1;
        if (S[m]! <= t) a = m;
        else b = m - 1;
      }
      i = a;
      this.hint = i;
    }
    const e = this.E[i]!;
    return t >= e ? this.K[i]! : this.K[i]! - (e - t);
  }

  /**
   * The earliest instant (whole ms, rounded up) whose offset is at least x: inside the interval where the
   * count reaches x, and at its end when it reaches x exactly there. Throws past the instant range.
   */
  instantAt(x: number, fn: string, path: string): number {
    if (Number.isNaN(this.coverLo)) this.start(ANCHOR_DAY * DAY_MS);
    // Business time never runs faster than real time: refuse at once what cannot fit in the range.
    if (x - this.cumHi > MAX_INSTANT_MS - this.coverHi) throw outOfRange(fn, path, Number.POSITIVE_INFINITY);
    if (this.cumLo - x > this.coverLo - MIN_INSTANT_MS) throw outOfRange(fn, path, Number.NEGATIVE_INFINITY);
    try {
      while (x > this.cumHi) this.addDayForward();
      while (x <= this.cumLo) this.addDayBack();
    } catch (e) {
      if (e instanceof CrmError) throw outOfRange(fn, path, x > this.cumHi ? Infinity : -Infinity);
      throw e;
    }
    const K = this.K;
    let a = this.head;
    let b = this.head + this.n - 1;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (K[m]! >= x) b = m;
      else a = m + 1;
    }
    const t = Math.ceil(this.E[a]! - (K[a]! - x));
    if (t > MAX_INSTANT_MS || t < MIN_INSTANT_MS) throw outOfRange(fn, path, t);
    return t;
  }
}

/** Throws unless `t` is an instant in the supported range. */
export function checkInstant(fn: string, path: string, t: number): void {
  if (!(t >= MIN_INSTANT_MS && t <= MAX_INSTANT_MS)) {
    if (Number.isNaN(t)) throw argumentError(fn, [path], 'a valid instant', t);
    throw outOfRange(fn, path, t);
  }
}
