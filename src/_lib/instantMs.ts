/**
 * Epoch milliseconds of an instant given as a valid `Date` or an ISO 8601 string, or `NaN` for anything
 * else. Never throws (a `Date` subclass whose `getTime` throws is `NaN` too).
 */
import { parseIsoInstant } from '../core/dates.js';

export function instantMs(v: unknown): number {
  try {
    if (v instanceof Date) return v.getTime();
    if (typeof v === 'string') return parseIsoInstant(v);
  } catch {
    return Number.NaN;
  }
  return Number.NaN;
}
