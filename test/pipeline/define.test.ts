import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  definePipeline,
  builtinDealGuards,
  FORECAST_CATEGORIES,
  MAX_STAGES,
  type PipelineDefinition,
} from '../../src/pipeline/define.js';
import { openDeal, transitionDeal } from '../../src/pipeline/transition.js';
import { unwrap } from '../../src/core/result.js';
import type { Deal } from '../../src/entities/deal.js';
import { growthRatio, linearBound } from '../_linear.js';
import {
  b2bPipeline,
  b2bPipelineDefinition,
  saasRenewalPipeline,
  supportTicketPipeline,
} from '../../src/pipeline/presets.js';
import { canMove, nextStates } from '../../src/pipeline/machine.js';
import { ctxAt, day, dealWith } from './_fixtures.js';
import { hostileValue, orHostile } from '../_hostile.js';

const simple: PipelineDefinition = {
  id: 'simple',
  name: 'Simple',
  stages: [
    { id: 'a', name: 'A', kind: 'open', probability: 0.2, forecastCategory: 'pipeline' },
    { id: 'b', name: 'B', kind: 'open', probability: 0.6, forecastCategory: 'commit' },
    { id: 'won', name: 'Won', kind: 'won', probability: 1, forecastCategory: 'closed' },
    { id: 'lost', name: 'Lost', kind: 'lost', probability: 0, forecastCategory: 'omitted' },
  ],
};

