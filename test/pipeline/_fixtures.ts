/** Shared builders for the pipeline tests (pure functions; no shared mutable state). */
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { unwrap } from '../../src/core/result.js';
import { parseDeal, type Deal } from '../../src/entities/deal.js';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 0, 1);
export const day = (n: number): Date => new Date(T0 + n * DAY);

export function ctxAt(iso = '2026-01-01T00:00:00Z') {
  return { clock: fixedClock(iso), ids: sequentialIdGenerator() };
}

/**
 * A stored deal with the given history: `steps` are [stageId, dayOffset] pairs; the first is the
 * creation. Closed fields are set as the caller says.
 */
export function dealWith(
  id: string,
  steps: readonly (readonly [string, number])[],
  extra: Partial<{
    amount: string;
    currency: string;
    pipelineId: string;
    closedAt: Date | null;
    probability: { value: number; source: 'stage' | 'manual' | 'model' };
    expectedCloseDate: Date | null;
    lostReason: string | null;
  }> = {},
): Deal {
  const history = steps.map(([to, d], i) => ({
    from: i === 0 ? null : steps[i - 1]![0],
    to,
    at: day(d),
    by: null,
    reason: null,
  }));
  const last = steps[steps.length - 1]!;
  return unwrap(
    parseDeal({
      id,
      name: `Deal ${id}`,
      accountId: null,
      contactId: null,
      pipelineId: extra.pipelineId ?? 'b2b',
      stageId: last[0],
      amount: { amount: extra.amount ?? '1000.00', currency: extra.currency ?? 'EUR' },
      expectedCloseDate: extra.expectedCloseDate ?? null,
      probability: extra.probability ?? { value: 0.1, source: 'stage' },
      stageHistory: history,
      closedAt: extra.closedAt ?? null,
      lostReason: extra.lostReason ?? null,
      ownerId: null,
      source: null,
      customFields: {},
      createdAt: day(steps[0]![1]),
      updatedAt: day(last[1]),
      version: steps.length,
    }),
  );
}
