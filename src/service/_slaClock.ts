/**
 * Private: the clock an SLA policy counts on. Offsets are milliseconds on the policy's clock: the
 * business milliseconds of its calendar (`businessOffset`), or plain epoch milliseconds in calendar
 * hours. A tiny per-ticket memo keeps the offsets of the instants one status reads several times.
 *
 * @module
 */
import type { BusinessCalendar } from './businessCalendar.js';
import { businessOffset, instantAtBusinessOffset } from './businessTime.js';

/** Offsets of instants on a policy's clock, and back. */
export interface PolicyClock {
  /** Clock milliseconds from a fixed anchor to `ms` (monotone non-decreasing). */
  offset(ms: number): number;
  /** The earliest instant whose offset is `offset`. */
  instantAt(offset: number): number;
}

const CALENDAR_HOURS: PolicyClock = /* @__PURE__ */ Object.freeze({
  offset: (ms: number) => ms,
  instantAt: (offset: number) => offset,
});

/** The clock of a calendar (or calendar hours for null). */
export function clockOf(calendar: BusinessCalendar | null): PolicyClock {
  if (calendar === null) return CALENDAR_HOURS;
  return {
    offset: (ms) => businessOffset(calendar, ms),
    instantAt: (offset) => instantAtBusinessOffset(calendar, offset),
  };
}
