/**
 * Every export of crmkit/pipeline, crmkit/entities, crmkit/money and crmkit/time answers hostile
 * arguments — in every position, in options objects, in the first element of arrays, and nested in
 * otherwise valid records — with a Result or a thrown CrmError: never a TypeError or RangeError, never
 * NaN or Infinity inside an ok Result, and never by freezing or changing what it was given (issue 11,
 * "The rule"; issue 12, the fuzzer).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CrmError } from '../../src/core/errors.js';
import { unwrap } from '../../src/core/result.js';
import * as pipeline from '../../src/pipeline/index.js';
import * as entities from '../../src/entities/index.js';
import * as moneyModule from '../../src/money/index.js';
import * as time from '../../src/time/index.js';
import { hostileValue } from '../_hostile.js';
import { ctxAt, day } from './_fixtures.js';

const deal = unwrap(
  pipeline.openDeal(
    pipeline.b2bPipeline,
    { name: 'D', amount: { amount: '100.00', currency: 'EUR' }, expectedCloseDate: '2026-03-01' },
    ctxAt(),
  ),
);
const lead = unwrap(entities.createLead({ lastName: 'L', email: 'l@example.com' }, ctxAt()));
const contact = unwrap(entities.createContact({ lastName: 'C', accountId: 'acc-1' }, ctxAt()));

/** Valid arguments per function, so hostile values can be put in one place at a time. */
const VALID: Record<string, readonly unknown[]> = {
  transitionDeal: [pipeline.b2bPipeline, deal, 'qualification', { at: day(2), by: null }],
  canTransition: [pipeline.b2bPipeline, deal, 'qualification', { at: day(2), by: null }],
  availableTransitions: [pipeline.b2bPipeline, deal, { at: day(2), by: null }],
  resetProbabilityToStage: [pipeline.b2bPipeline, deal, { at: day(2) }],
  openDeal: [pipeline.b2bPipeline, { name: 'D', amount: { amount: '1', currency: 'EUR' } }],
  moveDealToPipeline: [
    deal,
    pipeline.b2bPipeline,
    pipeline.saasRenewalPipeline,
    { prospecting: 'renewal_due' },
    { at: day(2), by: null },
  ],
  timeInStage: [deal, { asOf: day(3) }],
  stageDurations: [[deal]],
  stageFunnel: [pipeline.b2bPipeline, [deal]],
  stageAnalytics: [pipeline.b2bPipeline, [deal]],
  winRate: [pipeline.b2bPipeline, [deal], { period: { start: day(0), end: day(9) } }],
  salesCycleLength: [pipeline.b2bPipeline, [deal], {}],
  salesVelocity: [pipeline.b2bPipeline, [deal], { period: { start: day(0), end: day(9) }, currency: 'EUR' }],
  staleDeals: [pipeline.b2bPipeline, [deal], { asOf: day(3) }],
  weightedPipelineValue: [pipeline.b2bPipeline, [deal], { currency: 'EUR' }],
  forecast: [pipeline.b2bPipeline, [deal], { period: { start: day(0), end: day(90) }, by: 'month', currency: 'EUR' }],
  definePipeline: [pipeline.b2bPipelineDefinition, {}],
  defineStageMachine: [
    { id: 'm', initial: 'a', states: [{ id: 'a' }, { id: 'b' }], transitions: [{ from: 'a', to: 'b' }] },
    {},
  ],
  transitionState: [pipeline.ticketLifecycle, 'new', 'open', null, { at: day(1) }],
  moveState: [pipeline.ticketLifecycle, 'new', 'open', null, { at: day(1) }],
  canTransitionState: [pipeline.ticketLifecycle, 'new', 'open', null, { at: day(1) }],
  hasTransition: [pipeline.ticketLifecycle, 'new', 'open'],
  transitionContactLifecycle: [contact, 'consideration', { at: day(2), by: null, reason: null, force: false }],
  transitionLeadStatus: [lead, 'contacted', { at: day(2), by: null, reason: null, force: false }],
  leadLifecycleState: [lead],
  deriveLifecycle: [contact, { deals: [deal], subscriptions: [], surveys: [], referrals: [] }],
  lifecycleDurations: [[contact]],
  journeyFunnel: [[contact]],
  canMove: [pipeline.ticketLifecycle, 'new', 'open'],
  nextStates: [pipeline.ticketLifecycle, 'new'],
  dealProbability: [pipeline.b2bPipeline, deal],
  convertLead: [lead, {}, ctxAt()],
  updateLead: [lead, (d: { title: string | null }) => void (d.title = 'x'), ctxAt()],
  createLead: [{ lastName: 'L', email: 'l@example.com' }, ctxAt()],
  parseLead: [lead],
  parseDeal: [deal],
  money: ['1.00', 'EUR'],
  moneyFromJSON: ['{"amount":"1","currency":"EUR"}'],
  allocateMoney: [moneyModule.money('1.00', 'EUR'), [1, 2]],
  addMoney: [moneyModule.money('1.00', 'EUR'), moneyModule.money('1.00', 'EUR')],
  convertMoney: [moneyModule.money('1.00', 'EUR'), { from: 'EUR', to: 'USD', rate: '1.1', asOf: '2026-01-01' }],
  period: ['2026-01-01', '2026-02-01'],
  periodsBetween: ['2026-01-01', '2026-03-01', 'month'],
};

