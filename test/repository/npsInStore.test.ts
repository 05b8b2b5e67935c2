// npsInStore (issue 19 item 4): the same result as nps / npsBy on the same responses, exactly, on the
// memory store, PGlite and the PostgreSQL server; bad options give validation_failed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { nps, npsBy } from '../../src/metrics/index.js';
import { monthPeriod } from '../../src/time/index.js';
import { createMemoryStore, npsInStore } from '../../src/repository/index.js';
import type { StoreWith } from '../../src/repository/ports.js';
import type { SurveyResponse } from '../../src/entities/index.js';
import { surveyResponseArbitrary } from '../../src/testing/arbitraries.js';
import { targets } from './_inStoreTargets.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const TOUCHPOINTS = [null, 'a', 'b', 'web', '😀', '\uFFFD'] as const;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 1, 20);

export const responsesArbitrary = (): fc.Arbitrary<SurveyResponse[]> =>
  fc
    .array(
      fc.tuple(surveyResponseArbitrary(), fc.constantFrom(...TOUCHPOINTS), fc.integer({ min: 0, max: 40 * DAY })),
      { maxLength: 60 },
    )
    .map((list) =>
      list.map(
        ([r, touchpoint, t], i) =>
          ({ ...r, id: `r-${i}`, touchpoint, answeredAt: new Date(BASE + t) }) as unknown as SurveyResponse,
      ),
    );

const optionsArbitrary = fc.record(
  {
    period: fc.constantFrom(monthPeriod('2026-03-01'), monthPeriod('2026-02-01')),
    confidence: fc.constantFrom(0.8, 0.95, 0.99),
    where: fc.constant({ field: 'touchpoint', op: 'in', value: ['a', 'web'] } as const),
  },
  { requiredKeys: [] },
);

let tenant = 0;

for (const target of targets()) {
  describe(`npsInStore on ${target.name}`, () => {
    let store: StoreWith<'bulk' | 'aggregate'>;
    let close: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      ({ store, close } = await target.open());
    });
    afterAll(() => close());

    it('equals nps and npsBy on the same responses, exactly (property)', async () => {
      await fc.assert(
        fc.asyncProperty(responsesArbitrary(), optionsArbitrary, async (responses, o) => {
          const ctx = { tenantId: `t-${++tenant}` };
          unwrap(await store.surveyResponses.insertMany(ctx, responses));
          const { where, ...metric } = o;
          const selected =
            where === undefined ? responses : responses.filter((r) => r.touchpoint === 'a' || r.touchpoint === 'web');
          expect(unwrap(await npsInStore(store, ctx, o))).toEqual(unwrap(nps(selected, metric)));
          expect(unwrap(await npsInStore(store, ctx, { ...o, by: 'touchpoint' }))).toEqual(
            unwrap(npsBy(selected, 'touchpoint', metric)),
          );
        }),
        { numRuns: target.name === 'memory' ? 60 : 20 },
      );
    });
  });
}

describe('npsInStore options', () => {
  const store = createMemoryStore();
  const ctx = { tenantId: 'acme' };
  it('refuses bad options with validation_failed, naming the option', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ confidence: 2 }, ['options', 'confidence']],
      [{ by: 'score' }, ['options', 'by']],
      [{ limit: 3 }, ['options']],
      [{ where: { field: 'nope', op: 'eq', value: 1 } }, ['where']],
    ];
    for (const [o, path] of cases) {
      const r = await npsInStore(store, ctx, o as never);
      expect(r.ok, JSON.stringify(o)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation_failed');
        expect(r.error.issues[0]?.path.slice(0, path.length)).toEqual(path);
      }
    }
    expect((await npsInStore(store, { tenantId: '' })).ok).toBe(false);
  });
  it('answers a value that is not a store with validation_failed, never a TypeError (fuzz seed -1765286934)', async () => {
    for (const notAStore of [Number.NaN, null, {}, { surveyResponses: 3 }]) {
      const r = await npsInStore(notAStore as never, ctx);
      expect(r.ok ? null : r.error.code).toBe('validation_failed');
    }
  });
  it('gives nps of no responses on an empty store (score null, total 0)', async () => {
    expect(unwrap(await npsInStore(store, ctx))).toEqual(unwrap(nps([])));
    expect(unwrap(await npsInStore(store, ctx, { by: 'touchpoint' }))).toEqual([]);
  });
  it('reads a store without the aggregate capability through scan, with the same result', async () => {
    const responses = fc.sample(responsesArbitrary(), { seed: 19, numRuns: 1 })[0]!;
    unwrap(await store.surveyResponses.insertMany({ tenantId: 'scan' }, responses));
    const { aggregate: _dropped, ...plain } = store.surveyResponses as unknown as Record<string, unknown>;
    const noAggregate = { surveyResponses: plain as unknown as typeof store.surveyResponses };
    expect(unwrap(await npsInStore(noAggregate, { tenantId: 'scan' }, { by: 'touchpoint' }))).toEqual(
      unwrap(npsBy(responses, 'touchpoint')),
    );
  });
});
