/**
 * Private: the clock an SLA policy counts on. Offsets are milliseconds on the policy's clock: the
 * business milliseconds of its calendar's table (from the table's own origin, so only differences
 * and round trips through `instantAt` mean anything), or plain epoch milliseconds in calendar hours.
 *
 * @module
 */
import type { BusinessCalendar } from './businessCalendar.js';
import { checkInstant } from './_businessTable.js';
import { tableOf } from './_calendarTable.js';

/** Offsets of instants on a policy's clock, and back. Both throw a CrmError past 1900–2300 with a calendar. */
export interface PolicyClock {
  /** Clock milliseconds from a fixed origin to `ms` (monotone non-decreasing). */
  offset(ms: number): number;
  /** The earliest instant whose offset is `offset`. */
  instantAt(offset: number): number;
}

const CALENDAR_HOURS: PolicyClock = /* @__PURE__ */ Object.freeze({
  offset: (ms: number) => ms,
  instantAt: (offset: number) => offset,
});

/** The clock of a calendar made by defineBusinessCalendar (or calendar hours for null). */
export function clockOf(calendar: BusinessCalendar | null): PolicyClock {
  const table = calendar === null ? undefined : tableOf(calendar);
  if (table === undefined) return CALENDAR_HOURS;
  return Object.freeze({
    offset(ms: number): number {
      checkInstant('slaStatus', 'instant', ms);
      return table.offset(ms);
    },
    instantAt: (offset: number): number => table.instantAt(offset, 'slaStatus', 'dueAt'),
  });
}
