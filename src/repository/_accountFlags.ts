/**
 * Private: the per-account flags of `classifySubscriptions` (active at the start of the period, at its
 * end, started in it) counted by one aggregate grouped by account, then tallied by `countFlags`.
 *
 * @module
 */
import { err, ok, type Result } from '../core/result.js';
import { countFlags, type ChurnTally } from '../metrics/_classifySubscriptions.js';
import type { Subscription } from '../entities/index.js';
import type { Period } from '../time/period.js';
import type { Repository, StoreContext } from './ports.js';
import { aggregateOf } from './_aggregateOf.js';
import { validateCountQuery } from './validateQuery.js';

/** "Active at t": started at or before t, and not ended by t (`subscriptionFlags`: a <= t < b). */
function activeAt(t: Date): object {
  return {
    all: [
      { field: 'startedAt', op: 'lte', value: t },
      {
        any: [
          { field: 'endedAt', op: 'isNull', value: true },
          { field: 'endedAt', op: 'gt', value: t },
        ],
      },
    ],
  };
}

export async function accountTally(
  repo: Repository<Subscription>,
  ctx: StoreContext,
  period: Period,
  where: unknown,
): Promise<Result<ChurnTally & { retained: number }>> {
  const own = validateCountQuery('subscription', { where });
  if (!own.ok) return own;
  const atStart = activeAt(period.start);
  const atEnd = activeAt(period.end);
  const started = {
    all: [
      { field: 'startedAt', op: 'gte', value: period.start },
      { field: 'startedAt', op: 'lt', value: period.end },
    ],
  };
  // Only subscriptions that set a flag: the rows are the accounts the tally counts.
  const r = await aggregateOf('subscriptions', repo, ctx, {
    where: { all: [{ any: [atStart, atEnd, started] }, ...(where === null || where === undefined ? [] : [where])] },
    groupBy: ['accountId'],
    measures: {
      atStart: { fn: 'countIf', where: atStart },
      atEnd: { fn: 'countIf', where: atEnd },
      started: { fn: 'countIf', where: started },
    },
  } as never);
  if (!r.ok) return err(r.error);
  const flags = new Map<string, number>();
  for (const row of r.value) {
    const m = row.measures;
    const f =
      ((m['atStart'] as number) > 0 ? 1 : 0) |
      ((m['atEnd'] as number) > 0 ? 2 : 0) |
      ((m['started'] as number) > 0 ? 4 : 0);
    flags.set(String(row.group['accountId']), f);
  }
  return ok(countFlags(flags));
}
