import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { parseDeal, updateDeal, type Deal } from '../../src/entities/deal.js';
import { fixedClock } from '../../src/core/clock.js';
import { b2bPipeline, saasRenewalPipeline } from '../../src/pipeline/presets.js';
import { definePipeline } from '../../src/pipeline/define.js';
import {
  transitionDeal,
  canTransition,
  availableTransitions,
  resetProbabilityToStage,
  openDeal,
  moveDealToPipeline,
} from '../../src/pipeline/transition.js';
import { ctxAt, day, dealWith } from './_fixtures.js';

function fresh(
  extra: {
    expectedCloseDate?: string | null;
    probability?: { value: number; source: 'stage' | 'manual' | 'model' };
  } = {},
): Deal {
  return unwrap(
    openDeal(
      b2bPipeline,
      {
        name: 'Acme',
        amount: { amount: '12000.00', currency: 'EUR' },
        expectedCloseDate: extra.expectedCloseDate === undefined ? '2026-03-31' : extra.expectedCloseDate,
        ...(extra.probability ? { probability: extra.probability } : {}),
      },
      ctxAt('2026-01-01T00:00:00Z'),
    ),
  );
}

describe('openDeal', () => {
  it('puts the deal in the first open stage with its probability and a first history entry', () => {
    const d = fresh();
    expect(d.pipelineId).toBe('b2b');
    expect(d.stageId).toBe('prospecting');
    expect(d.probability).toEqual({ value: 0.1, source: 'stage' });
    expect(d.stageHistory).toEqual([{ from: null, to: 'prospecting', at: day(0), by: null, reason: null }]);
  });
  it('accepts another open stage but refuses closed or unknown ones, and foreign currencies', () => {
    expect(
      unwrap(
        openDeal(b2bPipeline, { name: 'A', stageId: 'proposal', amount: { amount: '1', currency: 'EUR' } }, ctxAt()),
      ).probability.value,
    ).toBe(0.5);
    expect(
      openDeal(b2bPipeline, { name: 'A', stageId: 'closed_won', amount: { amount: '1', currency: 'EUR' } }, ctxAt()).ok,
    ).toBe(false);
    expect(
      openDeal(b2bPipeline, { name: 'A', stageId: 'nope', amount: { amount: '1', currency: 'EUR' } }, ctxAt()).ok,
    ).toBe(false);
    const eur = unwrap(definePipeline({ ...b2bPipeline.definition, id: 'eu', currency: 'EUR' }));
    const r = openDeal(eur, { name: 'A', amount: { amount: '1', currency: 'USD' } }, ctxAt());
    expect(!r.ok && r.error.issues[0]?.path).toEqual(['amount', 'currency']);
  });
});

