/**
 * The options of `events.read(ctx, options)`, checked alike by every store.
 *
 * @module
 */
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { DEFAULT_EVENT_LIMIT, MAX_LIMIT } from './query.js';

/**
 * The checked options of `events.read`: read the events with `sequence > after`, at most `limit`.
 *
 * @example
 * ```ts
 * const o: EventsReadOptions = { after: 0, limit: 100 };
 * ```
 */
export interface EventsReadOptions {
  readonly after: number;
  readonly limit: number;
}

const KEYS = ['after', 'limit'] as const;

/**
 * Checks the options of `events.read`: `undefined` or `null` mean none; otherwise an object with
 * only `after` (an integer ≥ 0, default 0) and `limit` (an integer from 1 to 1,000, default 100).
 * Returns them with the defaults filled in, or `validation_failed`; never throws.
 *
 * @example
 * ```ts
 * checkEventsRead(null); //=> ok({ after: 0, limit: 100 })
 * checkEventsRead({ after: -1 }).ok; //=> false
 * ```
 */
export function checkEventsRead(options: unknown): Result<EventsReadOptions> {
  const keys = checkOptionKeys(options, KEYS);
  if (keys.length > 0) return err(invalidInput('events.read options', keys));
  const o = (options ?? {}) as { after?: unknown; limit?: unknown };
  const after = o.after ?? 0;
  const limit = o.limit ?? DEFAULT_EVENT_LIMIT;
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0)
    return err(invalidInput('events.read options', [crmIssue.invalidType(['after'], 'an integer ≥ 0', after)]));
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return err(
      invalidInput('events.read options', [
        crmIssue.invalidValue(['limit'], `limit must be an integer from 1 to ${MAX_LIMIT}`, limit),
      ]),
    );
  return ok(Object.freeze({ after, limit }));
}