describe('definePipeline', () => {
  it('builds a frozen pipeline whose definition round-trips through JSON', () => {
    const r = definePipeline(simple);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.initialStageId).toBe('a');
    expect(r.value.currency).toBeNull();
    expect(Object.isFrozen(r.value)).toBe(true);
    expect(Object.isFrozen(r.value.stages[0])).toBe(true);
    expect(r.value.stages.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    const again = definePipeline(JSON.parse(JSON.stringify(r.value.definition)) as PipelineDefinition);
    expect(again.ok && again.value.definition).toEqual(r.value.definition);
  });

  it('default transitions: open → any other stage; closed stages are final without allowReopen', () => {
    const p = definePipeline(simple);
    if (!p.ok) throw p.error;
    expect(nextStates(p.value.machine, 'a')).toEqual(['b', 'won', 'lost']);
    expect(nextStates(p.value.machine, 'won')).toEqual([]);
    expect(canMove(p.value.machine, 'lost', 'a')).toBe(false);
    const reopen = definePipeline({ ...simple, allowReopen: true });
    if (!reopen.ok) throw reopen.error;
    expect(nextStates(reopen.value.machine, 'won')).toEqual(['a', 'b']);
    expect(canMove(reopen.value.machine, 'won', 'lost')).toBe(false);
  });

  it('explicit transitions replace the default', () => {
    const p = definePipeline({
      ...simple,
      transitions: [
        { from: 'a', to: 'b' },
        { from: 'b', to: ['won', 'lost', 'a'] },
      ],
    });
    if (!p.ok) throw p.error;
    expect(canMove(p.value.machine, 'a', 'won')).toBe(false);
    expect(canMove(p.value.machine, 'b', 'won')).toBe(true);
  });

  it('reports every definition error at once, each with its path', () => {
    const r = definePipeline({
      id: 'bad',
      name: '',
      currency: 'XXY',
      stages: [
        { id: 'a', name: 'A', kind: 'open', probability: 1.5, forecastCategory: 'pipeline', rotAfterDays: -1 },
        { id: 'a', name: 'A2', kind: 'open', probability: 0.5, forecastCategory: 'pipeline' },
        {
          id: 'w',
          name: 'W',
          kind: 'won',
          probability: 0.9,
          forecastCategory: 'nope' as never,
          guards: [{ type: 'noSuchGuard' }],
        },
        { id: 'island', name: 'Island', kind: 'open', probability: 0.1, forecastCategory: 'pipeline' },
      ],
      transitions: [
        { from: 'a', to: ['w', 'ghost'] },
        { from: 'w', to: 'a', guards: [{ type: 'minAmount', params: { amount: 'lots' } }] },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation_failed');
    const codes = r.error.issues.map((i) => `${i.code}@${i.path.join('.')}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'invalid_type@name',
        'invalid_currency@currency',
        'invalid_value@stages.0.probability',
        'invalid_value@stages.0.rotAfterDays',
        'duplicate@stages.1.id',
        'invalid_value@stages.2.probability',
        'invalid_value@stages.2.forecastCategory',
        'unknown_guard@stages.2.guards.0.type',
        'missing_lost_stage@stages',
        'unknown_state@transitions.0.to',
        'invalid_value@transitions.1.guards.0.params',
      ]),
    );
    expect(r.error.issues.find((i) => i.path.join('.') === 'transitions.0.to')?.message).toContain('"ghost"');
    // one summary line, not every message joined: bounded whatever the number of problems
    expect(r.error.message).toMatch(/^pipeline "bad" is invalid: \d+ issues; first at name: /);
  });

  it('reports a missing won stage, a lost stage with probability ≠ 0 and unreachable stages', () => {
    const r = definePipeline({
      id: 'p',
      name: 'P',
      stages: [
        { id: 'a', name: 'A', kind: 'open', probability: 0.5, forecastCategory: 'pipeline' },
        { id: 'b', name: 'B', kind: 'open', probability: 0.5, forecastCategory: 'pipeline' },
        { id: 'l', name: 'L', kind: 'lost', probability: 0.1, forecastCategory: 'omitted' },
      ],
      transitions: [{ from: 'a', to: 'l' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const codes = r.error.issues.map((i) => `${i.code}@${i.path.join('.')}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'missing_won_stage@stages',
        'invalid_value@stages.2.probability',
        'unreachable_state@stages.1',
      ]),
    );
    expect(r.error.issues.find((i) => i.code === 'unreachable_state')?.message).toContain('stage "b"');
  });

  it('rejects non-object input and a missing stages array without throwing', () => {
    expect(definePipeline(null as never).ok).toBe(false);
    const r = definePipeline({ id: 'x', name: 'X' } as never);
    expect(r.ok).toBe(false);
    const withNull = definePipeline({ ...simple, stages: [...simple.stages, null as never] });
    expect(!withNull.ok && withNull.error.issues.map((i) => i.path.join('.'))).toContain('stages.4.id');
  });

  it('accepts registered custom guards and refuses unregistered ones', () => {
    const def: PipelineDefinition = {
      ...simple,
      stages: simple.stages.map((s) => (s.id === 'won' ? { ...s, guards: [{ type: 'ownerRequired' }] } : s)),
    };
    expect(definePipeline(def).ok).toBe(false);
    const r = definePipeline(def, {
      guards: {
        ownerRequired: {
          check: (d) => (d.ownerId !== null ? true : { message: 'an owner is required', fields: ['ownerId'] }),
        },
      },
    });
    expect(r.ok).toBe(true);
  });

  it('never throws on malformed definitions: always a Result (property)', () => {
    // Hostile values include objects whose toString is null or throws (a failure found in CI: seed 286407941).
    const stage = fc.record(
      {
        id: orHostile(fc.constantFrom('a', 'b', 'w', 'l')),
        name: orHostile(fc.string()),
        kind: orHostile(fc.constantFrom('open', 'won', 'lost')),
        probability: orHostile(fc.double()),
        forecastCategory: orHostile(fc.constantFrom('pipeline', 'closed', 'omitted')),
        guards: orHostile(
          fc.array(
            fc.record({
              type: orHostile(fc.constantFrom('minAmount', 'requiredFields', 'nope')),
              params: hostileValue,
            }),
          ),
        ),
        rotAfterDays: orHostile(fc.integer()),
      },
      { requiredKeys: [] },
    );
    const transition = fc.record(
      { from: orHostile(fc.constantFrom('a', '*')), to: orHostile(fc.constantFrom('b', 'w')), guards: hostileValue },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            id: orHostile(fc.string()),
            name: orHostile(fc.string()),
            currency: orHostile(fc.constantFrom('USD', 'XXX')),
            stages: orHostile(fc.array(orHostile(stage), { maxLength: 6 })),
            allowReopen: orHostile(fc.boolean()),
            transitions: orHostile(fc.array(orHostile(transition), { maxLength: 4 })),
          },
          { requiredKeys: [] },
        ),
        (def) => {
          const r = definePipeline(def as never);
          return r.ok || (r.error.code === 'validation_failed' && r.error.issues.length > 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an id that is not a non-empty string, and still names the pipeline in the message', () => {
    for (const id of [42, '', { toString: null }, undefined]) {
      const r = definePipeline({ ...simple, id } as never);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.issues.map((i) => i.path.join('.'))).toContain('id');
    }
  });

  it('probabilities outside [0, 1] are always refused (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 1.0000001, max: 1e6, noNaN: true }),
          fc.double({ min: -1e6, max: -1e-9, noNaN: true }),
          fc.constant(Number.NaN),
        ),
        (p) => {
          const r = definePipeline({
            ...simple,
            stages: simple.stages.map((s) => (s.id === 'a' ? { ...s, probability: p } : s)),
          });
          return !r.ok && r.error.issues.some((i) => i.path.join('.') === 'stages.0.probability');
        },
      ),
    );
  });
});