describe('transitionDeal', () => {
  it('moves the deal: stage, appended history entry, version and updatedAt, stage probability', () => {
    const d = fresh();
    const r = unwrap(transitionDeal(b2bPipeline, d, 'proposal', { at: day(3), by: 'user-1', reason: 'demo done' }));
    expect(r.deal.stageId).toBe('proposal');
    expect(r.deal.stageHistory.at(-1)).toEqual({
      from: 'prospecting',
      to: 'proposal',
      at: day(3),
      by: 'user-1',
      reason: 'demo done',
    });
    expect(r.deal.stageHistory).toHaveLength(2);
    expect(r.deal.version).toBe(2);
    expect(r.deal.updatedAt).toEqual(day(3));
    expect(r.deal.probability).toEqual({ value: 0.5, source: 'stage' });
    expect(r.deal.closedAt).toBeNull();
    expect(Object.isFrozen(r.deal) && Object.isFrozen(r.deal.stageHistory)).toBe(true);
    expect(r.event).toEqual({
      id: 'deal-1@2',
      type: 'deal_stage_changed',
      at: day(3),
      by: 'user-1',
      aggregate: { kind: 'deal', id: 'deal-1' },
      payload: {
        pipelineId: 'b2b',
        fromStageId: 'prospecting',
        toStageId: 'proposal',
        reason: 'demo done',
        amount: { amount: '12000.00', currency: 'EUR' },
        probability: 0.5,
      },
    });
  });

  it('gives the same deal updateDeal would (re-validated by the entity schema)', () => {
    const d = fresh();
    const r = unwrap(transitionDeal(b2bPipeline, d, 'qualification', { at: day(2), by: null }));
    const viaUpdate = unwrap(
      updateDeal(
        d,
        (x) => {
          x.stageId = 'qualification';
          x.probability = { value: 0.2, source: 'stage' };
          x.stageHistory.push({ from: 'prospecting', to: 'qualification', at: day(2), by: null, reason: null });
        },
        { clock: fixedClock(day(2)) },
      ),
    );
    expect(r.deal).toEqual(viaUpdate);
    expect(unwrap(parseDeal(JSON.parse(JSON.stringify(r.deal))))).toEqual(r.deal);
  });

  it('event ids are deterministic and differ per change; Dates are copied, not shared', () => {
    const at = day(2);
    const a = unwrap(transitionDeal(b2bPipeline, fresh(), 'qualification', { at, by: null }));
    const b = unwrap(transitionDeal(b2bPipeline, a.deal, 'proposal', { at: day(3), by: null }));
    expect([a.event.id, b.event.id]).toEqual(['deal-1@2', 'deal-1@3']);
    expect(unwrap(transitionDeal(b2bPipeline, fresh(), 'qualification', { at, by: null })).event.id).toBe(a.event.id);
    expect(a.deal.stageHistory.at(-1)!.at).not.toBe(at);
    at.setTime(0);
    expect(a.deal.stageHistory.at(-1)!.at).toEqual(day(2));
  });

  it('uses ctx.clock for updatedAt when given', () => {
    const r = unwrap(
      transitionDeal(
        b2bPipeline,
        fresh(),
        'qualification',
        { at: day(2), by: null },
        { clock: fixedClock('2026-02-01T00:00:00Z') },
      ),
    );
    expect(r.deal.updatedAt.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('won: closedAt set, probability 1, deal_won event with the amount', () => {
    const r = unwrap(transitionDeal(b2bPipeline, fresh(), 'closed_won', { at: day(30), by: 'u' }));
    expect(r.deal.closedAt).toEqual(day(30));
    expect(r.deal.probability).toEqual({ value: 1, source: 'stage' });
    expect(r.event.type).toBe('deal_won');
    if (r.event.type === 'deal_won') expect(r.event.payload.closedAt).toEqual(day(30));
  });

  it('lost: needs a lost reason (guard_rejected naming the guard and field), then stores it', () => {
    const refused = transitionDeal(b2bPipeline, fresh(), 'closed_lost', { at: day(5), by: 'u' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('guard_rejected');
    expect(refused.error.message).toContain('lostReasonRequired');
    expect(refused.error.issues.map((i) => i.path)).toEqual([['lostReason']]);
    const r = unwrap(
      transitionDeal(b2bPipeline, fresh(), 'closed_lost', { at: day(5), by: 'u', lostReason: 'budget' }),
    );
    expect(r.deal.lostReason).toBe('budget');
    expect(r.deal.closedAt).toEqual(day(5));
    expect(r.event.type).toBe('deal_lost');
    if (r.event.type === 'deal_lost') expect(r.event.payload.lostReason).toBe('budget');
  });

  it('guard_rejected lists the missing required fields', () => {
    const r = transitionDeal(b2bPipeline, fresh({ expectedCloseDate: null }), 'negotiation', { at: day(1), by: null });
    expect(!r.ok && r.error.code).toBe('guard_rejected');
    expect(!r.ok && r.error.message).toContain('requiredFields');
    expect(!r.ok && r.error.issues.map((i) => i.path[0])).toEqual(['expectedCloseDate']);
  });

  it('reopen: closedAt and lostReason cleared, deal_reopened event', () => {
    const lost = unwrap(
      transitionDeal(b2bPipeline, fresh(), 'closed_lost', { at: day(5), by: 'u', lostReason: 'budget' }),
    ).deal;
    const r = unwrap(transitionDeal(b2bPipeline, lost, 'negotiation', { at: day(9), by: 'u', reason: 'budget found' }));
    expect(r.deal.closedAt).toBeNull();
    expect(r.deal.lostReason).toBeNull();
    expect(r.deal.probability.value).toBe(0.8);
    expect(r.event.type).toBe('deal_reopened');
  });

  it('closed deals do not reopen in a pipeline without allowReopen; won cannot go straight to lost', () => {
    const won = unwrap(
      transitionDeal(
        saasRenewalPipeline,
        unwrap(openDeal(saasRenewalPipeline, { name: 'R', amount: { amount: '10', currency: 'EUR' } }, ctxAt())),
        'renewed',
        { at: day(1), by: null },
      ),
    ).deal;
    const r = transitionDeal(saasRenewalPipeline, won, 'renewal_due', { at: day(2), by: null });
    expect(!r.ok && r.error.code).toBe('invalid_transition');
    const b2bWon = unwrap(transitionDeal(b2bPipeline, fresh(), 'closed_won', { at: day(1), by: null })).deal;
    expect(transitionDeal(b2bPipeline, b2bWon, 'closed_lost', { at: day(2), by: null, lostReason: 'x' }).ok).toBe(
      false,
    );
  });

  it('invalid_transition for same stage, unknown stage, deal of another pipeline or unknown current stage', () => {
    const d = fresh();
    for (const to of ['prospecting', 'nowhere']) {
      const r = transitionDeal(b2bPipeline, d, to, { at: day(1), by: null });
      expect(!r.ok && r.error.code).toBe('invalid_transition');
    }
    expect(transitionDeal(saasRenewalPipeline, d, 'in_review', { at: day(1), by: null }).ok).toBe(false);
    const weird = dealWith('deal-9', [['ghost', 0]]);
    const r = transitionDeal(b2bPipeline, weird, 'proposal', { at: day(1), by: null });
    expect(!r.ok && r.error.issues[0]?.code).toBe('unknown_stage');
  });

  it('validation_failed for an invalid `at` or one before the last history entry', () => {
    const d = unwrap(transitionDeal(b2bPipeline, fresh(), 'qualification', { at: day(5), by: null })).deal;
    const early = transitionDeal(b2bPipeline, d, 'proposal', { at: day(4), by: null });
    expect(!early.ok && early.error.code).toBe('validation_failed');
    expect(!early.ok && early.error.issues[0]?.path).toEqual(['at']);
    expect(transitionDeal(b2bPipeline, d, 'proposal', { at: new Date(Number.NaN), by: null }).ok).toBe(false);
    expect(transitionDeal(b2bPipeline, d, 'proposal', { at: day(5), by: null }).ok).toBe(true);
  });

  describe('probability override policy', () => {
    it('a manual or model probability is kept on stage changes', () => {
      for (const source of ['manual', 'model'] as const) {
        const d = fresh({ probability: { value: 0.35, source } });
        const r = unwrap(transitionDeal(b2bPipeline, d, 'negotiation', { at: day(1), by: null }));
        expect(r.deal.probability).toEqual({ value: 0.35, source });
      }
    });
    it('resetProbability: true, or resetProbabilityToStage, brings it back to the stage', () => {
      const d = fresh({ probability: { value: 0.35, source: 'manual' } });
      expect(
        unwrap(transitionDeal(b2bPipeline, d, 'negotiation', { at: day(1), by: null, resetProbability: true })).deal
          .probability,
      ).toEqual({ value: 0.8, source: 'stage' });
      const reset = unwrap(resetProbabilityToStage(b2bPipeline, d, { at: day(1) }));
      expect(reset.probability).toEqual({ value: 0.1, source: 'stage' });
      expect(reset.version).toBe(d.version + 1);
      expect(unwrap(resetProbabilityToStage(b2bPipeline, reset, { at: day(2) }))).toEqual(reset);
    });
  });
});

describe('canTransition and availableTransitions', () => {
  it('agree with transitionDeal and explain refusals', () => {
    const d = fresh({ expectedCloseDate: null });
    const opts = { at: day(1), by: null };
    const list = availableTransitions(b2bPipeline, d, opts);
    expect(list.map((t) => [t.stage.id, t.allowed])).toEqual([
      ['qualification', true],
      ['proposal', false],
      ['negotiation', false],
      ['closed_won', true],
      ['closed_lost', false],
    ]);
    for (const t of list) {
      expect(canTransition(b2bPipeline, d, t.stage.id, opts)).toBe(t.allowed);
      expect(transitionDeal(b2bPipeline, d, t.stage.id, opts).ok).toBe(t.allowed);
    }
    expect(list.find((t) => t.stage.id === 'proposal')?.error?.code).toBe('guard_rejected');
    expect(canTransition(b2bPipeline, d, 'closed_lost', { ...opts, lostReason: 'x' })).toBe(true);
    expect(canTransition(saasRenewalPipeline, d, 'in_review', opts)).toBe(false);
    expect(availableTransitions(saasRenewalPipeline, d, opts)).toEqual([]);
  });
});

describe('moveDealToPipeline', () => {
  it('maps the stage, appends history, follows the new stage probability and emits deal_stage_changed', () => {
    const d = fresh();
    const r = unwrap(
      moveDealToPipeline(
        d,
        b2bPipeline,
        saasRenewalPipeline,
        { prospecting: 'renewal_due' },
        { at: day(2), by: 'u', reason: 'is a renewal' },
      ),
    );
    expect(r.deal.pipelineId).toBe('saas_renewal');
    expect(r.deal.stageId).toBe('renewal_due');
    expect(r.deal.probability).toEqual({ value: 0.7, source: 'stage' });
    expect(r.deal.stageHistory.at(-1)).toEqual({
      from: 'prospecting',
      to: 'renewal_due',
      at: day(2),
      by: 'u',
      reason: 'is a renewal',
    });
    expect(r.event.type).toBe('deal_stage_changed');
    expect(r.event.payload.fromPipelineId).toBe('b2b');
    expect(unwrap(parseDeal(r.deal))).toEqual(r.deal);
    // It can move on in its new pipeline.
    expect(transitionDeal(saasRenewalPipeline, r.deal, 'in_review', { at: day(3), by: null }).ok).toBe(true);
  });
  it('refuses an unmapped stage, a stage of another kind, and a deal not in `from`', () => {
    const d = fresh();
    expect(moveDealToPipeline(d, b2bPipeline, saasRenewalPipeline, {}, { at: day(1), by: null }).ok).toBe(false);
    const kind = moveDealToPipeline(
      d,
      b2bPipeline,
      saasRenewalPipeline,
      { prospecting: 'renewed' },
      { at: day(1), by: null },
    );
    expect(!kind.ok && kind.error.issues[0]?.code).toBe('stage_kind_mismatch');
    expect(
      moveDealToPipeline(d, saasRenewalPipeline, b2bPipeline, { prospecting: 'prospecting' }, { at: day(1), by: null })
        .ok,
    ).toBe(false);
  });
});

describe('properties', () => {
  const stageIds = b2bPipeline.stages.map((s) => s.id);
  const step = fc.record({
    to: fc.constantFrom(...stageIds, 'bogus'),
    gapHours: fc.integer({ min: -5, max: 500 }),
    lostReason: fc.option(fc.constantFrom('price', 'timing', ''), { nil: undefined }),
    manual: fc.boolean(),
  });

  it('any sequence of attempted transitions keeps the deal in a defined stage with a consistent, ordered history; inputs never mutated', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.boolean(), (steps, noCloseDate) => {
        let d = fresh({ expectedCloseDate: noCloseDate ? null : '2026-06-30' });
        let t = d.createdAt.getTime();
        for (const s of steps) {
          const before = JSON.stringify(d);
          const at = new Date(t + s.gapHours * 3_600_000);
          const r = transitionDeal(b2bPipeline, d, s.to, { at, by: null, lostReason: s.lostReason });
          if (JSON.stringify(d) !== before) return false;
          if (r.ok) {
            const next = r.value.deal;
            const stage = b2bPipeline.stageById.get(next.stageId);
            if (stage === undefined) return false;
            if ((stage.kind === 'open') !== (next.closedAt === null)) return false;
            if (next.version !== d.version + 1) return false;
            d = next;
            t = at.getTime();
          } else if (!['invalid_transition', 'guard_rejected', 'validation_failed'].includes(r.error.code))
            return false;
        }
        const h = d.stageHistory;
        if (h.at(-1)?.to !== d.stageId) return false;
        for (let i = 1; i < h.length; i++) {
          if (h[i]!.from !== h[i - 1]!.to) return false;
          if (h[i]!.at.getTime() < h[i - 1]!.at.getTime()) return false;
        }
        return parseDeal(d).ok;
      }),
      { numRuns: 200 },
    );
  });

  it('a transition allowed by canTransition always succeeds and one refused always fails', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...stageIds),
        fc.constantFrom(...stageIds),
        fc.option(fc.constant('why'), { nil: undefined }),
        (via, to, lostReason) => {
          let d = fresh();
          if (via !== d.stageId) {
            const r = transitionDeal(b2bPipeline, d, via, { at: day(1), by: null, lostReason: 'x' });
            if (r.ok) d = r.value.deal;
          }
          const opts = { at: day(2), by: null, lostReason };
          return canTransition(b2bPipeline, d, to, opts) === transitionDeal(b2bPipeline, d, to, opts).ok;
        },
      ),
    );
  });
});

