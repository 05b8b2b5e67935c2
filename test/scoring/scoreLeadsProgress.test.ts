// Issue 18 §4: scoreLeads over big batches reports progress and can be aborted; scoreLeadsAsync gives the
// event loop a turn between blocks. Same scores as scoreLead, lead by lead.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { CrmError } from '../../src/core/errors.js';
import {
  defineScoringModel,
  scoreLead,
  scoreLeads,
  scoreLeadsAsync,
  SCORE_PROGRESS_EVERY,
  type ScoringProgress,
} from '../../src/scoring/index.js';

const asOf = new Date('2026-03-01T00:00:00Z');
const model = unwrap(
  defineScoringModel({
    rules: [
      { id: 'title-vp', axis: 'fit', when: { field: 'title', op: 'contains', value: 'VP' }, points: 20 },
      { id: 'big', axis: 'fit', when: { field: 'customFields.employees', op: 'gte', value: 200 }, points: 30 },
    ],
  }),
);
const leads = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `lead-${i}`,
    title: i % 3 === 0 ? 'VP Sales' : 'Engineer',
    customFields: { employees: (i * 37) % 500 },
  }));

describe('scoreLeads: progress and cancellation', () => {
  it('reports monotone progress that reaches the total, and scores as scoreLead does', () => {
    const list = leads(2 * SCORE_PROGRESS_EVERY + 17);
    const seen: ScoringProgress[] = [];
    const scores = unwrap(scoreLeads(model, list, [], { asOf, onProgress: (p) => seen.push(p) }));
    expect(seen.map((p) => p.done)).toEqual([SCORE_PROGRESS_EVERY, 2 * SCORE_PROGRESS_EVERY, list.length]);
    expect(seen.every((p) => p.phase === 'score' && p.total === list.length)).toBe(true);
    for (const i of [0, 1, 5, list.length - 1])
      expect(scores[i]).toEqual(unwrap(scoreLead(model, list[i]!, [], { asOf })));
  });

  it('an empty batch reports done = total = 0 once', () => {
    const seen: ScoringProgress[] = [];
    expect(unwrap(scoreLeads(model, [], [], { asOf, onProgress: (p) => seen.push(p) }))).toEqual([]);
    expect(seen).toEqual([{ phase: 'score', done: 0, total: 0 }]);
  });

  it('an abort from onProgress stops the work with aborted and no partial result', () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const r = scoreLeads(model, leads(3 * SCORE_PROGRESS_EVERY), [], {
      asOf,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        controller.abort(new Error('user pressed stop'));
      },
    });
    expect(r.ok || r.error.code).toBe('aborted');
    expect(seen).toEqual([SCORE_PROGRESS_EVERY]);
    const before = new AbortController();
    before.abort();
    const r2 = scoreLeads(model, leads(5), [], { asOf, signal: before.signal });
    expect(r2.ok || r2.error.code).toBe('aborted');
  });

  it('scoreLeadsAsync gives the same scores, and an abort from a timer ends it with aborted', async () => {
    const list = leads(3 * SCORE_PROGRESS_EVERY);
    expect(unwrap(await scoreLeadsAsync(model, list, [], { asOf }))).toEqual(
      unwrap(scoreLeads(model, list, [], { asOf })),
    );
    const controller = new AbortController();
    const seen: number[] = [];
    const pending = scoreLeadsAsync(model, leads(50 * SCORE_PROGRESS_EVERY), [], {
      asOf,
      signal: controller.signal,
      onProgress: (p) => seen.push(p.done),
    });
    setTimeout(() => controller.abort(), 0);
    const r = await pending;
    expect(r.ok || r.error.code).toBe('aborted');
    expect(seen.length).toBeLessThan(50);
  });

  it('refuses bad progress options with their path, and lets what onProgress throws propagate', async () => {
    const bad = scoreLeads(model, leads(1), [], {
      asOf,
      onProgress: 3 as never,
      signal: 'x' as never,
      extra: 1,
    } as never);
    expect(bad.ok || bad.error.issues.map((i) => `${i.code} ${i.path.join('.')}`).sort()).toEqual([
      'invalid_type onProgress',
      'invalid_type signal',
      'unrecognized_keys ',
    ]);
    const boom = new Error('from the callback');
    expect(() =>
      scoreLeads(model, leads(1), [], {
        asOf,
        onProgress: () => {
          throw boom;
        },
      }),
    ).toThrow(boom);
    await expect(
      scoreLeadsAsync(model, leads(1), [], {
        asOf,
        onProgress: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    // A CrmError from the callback propagates too: it is the caller's, not the data's.
    const mine = new CrmError('conflict', 'mine');
    expect(() =>
      scoreLeads(model, leads(1), [], {
        asOf,
        onProgress: () => {
          throw mine;
        },
      }),
    ).toThrow(mine);
    // scoreLead takes asOf only.
    expect(scoreLead(model, leads(1)[0]!, [], { asOf, onProgress: () => undefined } as never).ok).toBe(false);
  });

  it('progress never changes the scores (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * SCORE_PROGRESS_EVERY + 3 }), (n) => {
        const list = leads(n);
        const plain = unwrap(scoreLeads(model, list, [], { asOf }));
        let last = -1;
        const withProgress = unwrap(
          scoreLeads(model, list, [], {
            asOf,
            onProgress: (p) => {
              expect(p.done).toBeGreaterThan(last);
              last = p.done;
            },
          }),
        );
        expect(last).toBe(n);
        expect(withProgress).toEqual(plain);
      }),
      { numRuns: 8 },
    );
  });
});