describe('presets', () => {
  it('the default B2B pipeline has the stages the seed documents name', () => {
    expect(b2bPipeline.stages.map((s) => s.name)).toEqual([
      'Prospecting',
      'Qualification',
      'Proposal',
      'Negotiation',
      'Closed Won',
      'Closed Lost',
    ]);
    expect(b2bPipeline.stages.map((s) => s.kind)).toEqual(['open', 'open', 'open', 'open', 'won', 'lost']);
    expect(definePipeline(b2bPipelineDefinition).ok).toBe(true);
  });
  it('SaaS renewal and support pipelines are valid and distinct', () => {
    expect(saasRenewalPipeline.initialStageId).toBe('renewal_due');
    expect(supportTicketPipeline.initialStageId).toBe('new');
    expect(canMove(supportTicketPipeline.machine, 'resolved', 'open')).toBe(true);
    expect(canMove(saasRenewalPipeline.machine, 'renewed', 'renewal_due')).toBe(false);
  });
});

describe('builtin guards', () => {
  const ctx = { from: 'a', to: 'b', at: new Date(0), by: null, reason: null, lostReason: null };
  it('requiredFields names every missing field; a zero amount counts as missing', () => {
    const d = dealWith('deal-1', [['prospecting', 0]], { amount: '0.00' });
    const v = builtinDealGuards['requiredFields']!.check(d, { fields: ['amount', 'expectedCloseDate', 'name'] }, ctx);
    expect(v).toEqual({
      message: 'required fields missing: amount, expectedCloseDate',
      fields: ['amount', 'expectedCloseDate'],
    });
  });
  it('minAmount compares exactly (no binary floating point)', () => {
    const g = builtinDealGuards['minAmount']!;
    expect(g.check(dealWith('deal-1', [['prospecting', 0]], { amount: '1000.00' }), { amount: '1000.00' }, ctx)).toBe(
      true,
    );
    expect(
      g.check(dealWith('deal-1', [['prospecting', 0]], { amount: '999.99' }), { amount: '1000.00' }, ctx),
    ).not.toBe(true);
    expect(g.validateParams?.({ amount: 1000 })).toHaveLength(1);
  });
  it('lostReasonRequired accepts a reason from the move or the deal, not a blank one', () => {
    const g = builtinDealGuards['lostReasonRequired']!;
    const d = dealWith('deal-1', [['prospecting', 0]]);
    expect(g.check(d, {}, ctx)).not.toBe(true);
    expect(g.check(d, {}, { ...ctx, lostReason: '  ' })).not.toBe(true);
    expect(g.check(d, {}, { ...ctx, lostReason: 'price' })).toBe(true);
    expect(g.check(dealWith('deal-2', [['prospecting', 0]], { lostReason: 'timing' }), {}, ctx)).toBe(true);
  });
});