describe('what the transitions are given is validated, never frozen (issue 12)', () => {
  const valid = () => fresh();
  const at = day(3);

  it('transitionDeal, moveDealToPipeline and resetProbabilityToStage refuse deals with name NaN, version NaN or amount "abc"', () => {
    for (const bad of [
      { ...valid(), name: Number.NaN },
      { ...valid(), version: Number.NaN },
      { ...valid(), amount: { amount: 'abc', currency: 'EUR' } },
    ] as unknown as Deal[]) {
      const t = transitionDeal(b2bPipeline, bad, 'qualification', { at, by: null });
      const m = moveDealToPipeline(
        bad,
        b2bPipeline,
        saasRenewalPipeline,
        { prospecting: 'renewal_due' },
        { at, by: null },
      );
      const r = resetProbabilityToStage(b2bPipeline, bad, { at });
      for (const x of [t, m, r]) {
        expect(x.ok).toBe(false);
        if (!x.ok) {
          expect(x.error.code).toBe('validation_failed');
          expect(x.error.issues[0]!.path[0]).toBe('deal');
        }
      }
    }
    expect(transitionDeal(b2bPipeline, null as never, 'qualification', { at, by: null }).ok).toBe(false);
  });

  it('transitionDeal and moveDealToPipeline leave the caller’s nested objects unfrozen', () => {
    const d = valid();
    const mine = {
      ...d,
      amount: { ...d.amount },
      customFields: { tags: ['x'] },
      stageHistory: d.stageHistory.map((e) => ({ ...e })),
    } as unknown as Deal;
    const t = transitionDeal(b2bPipeline, mine, 'qualification', { at, by: 'u1' });
    expect(t.ok).toBe(true);
    const m = moveDealToPipeline(
      mine,
      b2bPipeline,
      saasRenewalPipeline,
      { prospecting: 'renewal_due' },
      { at, by: null },
    );
    expect(m.ok).toBe(true);
    const o = mine as unknown as { amount: object; customFields: { tags: string[] }; stageHistory: object[] };
    expect(Object.isFrozen(o.amount)).toBe(false);
    expect(Object.isFrozen(o.customFields)).toBe(false);
    expect(Object.isFrozen(o.customFields.tags)).toBe(false);
    expect(Object.isFrozen(o.stageHistory)).toBe(false);
    expect(Object.isFrozen(o.stageHistory[0])).toBe(false);
    o.customFields.tags.push('y'); // threw before: deepFreeze reached the caller's objects
    if (t.ok) {
      expect(t.value.deal.customFields['tags']).toEqual(['x']);
      expect(Object.isFrozen(t.value.deal.customFields['tags'])).toBe(true);
      expect(t.value.deal.stageHistory[0]!.at).not.toBe(mine.stageHistory[0]!.at);
    }
  });

  it('resetProbabilityToStage takes a context, like transitionDeal: updatedAt from its clock (issue 11 §6)', () => {
    const d = fresh({ probability: { value: 0.9, source: 'manual' } });
    const r = unwrap(
      resetProbabilityToStage(b2bPipeline, d, { at: day(2) }, { clock: fixedClock('2026-05-05T05:05:05Z') }),
    );
    expect(r.updatedAt).toEqual(new Date('2026-05-05T05:05:05Z'));
    expect(r.probability).toEqual({ value: 0.1, source: 'stage' });
    expect(unwrap(resetProbabilityToStage(b2bPipeline, d, { at: day(2) })).updatedAt).toEqual(day(2));
  });

  it('unknown option keys are refused, naming the allowed ones (issue 11)', () => {
    const r = transitionDeal(b2bPipeline, valid(), 'qualification', { at, by: null, lostreason: 'x' } as never);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['options'], code: 'unrecognized_keys' });
    expect(!r.ok && r.error.issues[0]!.message).toContain('allowed: at, by, reason, lostReason, resetProbability');
    const reset = resetProbabilityToStage(b2bPipeline, valid(), { at, by: 'u' } as never);
    expect(!reset.ok && reset.error.issues[0]!.code).toBe('unrecognized_keys');
    expect(() => canTransition(b2bPipeline, valid(), 'qualification', { at, by: null, x: 1 } as never)).toThrow(
      /unknown key 'x'/,
    );
  });

  it('texts longer than the deal stores are refused, not stored in an invalid deal', () => {
    const r = transitionDeal(b2bPipeline, valid(), 'qualification', { at, by: null, reason: 'x'.repeat(2001) });
    expect(!r.ok && r.error.issues[0]!.path).toEqual(['options', 'reason']);
    const ok1 = unwrap(transitionDeal(b2bPipeline, valid(), 'qualification', { at, by: '  u1  ', reason: '   ' }));
    expect(ok1.deal.stageHistory.at(-1)).toMatchObject({ by: 'u1', reason: null });
    expect(parseDeal(ok1.deal)).toEqual({ ok: true, value: ok1.deal });
  });

  it('canTransition answers what transitionDeal would, and false for an invalid deal', () => {
    expect(canTransition(b2bPipeline, valid(), 'qualification', { at, by: null })).toBe(true);
    expect(canTransition(b2bPipeline, { ...valid(), version: Number.NaN }, 'qualification', { at, by: null })).toBe(
      false,
    );
    expect(canTransition(b2bPipeline, valid(), 'qualification', { at: day(-5), by: null })).toBe(false);
  });
});
