/**
 * slaAttainment: met ÷ due per target and priority with a Wilson interval (known values from R
 * 4.x, `prop.test(x, n, correct = FALSE)$conf.int`), and its accumulator (merge = one pass, JSON
 * round trip).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import {
  createSlaAttainmentAccumulator,
  slaAttainment,
  slaAttainmentAccumulatorFromJSON,
  type SlaState,
  type SlaStatus,
  type SlaTargetStatus,
} from '../../src/service/index.js';
import type { TicketPriority } from '../../src/entities/index.js';

const target = (name: SlaTargetStatus['target'], state: SlaState): SlaTargetStatus => ({
  target: name,
  targetMinutes: 60,
  startedAt: new Date(0),
  dueAt: new Date(3_600_000),
  metAt: null,
  elapsedBusinessMinutes: 0,
  remainingBusinessMinutes: 60,
  state,
  breachedAt: null,
});
const status = (
  priority: TicketPriority,
  first: SlaState | null,
  resolution: SlaState | null = null,
  next: SlaState[] = [],
): SlaStatus => ({
  ticketId: 't',
  policyId: 'p',
  priority,
  asOf: new Date(0),
  paused: false,
  firstResponse: first === null ? null : target('firstResponse', first),
  nextResponse: next.length === 0 ? null : target('nextResponse', next[next.length - 1]!),
  resolution: resolution === null ? null : target('resolution', resolution),
  nextResponses: next.map((s) => target('nextResponse', s)),
});

describe('slaAttainment', () => {
  it('counts decided targets only, per priority and over all priorities; matches R prop.test', () => {
    // First response: urgent 7 met of 9 due (2 breached; 3 running and 1 paused are not due yet).
    const statuses = [
      ...Array.from({ length: 7 }, () => status('urgent', 'met')),
      ...Array.from({ length: 2 }, () => status('urgent', 'breached')),
      ...Array.from({ length: 3 }, () => status('urgent', 'running')),
      status('urgent', 'paused'),
      status('low', 'breached', 'breached', ['met', 'met', 'breached']),
    ];
    const rows = unwrap(slaAttainment(statuses));
    const urgent = rows.find((r) => r.target === 'firstResponse' && r.priority === 'urgent')!;
    expect(urgent).toMatchObject({ due: 9, met: 7, breached: 2, rate: 7 / 9 });
    // R: prop.test(7, 9, correct = FALSE)$conf.int → 0.45258896910698904 0.93677489288215332
    expect(urgent.interval.lower).toBeCloseTo(0.45258896910698904, 13);
    expect(urgent.interval.upper).toBeCloseTo(0.93677489288215332, 13);
    const all = rows.find((r) => r.target === 'firstResponse' && r.priority === null)!;
    expect(all).toMatchObject({ due: 10, met: 7, breached: 3 });
    // Every next-response wait counts: 2 met of 3.
    expect(rows.find((r) => r.target === 'nextResponse' && r.priority === 'low')).toMatchObject({ due: 3, met: 2 });
    // R: prop.test(0, 1, correct = FALSE) has lower 0; a row with nothing met starts at 0.
    expect(rows.find((r) => r.target === 'resolution' && r.priority === 'low')?.interval.lower).toBe(0);
    // Order: target, then priority (low → urgent), then the all-priorities row.
    expect(rows.map((r) => `${r.target}:${r.priority}`)).toEqual([
      'firstResponse:low',
      'firstResponse:urgent',
      'firstResponse:null',
      'nextResponse:low',
      'nextResponse:null',
      'resolution:low',
      'resolution:null',
    ]);
  });

  it('a confidence level: R prop.test(3, 4, conf.level = 0.9) → 0.35616800859850650 0.94209267880014125', () => {
    const rows = unwrap(
      slaAttainment([status('high', 'met'), status('high', 'met'), status('high', 'met'), status('high', 'breached')], {
        confidence: 0.9,
      }),
    );
    expect(rows[0]!.interval.lower).toBeCloseTo(0.3561680085985065, 13);
    expect(rows[0]!.interval.upper).toBeCloseTo(0.94209267880014125, 13);
    expect(rows[0]!.interval.confidence).toBe(0.9);
  });

  it('empty input gives no rows; bad input is validation_failed with its path', () => {
    expect(unwrap(slaAttainment([]))).toEqual([]);
    const bad = slaAttainment([status('high', 'met'), { ...status('high', 'met'), priority: 'p1' as never }]);
    expect(!bad.ok && bad.error.issues[0]?.path).toEqual(['statuses', 1, 'priority']);
    const state = slaAttainment([status('high', 'late' as never)]);
    expect(!state.ok && state.error.issues[0]?.path).toEqual(['statuses', 0, 'firstResponse', 'state']);
    expect(slaAttainment([status('high', 'met')], { confidence: 1 }).ok).toBe(false);
    expect(slaAttainment([status('high', 'met')], { level: 0.9 } as never).ok).toBe(false);
    expect(slaAttainment(null as never).ok).toBe(false);
    expect(slaAttainment([null as never]).ok).toBe(false);
  });
});

const stateArb = fc.constantFrom<SlaState | null>('met', 'breached', 'running', 'paused', null);
const statusArb = fc
  .tuple(
    fc.constantFrom<TicketPriority>('low', 'normal', 'high', 'urgent'),
    stateArb,
    stateArb,
    fc.array(fc.constantFrom<SlaState>('met', 'breached', 'running'), { maxLength: 3 }),
  )
  .map(([p, f, r, n]) => status(p, f, r, n));

describe('the SLA attainment accumulator', () => {
  it('property: any split merged equals one pass equals slaAttainment; the JSON state round-trips', () => {
    fc.assert(
      fc.property(fc.array(statusArb, { maxLength: 40 }), fc.nat(40), (statuses, cut) => {
        const k = Math.min(cut, statuses.length);
        const left = createSlaAttainmentAccumulator();
        const right = createSlaAttainmentAccumulator();
        statuses.slice(0, k).forEach((s) => left.add(s));
        statuses.slice(k).forEach((s) => right.add(s));
        const merged = left.merge(right);
        const direct = unwrap(slaAttainment(statuses));
        expect(unwrap(merged.result())).toEqual(direct);
        const back = unwrap(slaAttainmentAccumulatorFromJSON(JSON.stringify(merged.toJSON())));
        expect(unwrap(back.result())).toEqual(direct);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses bad options (throws a CrmError) and a malformed state (a Result)', () => {
    expect(() => createSlaAttainmentAccumulator({ confidence: 2 })).toThrow(/confidence/);
    expect(slaAttainmentAccumulatorFromJSON({ kind: 'slaAttainment' }).ok).toBe(false);
    expect(slaAttainmentAccumulatorFromJSON('{').ok).toBe(false);
  });
});

describe('the accumulator layout', () => {
  it('has a [met, breached] pair for every target and priority', async () => {
    const { TICKET_PRIORITIES } = await import('../../src/entities/index.js');
    const { SLA_TARGETS } = await import('../../src/service/index.js');
    expect(createSlaAttainmentAccumulator().toJSON().data).toHaveLength(
      TICKET_PRIORITIES.length * SLA_TARGETS.length * 2,
    );
  });
});