describe('linear, bounded validation (issue 12 #3)', () => {
  const stage = (i: number, kind: 'open' | 'won' | 'lost' = 'open') => ({
    id: `s${i}`,
    name: `S${i}`,
    kind,
    probability: kind === 'won' ? 1 : kind === 'lost' ? 0 : 0.5,
    forecastCategory: 'pipeline' as const,
  });

  it('8,000 bad stages: one too_big issue, in time that does not grow with their number (ratio of sizes ×8)', () => {
    const bad = (n: number) => ({ id: 'p', name: 'P', stages: Array.from({ length: n }, () => ({ id: 1 })) });
    const r = definePipeline(bad(8000) as never);
    expect(!r.ok && r.error.issues).toEqual([expect.objectContaining({ path: ['stages'], code: 'too_big' })]);
    expect(
      growthRatio((n) => {
        const d = bad(n) as never;
        return () => definePipeline(d);
      }, 2000),
    ).toBeLessThan(linearBound());
  });

  it(`a valid 2,002-stage pipeline is refused quickly: at most MAX_STAGES (${MAX_STAGES}) stages`, () => {
    const big = {
      id: 'p',
      name: 'P',
      stages: [...Array.from({ length: 2000 }, (_, i) => stage(i)), stage(2000, 'won'), stage(2001, 'lost')],
    };
    const r = definePipeline(big);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['stages'], code: 'too_big' });
    const atLimit = {
      ...big,
      stages: [...big.stages.slice(0, MAX_STAGES - 2), stage(2000, 'won'), stage(2001, 'lost')],
    };
    expect(definePipeline(atLimit).ok).toBe(true);
  });

  it('many transition rules onto one move: time linear in the rules (the guard lists were concatenated anew per rule)', () => {
    const rules = (n: number) => ({
      id: 'p',
      name: 'P',
      stages: [stage(0), stage(1, 'won'), stage(2, 'lost')],
      transitions: [
        { from: 's0', to: 's2' },
        ...Array.from({ length: n }, () => ({ from: 's0', to: 's1', guards: [{ type: 'lostReasonRequired' }] })),
      ],
    });
    expect(definePipeline(rules(10)).ok).toBe(true);
    expect(
      growthRatio((n) => {
        const d = rules(n);
        return () => definePipeline(d);
      }, 2000),
    ).toBeLessThan(linearBound());
  });

  it('a rule set that spells out more than MAX_EXPANDED_MOVES moves is refused', () => {
    const stages = [...Array.from({ length: 98 }, (_, i) => stage(i)), stage(98, 'won'), stage(99, 'lost')];
    const ids = stages.map((s) => s.id);
    const r = definePipeline({
      id: 'p',
      name: 'P',
      stages,
      transitions: Array.from({ length: 3 }, () => ({ from: '*' as const, to: ids })),
    });
    expect(!r.ok && r.error.issues.some((i) => i.code === 'too_big' && i.path[0] === 'transitions')).toBe(true);
  });

  it('messages elide long values, and one error holds at most MAX_ISSUES issues', () => {
    const r = definePipeline({
      id: 'p',
      name: 'P',
      stages: Array.from({ length: MAX_STAGES }, (_, i) => ({ ...stage(i), kind: 'x'.repeat(100_000) as never })),
    });
    expect(!r.ok && r.error.issues.length).toBeLessThanOrEqual(100);
    expect(!r.ok && Math.max(...r.error.issues.map((i) => i.message.length))).toBeLessThan(400);
    expect(!r.ok && r.error.message.length).toBeLessThan(500);
  });

  it('unknown keys in the definition, its stages and the options are refused', () => {
    const r = definePipeline({
      ...b2bPipelineDefinition,
      stages: [
        { ...b2bPipelineDefinition.stages[0]!, probabilty: 0.3 } as never,
        ...b2bPipelineDefinition.stages.slice(1),
      ],
    });
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['stages', 0], code: 'unrecognized_keys' });
    const o = definePipeline(b2bPipelineDefinition, { guard: {} } as never);
    expect(!o.ok && o.error.issues[0]).toMatchObject({ path: ['options'], code: 'unrecognized_keys' });
  });
});

