/**
 * The injectable clock, and the context that carries it with the id generator.
 *
 * @module
 */
import { parseIsoInstant } from './dates.js';
import { CrmError } from './errors.js';
import { randomIdGenerator, type IdGenerator } from './ids.js';
import { quoteValue } from '../_lib/show.js';

/** The largest distance from 1970 a Date can hold, in milliseconds. */
const MAX_DATE_MS = 8.64e15;

/**
 * Tells the time. Inject one to make time explicit; the default is {@link systemClock}.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => new Date('2026-01-01T00:00:00Z') };
 * ```
 */
export interface Clock {
  /** The current instant (UTC). */
  now(): Date;
}

/**
 * The system clock (`new Date()`). Used only at the edges, when no clock is injected.
 *
 * Never throws.
 *
 * @example
 * ```ts
 * systemClock().now(); //=> the current instant
 * ```
 */
export function systemClock(): Clock {
  return { now: () => new Date() };
}

/**
 * A clock that always answers `at` (or advances by `stepMs` on every call), for tests and examples.
 * Every call returns a fresh Date, so changing one never moves the clock. A string is ISO 8601
 * (without an offset it is UTC). Throws `CrmError`
 * `validation_failed` for an invalid date, or a step that is not a number of at most 8.64e15 ms in size
 * (the range of Dates).
 *
 * @throws CrmError `validation_failed` for an invalid date or a non-finite step.
 *
 * @example
 * ```ts
 * const clock = fixedClock('2026-01-01T00:00:00Z');
 * clock.now().toISOString(); //=> '2026-01-01T00:00:00.000Z'
 * const ticking = fixedClock('2026-01-01T00:00:00Z', 1000);
 * ticking.now(); ticking.now().toISOString(); //=> '2026-01-01T00:00:01.000Z'
 * ```
 */
export function fixedClock(at: Date | string, stepMs = 0): Clock {
  let t = at instanceof Date ? at.getTime() : typeof at === 'string' ? parseIsoInstant(at) : Number.NaN;
  if (!Number.isFinite(t)) {
    throw new CrmError('validation_failed', `fixedClock: ${quoteValue(at)} is not a valid date`, {
      issues: [{ path: ['at'], code: 'invalid_date', message: 'Expected a valid Date or ISO 8601 string' }],
    });
  }
  // A step past the range of Dates would make the second reading an invalid Date.
  if (typeof stepMs !== 'number' || !(Math.abs(stepMs) <= MAX_DATE_MS)) {
    throw new CrmError(
      'validation_failed',
      `fixedClock: stepMs must be a finite number of milliseconds (at most ${MAX_DATE_MS} in size); received ${quoteValue(stepMs)}`,
      {
        issues: [{ path: ['stepMs'], code: 'invalid_number', message: 'Expected a finite number of milliseconds' }],
      },
    );
  }
  return {
    now() {
      const d = new Date(t);
      t += stepMs;
      return d;
    },
  };
}

/**
 * The ports an operation that creates or changes records needs: a clock, an id generator, and
 * optionally the acting user. Pass it to `create*`, `update*` and use cases; every field has a
 * default at the edge ({@link resolveContext}).
 *
 * @example
 * ```ts
 * const ctx: CrmContext = { clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() };
 * ```
 */
export interface CrmContext {
  /** Tells the time; defaults to {@link systemClock}. */
  readonly clock?: Clock;
  /** Makes ids; defaults to {@link randomIdGenerator}. */
  readonly ids?: IdGenerator;
  /** Who is acting (a user id); recorded where an entity tracks it. */
  readonly actor?: string;
}

/**
 * A {@link CrmContext} with its defaults filled in.
 *
 * @example
 * ```ts
 * const { clock, ids } = resolveContext({});
 * ```
 */
export interface ResolvedContext {
  /** The injected clock, or the system clock. */
  readonly clock: Clock;
  /** The injected id generator, or random UUIDs. */
  readonly ids: IdGenerator;
  /** The acting user, when one was given. */
  readonly actor: string | undefined;
}

/**
 * Fills the defaults of a context: the system clock and random UUIDs (`undefined` or `null` gives both).
 *
 * Never throws: values of the wrong kind are passed on as given (the `create*` functions check contexts).
 *
 * @example
 * ```ts
 * resolveContext().clock.now(); //=> the current instant
 * ```
 */
export function resolveContext(ctx?: CrmContext | null): ResolvedContext {
  const c: CrmContext = ctx ?? {}; // null from plain-JavaScript callers means "no context", like undefined
  return { clock: c.clock ?? systemClock(), ids: c.ids ?? randomIdGenerator(), actor: c.actor };
}
