import { describe, it, expectTypeOf } from 'vitest';
import {
  churnRate,
  nps,
  renewalRate,
  type ChurnResult,
  type NpsResult,
  type SubscriptionSpan,
} from '../../src/metrics/index.js';
import type { Result } from '../../src/core/result.js';

describe('metrics types', () => {
  it('record-level functions require a period; full entities fit the structural record types', () => {
    const subs: SubscriptionSpan[] = [];
    // @ts-expect-error — the record form needs { period }
    churnRate(subs);
    // @ts-expect-error — renewal over records needs { period }
    renewalRate([{ id: 's', endsAt: null, renewalOfId: null }]);
    const entityLike = {
      id: 'sub_1',
      accountId: 'acc_1',
      plan: 'pro',
      startedAt: new Date(0),
      endedAt: null,
      endsAt: null,
      renewalOfId: null,
      customFields: {},
    };
    expectTypeOf(churnRate([entityLike], { period: { start: new Date(0), end: new Date(1) } })).toEqualTypeOf<
      Result<ChurnResult>
    >();
  });
  it('returns Results, never bare numbers', () => {
    expectTypeOf(nps([9, 10])).toEqualTypeOf<Result<NpsResult>>();
    expectTypeOf<NpsResult['score']>().toEqualTypeOf<number | null>();
    // @ts-expect-error — scores are numbers, not strings
    nps(['9']);
  });
});