describe('registries are frozen (issue 12)', () => {
  it('builtinDealGuards: assigning check throws and the guard still refuses', () => {
    expect(Object.isFrozen(builtinDealGuards)).toBe(true);
    expect(Object.isFrozen(builtinDealGuards['lostReasonRequired'])).toBe(true);
    expect(() => {
      (builtinDealGuards['lostReasonRequired'] as { check: unknown }).check = () => true;
    }).toThrow(TypeError);
    const d = unwrap(openDeal(b2bPipeline, { name: 'D', amount: { amount: '1', currency: 'EUR' } }, ctxAt()));
    const r = transitionDeal(b2bPipeline, d, 'closed_lost', { at: day(1), by: null });
    expect(!r.ok && r.error.code).toBe('guard_rejected');
  });

  it('a pipeline keeps its own frozen copies of registered guards: changing the caller’s object changes nothing', () => {
    const mine = { ownerRequired: { check: (deal: Deal) => deal.ownerId !== null || { message: 'owner required' } } };
    const p = unwrap(
      definePipeline(
        {
          ...b2bPipelineDefinition,
          id: 'own',
          stages: b2bPipelineDefinition.stages.map((s) =>
            s.id === 'proposal' ? { ...s, guards: [{ type: 'ownerRequired' }] } : s,
          ),
        },
        { guards: mine },
      ),
    );
    mine.ownerRequired.check = () => true;
    expect(Object.isFrozen(mine.ownerRequired)).toBe(false); // the caller's object is not frozen either
    const d = unwrap(
      openDeal(p, { name: 'D', amount: { amount: '1', currency: 'EUR' }, expectedCloseDate: '2026-03-01' }, ctxAt()),
    );
    expect(transitionDeal(p, d, 'proposal', { at: day(1), by: null }).ok).toBe(false);
    expect(Object.isFrozen(p.machine.guards['ownerRequired'])).toBe(true);
  });

  it('preset definitions, FORECAST_CATEGORIES and the enums are frozen deeply', () => {
    expect(Object.isFrozen(FORECAST_CATEGORIES)).toBe(true);
    expect(Object.isFrozen(b2bPipelineDefinition.stages[0])).toBe(true);
    expect(Object.isFrozen(b2bPipeline.stages[2]!.guards)).toBe(true);
  });

  it('requiredFields cannot name a custom field an object inherits (toString, valueOf): read as own properties only', () => {
    const r = definePipeline({
      ...b2bPipelineDefinition,
      id: 'cf',
      stages: b2bPipelineDefinition.stages.map((s) =>
        s.id === 'proposal'
          ? { ...s, guards: [{ type: 'requiredFields', params: { fields: ['customFields.valueOf'] } }] }
          : s,
      ),
    });
    expect(!r.ok && r.error.issues[0]!.message).toContain('reserved');
    // an own custom field is required as usual
    const p = unwrap(
      definePipeline({
        ...b2bPipelineDefinition,
        id: 'cf2',
        stages: b2bPipelineDefinition.stages.map((s) =>
          s.id === 'proposal'
            ? { ...s, guards: [{ type: 'requiredFields', params: { fields: ['customFields.region'] } }] }
            : s,
        ),
      }),
    );
    const d = unwrap(openDeal(p, { name: 'D', amount: { amount: '1', currency: 'EUR' } }, ctxAt()));
    expect(transitionDeal(p, d, 'proposal', { at: day(1), by: null }).ok).toBe(false);
    const withRegion = unwrap(
      openDeal(p, { name: 'D', amount: { amount: '1', currency: 'EUR' }, customFields: { region: 'EMEA' } }, ctxAt()),
    );
    expect(transitionDeal(p, withRegion, 'proposal', { at: day(1), by: null }).ok).toBe(true);
  });
});
