/**
 * A zone's UTC offsets as a timeline of constant-offset segments, learnt lazily from `@date-fns/tz`'s
 * `tzOffset` (the platform's Intl data, never a hand-written table), and the map from a wall-clock time
 * to an instant that business calendars use for their interval bounds.
 *
 * Probing: the offset is read at a fixed grid of instants every {@link PROBE_STEP_MS} (3 days, aligned on the
 * epoch, so the timeline is the same whatever order it is queried in). Where two neighbouring probes differ,
 * a binary search over whole seconds finds each switch instant exactly (tz database switches fall on whole
 * seconds), and the search repeats on the rest of the step, so two different switches in one step are both
 * found. A switch that is undone within one step (A → B → A in under 3 days) would be missed; the tz database
 * has none from 1900 to 2100 (the closest pairs are 7 days apart: America/Recife 2000-10-08/15,
 * Asia/Gaza 2040). Cost: about 122 `tzOffset` calls a year plus about 18 per switch.
 *
 * @module
 */
import { tzOffset } from '@date-fns/tz';
import { CrmError } from '../core/errors.js';

/** Offsets of the zone are read every 3 days (see the module comment). */
export const PROBE_STEP_MS = 259_200_000; // 3 days
/** No zone's offset is larger than this in magnitude (the tz database's extremes are under 16 h, LMT included). */
const MAX_OFFSET_MS = 57_600_000; // 16 hours

/** A zone's offsets, learnt as queries need them (one per calendar; never shared through module state). */
export class ZoneClock {
  /** Segment j has offset `offsets[j]` (ms) from `starts[j]` until `starts[j + 1]`; the first starts at `lo`. */
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];
  /** Offsets are known exactly on [lo, hi] (both on the probe grid). */
  private lo = 0;
  private hi = 0;
  private cursor = 0;

  constructor(readonly timeZone: string) {}

  /** The zone's offset at instant `t` (ms), in ms, straight from tzOffset. */
  private probe(t: number): number {
    const minutes = tzOffset(this.timeZone, new Date(t));
    if (!Number.isFinite(minutes))
      throw new CrmError('validation_failed', `The time zone '${this.timeZone}' gave no UTC offset`);
    return Math.round(minutes * 60_000);
  }

  /**
   * The switches in (a, b] given the offset `oa` at `a` and `ob` at `b` (both on the second grid):
   * `[instant, offset after]` pairs, in time order.
   */
  private switches(a: number, oa: number, b: number, ob: number): [number, number][] {
    const out: [number, number][] = [];
    let from = a;
    let base = oa;
    while (base !== ob) {
      // Invariant: offset(lo) === base, offset(hi) !== base.
      let lo = from;
      let hi = b;
      let ohi = ob;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        const om = this.probe(mid);
        if (om === base) lo = mid;
        else {
          hi = mid;
          ohi = om;
        }
      }
      out.push([hi, ohi]);
      from = hi;
      base = ohi;
    }
    return out;
  }

  private init(t: number): void {
    const g = Math.floor(t / PROBE_STEP_MS) * PROBE_STEP_MS;
    this.starts.push(g);
    this.offsets.push(this.probe(g));
    this.lo = g;
    this.hi = g;
  }

  /** Makes the offsets known on [from, to]. */
  private cover(from: number, to: number): void {
    if (this.starts.length === 0) this.init(from);
    while (this.hi < to) {
      const next = this.hi + PROBE_STEP_MS;
      const on = this.probe(next);
      const last = this.offsets[this.offsets.length - 1]!;
      if (on !== last)
        for (const [s, o] of this.switches(this.hi, last, next, on)) {
          this.starts.push(s);
          this.offsets.push(o);
        }
      this.hi = next;
    }
    while (this.lo > from) {
      const prev = this.lo - PROBE_STEP_MS;
      const op = this.probe(prev);
      const first = this.offsets[0]!;
      if (op === first) this.starts[0] = prev;
      else {
        const found = this.switches(prev, op, this.lo, first);
        // The last switch found leads into the first known segment: that segment really starts there.
        this.starts[0] = found.pop()![0];
        this.starts.unshift(prev, ...found.map((f) => f[0]));
        this.offsets.unshift(op, ...found.map((f) => f[1]));
      }
      this.cursor = 0;
      this.lo = prev;
    }
  }

  /** The index of the segment holding instant t (t within [lo, hi]). */
  private segmentAt(t: number): number {
    const s = this.starts;
    const c = this.cursor;
    if (c < s.length && s[c]! <= t && (c + 1 === s.length || s[c + 1]! > t)) return c;
    let a = 0;
    let b = s.length - 1;
    while (a < b) {
      const m = (a + b + 1) >> 1;
      if (s[m]! <= t) a = m;
      else b = m - 1;
    }
    this.cursor = a;
    return a;
  }

  /**
   * The first instant at which the zone's wall clock reads `local` or later, where `local` is a wall time
   * written as if it were UTC (`Date.UTC(y, m, d, h, min)`). A wall time skipped by a spring-forward switch
   * resolves to the switch instant; one that occurs twice (fall back) to its first occurrence. Monotone:
   * a later wall time never gives an earlier instant.
   */
  wallToInstant(local: number): number {
    const from = local - MAX_OFFSET_MS;
    this.cover(from, local + MAX_OFFSET_MS);
    const s = this.starts;
    const o = this.offsets;
    for (let j = this.segmentAt(from); j < s.length; j++) {
      const c = Math.max(s[j]!, local - o[j]!);
      if (j + 1 === s.length || c < s[j + 1]!) {
        this.cursor = j;
        return c;
      }
    }
    /* c8 ignore next */
    throw new CrmError('validation_failed', `No instant for a wall time in '${this.timeZone}'`);
  }
}