function hasNonFinite(v: unknown, seen = new Set<object>()): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (v === null || typeof v !== 'object' || seen.has(v) || v instanceof Date) return false;
  seen.add(v);
  return Object.values(v).some((x) => hasNonFinite(x, seen));
}

const modules = { pipeline, entities, money: moneyModule, time } as Record<string, Record<string, unknown>>;
const functions: [string, (...args: unknown[]) => unknown][] = [];
for (const [m, mod] of Object.entries(modules))
  for (const [name, f] of Object.entries(mod))
    if (typeof f === 'function') functions.push([`${m}.${name}`, f as (...args: unknown[]) => unknown]);

/** Calls f and classifies the outcome; returns a description of a defect, or undefined. */
function defectOf(name: string, f: (...args: unknown[]) => unknown, args: readonly unknown[]): string | undefined {
  const frozenBefore = args.map((a) => (a !== null && typeof a === 'object' ? Object.isFrozen(a) : true));
  try {
    const r = f(...args);
    if (
      r !== null &&
      typeof r === 'object' &&
      'ok' in r &&
      (r as { ok: unknown }).ok === true &&
      hasNonFinite((r as unknown as { value: unknown }).value)
    )
      return `${name}: NaN or Infinity in an ok Result`;
  } catch (e) {
    if (!(e instanceof CrmError))
      return `${name}: ${e instanceof Error ? `${e.name}: ${e.message}` : 'non-Error thrown'}`;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a !== null && typeof a === 'object' && !frozenBefore[i] && Object.isFrozen(a))
      return `${name}: froze argument ${i}`;
  }
  return undefined;
}

describe('hostile input to every export of pipeline, entities, money and time', () => {
  it('finds the functions', () => {
    expect(functions.length).toBeGreaterThan(100);
  });

  it('property: hostile values in each argument, each options key and the first array element give a Result or a CrmError', () => {
    const defects = new Set<string>();
    fc.assert(
      fc.property(hostileValue, fc.nat(), (h, pick) => {
        for (const [name, f] of functions) {
          const base = VALID[name.split('.')[1]!] ?? [];
          const tries: unknown[][] = [[h], [h, h], [h, null], [null, null, null]];
          for (let i = 0; i < base.length; i++) {
            const args = [...base];
            args[i] = h;
            tries.push(args);
            const a = base[i];
            if (a === deal || a === lead) {
              // nested JSON: in a custom field, and inside the first history entry
              const nested = [...base];
              nested[i] = { ...a, customFields: { x: h, list: [h] } };
              tries.push(nested);
              if (a === deal) {
                const inHistory = [...base];
                inHistory[i] = { ...deal, stageHistory: [{ ...deal.stageHistory[0]!, by: h }] };
                tries.push(inHistory);
              }
            }
            if (Array.isArray(a) && a.length > 0) {
              const withFirst = [...base];
              withFirst[i] = [h, ...a.slice(1)];
              tries.push(withFirst);
            } else if (a !== null && typeof a === 'object' && !(a instanceof Date)) {
              const keys = Object.keys(a);
              if (keys.length > 0) {
                const withKey = [...base];
                withKey[i] = { ...a, [keys[pick % keys.length]!]: h };
                tries.push(withKey);
              }
              const withNull = [...base];
              withNull[i] = null;
              tries.push(withNull);
            }
          }
          for (const args of tries) {
            const d = defectOf(name, f, args);
            if (d !== undefined) defects.add(d);
          }
        }
      }),
      { numRuns: 40 },
    );
    expect([...defects]).toEqual([]);
  });
});
