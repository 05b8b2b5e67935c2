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
  times: number[];
  events: number[];
  censored: number[];
}

/** The event table of a sample (times ascending). */
export function tabulate(durations: readonly number[], events: readonly EventIndicator[]): TimeCounts {
  const order = Array.from(durations.keys()).sort((a, b) => durations[a]! - durations[b]!);
  const out: TimeCounts = { times: [], events: [], censored: [] };
  for (const i of order) {
    const t = durations[i]!;
    const k = out.times.length - 1;
    if (k < 0 || out.times[k] !== t) {
      out.times.push(t);
      out.events.push(0);
      out.censored.push(0);
    }
    const j = out.times.length - 1;
    if (events[i] === true || events[i] === 1) out.events[j]!++;
    else out.censored[j]!++;
  }
  return out;
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
  const times = [...d.keys()].sort((a, b) => a - b);
  let size = 0;
  const table: TimeCounts = { times, events: [], censored: [] };
  for (const t of times) {
    const [e, c] = d.get(t)!;
    table.events.push(e);
    table.censored.push(c);
    size += e + c;
  }
  return { table, size };
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
