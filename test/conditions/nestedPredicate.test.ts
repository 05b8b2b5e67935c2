/**
 * Conditions nested in extension tests (a change test's value test, an activity test's filter): a nested
 * condition that reads nothing from the context is bound and compiled once, not once per context object
 * (a workflow planner evaluates one compiled condition with a new context per event), and gives the same
 * answers as a condition compiled afresh for each call. A nested condition with `$now` is still bound to
 * each context's `asOf`.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

const binds = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/conditions/bind.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/conditions/bind.js')>();
  return {
    ...original,
    bindCondition: (...args: Parameters<typeof original.bindCondition>) => {
      binds.count++;
      return original.bindCondition(...args);
    },
  };
});

const { activityTests, bindCondition, changeTests, defineCondition, evaluateCondition } =
  await import('../../src/conditions/index.js');
const { compileBound } = await import('../../src/conditions/evaluate.js');
const { unwrap } = await import('../../src/core/result.js');

const change = (json: unknown) => unwrap(defineCondition(json, { entity: 'deal', extensions: changeTests }));

/** The condition compiled once for an empty context, as a hot loop (the workflow planner) holds it. */
const compiledOnce = (c: ReturnType<typeof change>) => compileBound(bindCondition(c, {}), c.catalog);

describe('a nested condition without context values', () => {
  it('is bound once however many context objects the compiled condition is called with', () => {
    const c = change({ changedTo: 'stageId', value: ['won', 'lost'] });
    binds.count = 0;
    const p = compiledOnce(c);
    const after = { stageId: 'won' };
    let held = 0;
    for (let i = 0; i < 1000; i++) if (p(after, { previous: { stageId: i % 2 === 0 ? 'won' : 'proposal' } })) held++;
    expect(held).toBe(500);
    // One bind for the condition and one for its nested value test (before the fix: one more per context).
    expect(binds.count).toBe(2);
  });

  it('gives the answers of a condition compiled afresh for each call (property)', () => {
    const stage = fc.constantFrom('qualify', 'proposal', 'won', 'lost', null, undefined);
    const amount = fc.option(
      fc.record({ amount: fc.constantFrom('10', '10.0', '12.50', '-1'), currency: fc.constantFrom('EUR', 'USD') }),
      { nil: null },
    );
    const closed = fc.constantFrom(null, '2026-03-01T00:00:00Z', new Date('2026-03-01T00:00:00Z'), new Date(0));
    const deal = fc.record({ stageId: stage, amount, closedAt: closed });
    const tests = fc.oneof(
      fc.record({ changed: fc.constantFrom('stageId', 'amount', 'closedAt') }),
      fc.record({
        changedTo: fc.constant('stageId'),
        value: fc.oneof(fc.constantFrom('won', 'lost'), fc.subarray(['qualify', 'proposal', 'won', 'lost'])),
      }),
      fc.record({
        changedFrom: fc.constant('stageId'),
        value: fc.oneof(fc.constantFrom('won', 'proposal'), fc.subarray(['qualify', 'proposal', 'won'])),
      }),
      fc.record({ changedTo: fc.constant('amount'), value: fc.constantFrom('10', '12.5') }),
    );
    fc.assert(
      fc.property(
        fc.array(tests, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(deal, fc.option(deal, { nil: null })), { minLength: 1, maxLength: 20 }),
        (parts, pairs) => {
          const c = change(parts.length === 1 ? parts[0] : { any: parts });
          const p = compiledOnce(c);
          for (const [after, previous] of pairs) {
            const context = previous === null ? {} : { previous };
            expect(p(after, context)).toBe(evaluateCondition(c, after, context));
          }
        },
      ),
    );
  });
});

describe('a nested condition with $now', () => {
  it('is bound to each context: the same compiled condition follows asOf', () => {
    const c = unwrap(
      defineCondition(
        { activity: { field: 'occurredAt', op: 'gte', value: { $now: '-P7D' } }, atLeast: 1 },
        { entity: 'lead', extensions: [activityTests] },
      ),
    );
    const activities = [{ kind: 'web', subject: 'Pricing', occurredAt: new Date('2026-03-01T00:00:00Z') }];
    const p = compileBound(bindCondition(c, { asOf: new Date('2026-03-02T00:00:00Z') }), c.catalog);
    for (const [asOf, want] of [
      ['2026-03-02T00:00:00Z', true],
      ['2026-03-20T00:00:00Z', false],
      ['2026-03-05T00:00:00Z', true],
    ] as const) {
      const context = { asOf: new Date(asOf), activities };
      expect(p({}, context)).toBe(want);
      expect(p({}, context)).toBe(evaluateCondition(c, {}, context));
    }
  });
});
