// Issue 13 §1: the memory store with recordEvents: true — the clock gives `at`, snapshots keep the
// recorded events, and the context's causedBy is checked (validateContext).
import { describe, it, expect } from 'vitest';
import { createMemoryStore, validateContext, validateEvents } from '../../src/repository/index.js';
import { fixedClock, unwrap } from '../../src/core/index.js';
import { leadArbitrary, surveyResponseArbitrary } from '../../src/testing/index.js';
import fc from 'fast-check';

const ctx = { tenantId: 'acme', actor: 'u1' };

describe('memory store with recordEvents', () => {
  it('stamps events with its clock, and a snapshot keeps them (camelCase kinds included)', async () => {
    const store = createMemoryStore({ recordEvents: true, clock: fixedClock('2026-03-02T09:00:00Z') });
    const [lead] = fc.sample(leadArbitrary(), { seed: 1, numRuns: 1 });
    const [response] = fc.sample(surveyResponseArbitrary(), { seed: 2, numRuns: 1 });
    unwrap(await store.leads.insert(ctx, lead!));
    unwrap(await store.surveyResponses.insert(ctx, response!));
    const events = unwrap(await store.events.read(ctx)).items;
    expect(events.map((e) => e.at.toISOString())).toEqual(events.map(() => '2026-03-02T09:00:00.000Z'));
    expect(events.map((e) => e.type)).toContain('surveyResponse_created');
    const copy = createMemoryStore({ snapshot: store.exportSnapshot() });
    expect(unwrap(await copy.events.read(ctx)).items).toEqual(events);
  });

  it('refuses an invalid causedBy in the context, and keeps a valid one', () => {
    expect(validateContext({ tenantId: 'acme', causedBy: { workflowId: 'w', depth: 0 } })).toEqual({
      ok: true,
      value: { tenantId: 'acme', causedBy: { workflowId: 'w', depth: 0 } },
    });
    for (const causedBy of [
      null,
      'w',
      { workflowId: '', depth: 0 },
      { workflowId: 'w', depth: 1.5 },
      { workflowId: 'w', depth: 0, x: 1 },
    ]) {
      const r = validateContext({ tenantId: 'acme', causedBy });
      expect(r.ok, JSON.stringify(causedBy)).toBe(false);
      if (!r.ok) expect(r.error.issues[0]!.path[0]).toBe('causedBy');
    }
  });

  it('validateEvents takes an entity kind as the prefix of a type, and event ids up to 300 characters', () => {
    const e = {
      id: 'x',
      type: 'surveyResponse_created',
      at: new Date(0),
      by: null,
      aggregate: { kind: 'surveyResponse' as const, id: 's1' },
      payload: {},
    };
    expect(validateEvents([e]).ok).toBe(true);
    expect(validateEvents([{ ...e, id: 'x'.repeat(300) }]).ok).toBe(true);
    expect(validateEvents([{ ...e, id: 'x'.repeat(301) }]).ok).toBe(false);
    expect(validateEvents([{ ...e, type: 'surveyResponseCreated' }]).ok).toBe(false);
    expect(validateEvents([{ ...e, type: 'nope_Created' }]).ok).toBe(false);
  });
});
