/**
 * Time windows and business days of workflows, in an IANA time zone (@date-fns/tz).
 *
 * @module
 */
import { TZDate } from '@date-fns/tz';
import { WEEKDAYS, type Weekday, type WorkflowWindowJson } from './workflow.js';

/** The days a window is open when it names none: Monday to Friday. */
export const WORKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Minutes since midnight of a wall time `'HH:mm'` (00:00 to 24:00), or `undefined`. */
export function wallMinutes(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(v);
  if (m === null) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : undefined;
}

/** True when `zone` is an IANA time zone the platform knows (UTC offsets such as '+05:00' are not zones). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64 || !/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function openDays(days: readonly Weekday[] | undefined): boolean[] {
  const open = WEEKDAYS.map(() => false);
  for (const d of days ?? WORKDAYS) open[WEEKDAYS.indexOf(d)] = true;
  return open;
}

/**
 * The first instant at or after `t` inside the window (`t` itself when it is inside). A window that
 * opens at a wall time a daylight-saving change skips opens when the clock reaches it after the gap
 * (02:30 on a spring-forward day in Berlin is 03:30); one that happens twice opens at the later.
 */
export function shiftIntoWindow(t: number, window: WorkflowWindowJson | null): number {
  if (window === null) return t;
  const open = openDays(window.days);
  const from = wallMinutes(window.from)!;
  const to = wallMinutes(window.to)!;
  const local = new TZDate(t, window.timeZone);
  const minutes = local.getHours() * 60 + local.getMinutes();
  const [y, mo, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
  for (let i = 0; i <= 7; i++) {
    const day = new TZDate(y, mo, d + i, 12, 0, window.timeZone).getDay();
    if (!open[day]) continue;
    if (i === 0 && minutes >= to) continue;
    if (i === 0 && minutes >= from) return t;
    const opens = new TZDate(y, mo, d + i, Math.floor(from / 60), from % 60, window.timeZone).getTime();
    return Math.max(opens, t);
  }
  return t; // unreachable: a valid window is open on at least one day
}

/**
 * `t` moved forward `n` business days at the same wall time: days the window is open on (Monday to
 * Friday without a window), counted in the window's zone (UTC without one). Friday 10:00 + 1 is
 * Monday 10:00. NaN when the day reached is past the last date a Date holds (or `t` is not one).
 */
export function addBusinessDays(t: number, n: number, window: WorkflowWindowJson | null): number {
  if (n <= 0) return t;
  const zone = window?.timeZone ?? 'UTC';
  const open = openDays(window?.days);
  const local = new TZDate(t, zone);
  const [y, mo, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
  let i = 0;
  for (let counted = 0; counted < n;) {
    i++;
    const day = new TZDate(y, mo, d + i, 12, 0, zone).getDay();
    // Past the last instant a Date holds (or from an invalid one) no day is open: NaN, never a hang.
    if (Number.isNaN(day) || i > 7 * n + 7) return Number.NaN;
    if (open[day]) counted++;
  }
  return new TZDate(
    y,
    mo,
    d + i,
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
    local.getMilliseconds(),
    zone,
  ).getTime();
}
