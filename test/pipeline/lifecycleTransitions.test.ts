/**
 * Lifecycles that hold (issue 17 §1): contact and lead histories, the transitions that enforce the
 * customer and lead lifecycles (forward-only unless forced, on record; re-entries out of churned and
 * unqualified without force, marked), update* refusing a direct
 * change, the cross-field rule, and histories ordered and consistent with the machine (property).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unwrap } from '../../src/core/result.js';
import { fixedClock } from '../../src/core/clock.js';
import {
  convertLead,
  createContact,
  createLead,
  createSubscription,
  parseContact,
  parseLead,
  updateContact,
  updateLead,
  LIFECYCLE_STAGES,
  LEAD_LIFECYCLE_STATES,
  type Contact,
  type Lead,
  type LifecycleStage,
} from '../../src/entities/index.js';
import {
  defineStageMachine,
  deriveLifecycle,
  customerLifecycle,
  hasTransition,
  leadLifecycle,
  leadLifecycleState,
  lifecycleDurations,
  transitionContactLifecycle,
  transitionLeadStatus,
} from '../../src/pipeline/index.js';
import { ctxAt, day } from './_fixtures.js';

const contact = (stage: Contact['lifecycleStage'] = 'awareness'): Contact =>
  unwrap(createContact({ lastName: 'Hopper', lifecycleStage: stage }, ctxAt()));
const lead = (extra: Partial<Parameters<typeof createLead>[0]> = {}): Lead =>
  unwrap(createLead({ lastName: 'Lovelace', email: 'ada@example.com', ...extra }, ctxAt()));

describe('Contact.lifecycleHistory', () => {
  it('starts at creation with the initial stage', () => {
    const c = unwrap(createContact({ lastName: 'H', lifecycleStage: 'decision' }, { ...ctxAt(), actor: 'u1' }));
    expect(c.lifecycleHistory).toEqual([
      { from: null, to: 'decision', at: day(0), by: 'u1', reason: null, forced: false },
    ]);
  });

  it('updateContact refuses a direct stage change and names transitionContactLifecycle', () => {
    const r = updateContact(contact(), (d) => void (d.lifecycleStage = 'advocacy'), ctxAt());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues[0]).toMatchObject({ path: ['lifecycleHistory', 0, 'to'], code: 'inconsistent_history' });
      expect(r.error.issues[0]!.message).toContain('transitionContactLifecycle');
    }
  });

  it('a contact stored before histories existed parses with [] and still refuses a direct change', () => {
    const { lifecycleHistory: _, ...old } = contact('growth');
    const c = unwrap(parseContact(JSON.parse(JSON.stringify(old))));
    expect(c.lifecycleHistory).toEqual([]);
    const r = updateContact(c, (d) => void (d.lifecycleStage = 'advocacy'), ctxAt());
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['lifecycleStage'], code: 'inconsistent_history' });
    expect(!r.ok && r.error.message).toContain('transitionContactLifecycle');
    // Its other fields still change, and the transition starts its history.
    expect(updateContact(c, (d) => void (d.title = 'CTO'), ctxAt()).ok).toBe(true);
    const moved = unwrap(transitionContactLifecycle(c, 'advocacy', { at: day(3) }));
    expect(moved.contact.lifecycleHistory).toEqual([
      { from: 'growth', to: 'advocacy', at: day(3), by: null, reason: null, forced: false },
    ]);
  });

  it('refuses histories out of order, broken, or before the creation', () => {
    const base = JSON.parse(JSON.stringify(contact('consideration'))) as Record<string, unknown>;
    const e = (from: string | null, to: string, at: Date) => ({ from, to, at, by: null, reason: null, forced: false });
    const codes = (history: unknown[]) => {
      const r = parseContact({ ...base, lifecycleHistory: history });
      return r.ok ? [] : r.error.issues.map((i) => i.code);
    };
    expect(codes([e(null, 'awareness', day(2)), e('awareness', 'consideration', day(1))])).toEqual(['out_of_order']);
    expect(codes([e(null, 'awareness', day(0)), e('decision', 'consideration', day(1))])).toEqual([
      'inconsistent_history',
    ]);
    expect(codes([e(null, 'consideration', new Date(day(0).getTime() - 1))])).toEqual(['before_creation']);
    expect(codes([e(null, 'awareness', day(0))])).toEqual(['inconsistent_history']);
  });
});

describe('transitionContactLifecycle', () => {
  it('moves forward along customerLifecycle, records the entry and emits contact_lifecycle_changed', () => {
    const c = contact();
    const snapshot = JSON.stringify(c);
    const r = unwrap(transitionContactLifecycle(c, 'consideration', { at: day(2), by: 'u1', reason: 'webinar' }));
    expect(r.contact.lifecycleStage).toBe('consideration');
    expect(r.contact.version).toBe(2);
    expect(r.contact.updatedAt).toEqual(day(2));
    expect(r.contact.lifecycleHistory.at(-1)).toEqual({
      from: 'awareness',
      to: 'consideration',
      at: day(2),
      by: 'u1',
      reason: 'webinar',
      forced: false,
    });
    expect(r.event).toEqual({
      id: `${c.id}@2`,
      type: 'contact_lifecycle_changed',
      at: day(2),
      by: 'u1',
      aggregate: { kind: 'contact', id: c.id },
      payload: { fromStage: 'awareness', toStage: 'consideration', reason: 'webinar', forced: false },
    });
    expect(Object.isFrozen(r.contact) && Object.isFrozen(r.event)).toBe(true);
    expect(JSON.stringify(c)).toBe(snapshot);
  });

  it('refuses a jump the machine lacks (awareness → advocacy), listing the allowed targets', () => {
    const r = transitionContactLifecycle(contact(), 'advocacy', { at: day(1) });
    expect(!r.ok && r.error.code).toBe('invalid_transition');
    expect(!r.ok && r.error.message).toContain("allowed from 'awareness': consideration");
  });

  it('is forward-only by default: growth → advocacy → growth needs force, which is recorded', () => {
    const adv = unwrap(transitionContactLifecycle(contact('growth'), 'advocacy', { at: day(1) })).contact;
    expect(hasTransition(customerLifecycle, 'advocacy', 'growth')).toBe(true);
    const back = transitionContactLifecycle(adv, 'growth', { at: day(2) });
    expect(!back.ok && back.error.code).toBe('invalid_transition');
    expect(!back.ok && back.error.message).toContain('force');
    const forced = unwrap(transitionContactLifecycle(adv, 'growth', { at: day(2), force: true, reason: 'NPS 6' }));
    expect(forced.contact.lifecycleHistory.at(-1)).toMatchObject({
      from: 'advocacy',
      to: 'growth',
      forced: true,
      reason: 'NPS 6',
    });
    expect(forced.event.payload.forced).toBe(true);
  });

  it('force also allows a move the machine lacks', () => {
    const grown = unwrap(transitionContactLifecycle(contact(), 'growth', { at: day(1), force: true })).contact;
    expect(grown.lifecycleStage).toBe('growth');
    expect(grown.lifecycleHistory.at(-1)).toEqual({
      from: 'awareness',
      to: 'growth',
      at: day(1),
      by: null,
      reason: null,
      forced: true,
    });
  });

  it('a win-back is a re-entry: churned → consideration, decision or growth without force, marked reentry: true', () => {
    const grown = unwrap(transitionContactLifecycle(contact(), 'growth', { at: day(1), force: true })).contact;
    const churned = unwrap(transitionContactLifecycle(grown, 'churned', { at: day(2) })).contact;
    for (const to of ['consideration', 'decision', 'growth'] as const) {
      const back = unwrap(transitionContactLifecycle(churned, to, { at: day(3), reason: 'bought again' }));
      expect(back.contact.lifecycleStage).toBe(to);
      expect(back.contact.lifecycleHistory.at(-1)).toEqual({
        from: 'churned',
        to,
        at: day(3),
        by: null,
        reason: 'bought again',
        forced: false,
        reentry: true,
      });
      expect(back.event.payload).toEqual({ fromStage: 'churned', toStage: to, reason: 'bought again', forced: false });
      // Stored and read back (JSON), the marker stays.
      expect(unwrap(parseContact(JSON.parse(JSON.stringify(back.contact))))).toEqual(back.contact);
    }
    // A forced move out of churned is recorded as forced, not as a re-entry.
    const forced = unwrap(transitionContactLifecycle(churned, 'growth', { at: day(3), force: true })).contact;
    expect(forced.lifecycleHistory.at(-1)).not.toHaveProperty('reentry');
    // Out of churned only where the machine goes: churned → awareness or advocacy still needs force.
    for (const to of ['awareness', 'advocacy'] as const) {
      const r = transitionContactLifecycle(churned, to, { at: day(3) });
      expect(!r.ok && r.error.code, to).toBe('invalid_transition');
    }
    // Forward-only still holds between active stages.
    expect(transitionContactLifecycle(grown, 'decision', { at: day(3) }).ok).toBe(false);
  });

  it("deriveLifecycle's win-back suggestion applies without force", () => {
    const grown = unwrap(transitionContactLifecycle(contact(), 'growth', { at: day(1), force: true })).contact;
    const churned = unwrap(transitionContactLifecycle(grown, 'churned', { at: day(2) })).contact;
    const subscription = unwrap(
      createSubscription(
        {
          accountId: 'acc-1',
          plan: 'pro',
          status: 'active',
          mrr: { amount: '49.00', currency: 'EUR' },
          startedAt: day(3),
        },
        ctxAt(),
      ),
    );
    const suggested = unwrap(
      deriveLifecycle({ ...churned, accountId: 'acc-1' } as Contact, {
        deals: [],
        subscriptions: [subscription],
        surveys: [],
      }),
    );
    expect(suggested.stage).toBe('growth');
    const moved = unwrap(
      transitionContactLifecycle(churned, suggested.stage, { at: day(4), reason: 'active subscription' }),
    );
    expect(moved.contact.lifecycleHistory.at(-1)).toMatchObject({
      from: 'churned',
      to: 'growth',
      forced: false,
      reentry: true,
    });
  });

  it('journey analytics count a re-entered stage as a new stay', () => {
    let c = unwrap(transitionContactLifecycle(contact(), 'growth', { at: day(1), force: true })).contact;
    c = unwrap(transitionContactLifecycle(c, 'churned', { at: day(3) })).contact;
    c = unwrap(transitionContactLifecycle(c, 'growth', { at: day(10) })).contact;
    c = unwrap(transitionContactLifecycle(c, 'advocacy', { at: day(15) })).contact;
    const growth = unwrap(lifecycleDurations([c])).find((s) => s.stageId === 'growth');
    expect(growth).toMatchObject({ count: 2, meanDays: 3.5 });
  });

  it('a history marking a forced or first entry as a re-entry is refused', () => {
    const grown = unwrap(transitionContactLifecycle(contact(), 'growth', { at: day(1), force: true })).contact;
    const churned = unwrap(transitionContactLifecycle(grown, 'churned', { at: day(2) })).contact;
    const back = unwrap(transitionContactLifecycle(churned, 'growth', { at: day(3) })).contact;
    const json = JSON.parse(JSON.stringify(back)) as { lifecycleHistory: Record<string, unknown>[] };
    json.lifecycleHistory[3]!['forced'] = true;
    json.lifecycleHistory[0]!['reentry'] = true;
    const r = parseContact(json);
    expect(!r.ok && r.error.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['lifecycleHistory.0.reentry', 'inconsistent_history'],
      ['lifecycleHistory.3.reentry', 'inconsistent_history'],
    ]);
  });

  it('refuses the same stage, a time before the last move, bad options and a bad target', () => {
    const c = unwrap(transitionContactLifecycle(contact(), 'consideration', { at: day(5) })).contact;
    expect(transitionContactLifecycle(c, 'consideration', { at: day(6), force: true }).ok).toBe(false);
    const late = transitionContactLifecycle(c, 'decision', { at: day(4) });
    expect(!late.ok && late.error.issues[0]).toMatchObject({ path: ['options', 'at'], code: 'out_of_order' });
    const early = transitionContactLifecycle(contact(), 'consideration', { at: day(-1) });
    expect(!early.ok && early.error.issues[0]!.code).toBe('out_of_order'); // the entry made at creation
    const { lifecycleHistory: _, ...old } = contact();
    const legacy = transitionContactLifecycle(unwrap(parseContact(old)), 'consideration', { at: day(-1) });
    expect(!legacy.ok && legacy.error.issues[0]!.code).toBe('before_creation');
    const bad = transitionContactLifecycle(c, 'nowhere' as never, { at: day(6), force: 'yes', colour: 1 } as never);
    expect(!bad.ok && bad.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['options', 'options.force', 'to']);
    expect(transitionContactLifecycle(null as never, 'decision', { at: day(6) }).ok).toBe(false);
  });

  it('takes the context clock for updatedAt, and a machine with guards', () => {
    const r = unwrap(
      transitionContactLifecycle(contact(), 'consideration', { at: day(1) }, { clock: fixedClock(day(9)) }),
    );
    expect(r.contact.updatedAt).toEqual(day(9));
    const owned = unwrap(
      defineStageMachine<LifecycleStage, Contact>(
        {
          ...customerLifecycle.definition,
          states: customerLifecycle.definition.states.map((s) =>
            s.id === 'decision' ? { ...s, guards: [{ type: 'owned' }] } : s,
          ),
        },
        {
          guards: {
            owned: {
              check: (c) => (c.ownerId !== null ? true : { message: 'an owner is needed', fields: ['ownerId'] }),
            },
          },
        },
      ),
    );
    const c = unwrap(transitionContactLifecycle(contact(), 'consideration', { at: day(1) })).contact;
    const g = transitionContactLifecycle(c, 'decision', { at: day(2), machine: owned });
    expect(!g.ok && g.error.code).toBe('guard_rejected');
    expect(!g.ok && g.error.issues[0]!.path).toEqual(['ownerId']);
  });
});

describe('Lead.statusHistory and transitionLeadStatus', () => {
  it('starts at creation with the lifecycle state (mql/sql for a qualified lead)', () => {
    expect(lead().statusHistory.map((e) => e.to)).toEqual(['new']);
    expect(lead({ status: 'qualified', qualification: 'sql' }).statusHistory.map((e) => e.to)).toEqual(['sql']);
    expect(lead({ status: 'qualified' }).statusHistory.map((e) => e.to)).toEqual(['mql']);
  });

  it('refuses unqualified with sql (a cross-field rule)', () => {
    const r = createLead(
      { lastName: 'L', email: 'l@example.com', status: 'unqualified', qualification: 'sql' },
      ctxAt(),
    );
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['qualification'], code: 'inconsistent_status' });
  });

  it('updateLead refuses a direct status or qualification change, naming transitionLeadStatus', () => {
    for (const recipe of [
      (d: Lead) => void (d.status = 'contacted'),
      (d: Lead) => void ((d.status = 'qualified'), (d.qualification = 'sql')),
    ]) {
      const r = updateLead(lead(), recipe, ctxAt());
      expect(!r.ok && r.error.issues[0]!.code).toBe('inconsistent_history');
      expect(!r.ok && r.error.message).toContain('transitionLeadStatus');
    }
    const { statusHistory: _, ...old } = lead();
    const legacy = unwrap(parseLead(JSON.parse(JSON.stringify(old))));
    const r = updateLead(legacy, (d) => void (d.status = 'contacted'), ctxAt());
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['status'], code: 'inconsistent_history' });
  });

  it('walks new → contacted → mql → sql, setting status and qualification; the MQL → SQL hand-off is on record', () => {
    let l = lead();
    for (const [to, d] of [
      ['contacted', 1],
      ['mql', 2],
      ['sql', 5],
    ] as const)
      l = unwrap(transitionLeadStatus(l, to, { at: day(d), by: 'sdr' })).lead;
    expect([l.status, l.qualification, leadLifecycleState(l)]).toEqual(['qualified', 'sql', 'sql']);
    expect(l.statusHistory.map((e) => [e.from, e.to, e.at.getTime()])).toEqual([
      [null, 'new', day(0).getTime()],
      ['new', 'contacted', day(1).getTime()],
      ['contacted', 'mql', day(2).getTime()],
      ['mql', 'sql', day(5).getTime()],
    ]);
    const out = unwrap(transitionLeadStatus(l, 'unqualified', { at: day(6), reason: 'no budget' }));
    expect([out.lead.status, out.lead.qualification]).toEqual(['unqualified', 'none']);
    expect(out.event.type).toBe('lead_status_changed');
    expect(out.event.payload).toEqual({
      fromStatus: 'sql',
      toStatus: 'unqualified',
      reason: 'no budget',
      forced: false,
    });
  });

  it('sql → mql is backwards (force), unqualified → nurturing is a re-entry (no force), converted goes through convertLead', () => {
    const sql = lead({ status: 'qualified', qualification: 'sql' });
    expect(transitionLeadStatus(sql, 'mql', { at: day(1) }).ok).toBe(false);
    expect(unwrap(transitionLeadStatus(sql, 'mql', { at: day(1), force: true })).lead.qualification).toBe('mql');
    const conv = transitionLeadStatus(sql, 'converted', { at: day(1) });
    expect(!conv.ok && conv.error.message).toContain('convertLead');
    const dead = lead({ status: 'unqualified' });
    const again = unwrap(transitionLeadStatus(dead, 'nurturing', { at: day(1), reason: 'replied to the newsletter' }));
    expect(again.lead.statusHistory.at(-1)).toMatchObject({
      from: 'unqualified',
      to: 'nurturing',
      forced: false,
      reentry: true,
    });
    expect(again.lead.status).toBe('nurturing');
    // Out of unqualified only where the machine goes.
    expect(transitionLeadStatus(dead, 'mql', { at: day(1) }).ok).toBe(false);
    expect(transitionLeadStatus(dead, 'mql', { at: day(1), force: true }).ok).toBe(true);
  });

  it('convertLead records the move into converted (forced unless the lead was sql) and carries campaignId to the deal', () => {
    const sql = lead({ status: 'qualified', qualification: 'sql', campaignId: 'cmp-1' });
    const c = unwrap(
      convertLead(
        sql,
        { deal: { pipelineId: 'b2b', stageId: 'prospecting', amount: { amount: '10.00', currency: 'EUR' } } },
        ctxAt('2026-01-03T00:00:00Z'),
      ),
    );
    expect(c.lead.statusHistory.at(-1)).toMatchObject({ from: 'sql', to: 'converted', at: day(2), forced: false });
    expect(c.deal?.campaignId).toBe('cmp-1');
    // A conversion cannot precede the lead's last status change (its history stays in time order).
    const late = unwrap(transitionLeadStatus(lead(), 'contacted', { at: day(5) })).lead;
    const early = convertLead(late, {}, ctxAt('2026-01-03T00:00:00Z'));
    expect(!early.ok && early.error.issues[0]).toMatchObject({
      path: ['lead', 'statusHistory', 2, 'at'],
      code: 'out_of_order',
    });
    const fresh = unwrap(convertLead(lead(), {}, ctxAt('2026-01-03T00:00:00Z')));
    expect(fresh.lead.statusHistory.at(-1)).toMatchObject({ from: 'new', to: 'converted', forced: true });
  });
});

describe('property: histories stay ordered and consistent with the machine', () => {
  const step = fc.record({ gap: fc.integer({ min: 0, max: 5 }), force: fc.boolean() });
  it('contacts: every entry starts where the last ended, in time order; unforced entries are forward moves of customerLifecycle or marked re-entries out of churned', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LIFECYCLE_STAGES),
        fc.array(fc.tuple(fc.constantFrom(...LIFECYCLE_STAGES), step), { maxLength: 20 }),
        (start, moves) => {
          let c = contact(start);
          let t = 0;
          for (const [to, { gap, force }] of moves) {
            t += gap;
            const r = transitionContactLifecycle(c, to, { at: day(t), force });
            if (r.ok) c = r.value.contact;
          }
          const h = c.lifecycleHistory;
          expect(h.at(-1)!.to).toBe(c.lifecycleStage);
          for (let i = 1; i < h.length; i++) {
            expect(h[i]!.from).toBe(h[i - 1]!.to);
            expect(h[i]!.at.getTime()).toBeGreaterThanOrEqual(h[i - 1]!.at.getTime());
            if (!h[i]!.forced) {
              expect(hasTransition(customerLifecycle, h[i]!.from!, h[i]!.to)).toBe(true);
              // Forward, or a re-entry out of the terminal churned (and then marked).
              if (h[i]!.from === 'churned') expect(h[i]!.reentry).toBe(true);
              else {
                expect(h[i]!).not.toHaveProperty('reentry');
                expect(LIFECYCLE_STAGES.indexOf(h[i]!.to)).toBeGreaterThan(LIFECYCLE_STAGES.indexOf(h[i]!.from!));
              }
            } else expect(h[i]!).not.toHaveProperty('reentry');
          }
          expect(unwrap(parseContact(JSON.parse(JSON.stringify(c))))).toEqual(c);
        },
      ),
    );
  });

  it('leads: the same, over leadLifecycle, and the record always matches its last entry', () => {
    const states = LEAD_LIFECYCLE_STATES.filter((s) => s !== 'converted');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...states), step), { maxLength: 20 }), (moves) => {
        let l = lead();
        let t = 0;
        for (const [to, { gap, force }] of moves) {
          t += gap;
          const r = transitionLeadStatus(l, to, { at: day(t), force });
          if (r.ok) l = r.value.lead;
        }
        const h = l.statusHistory;
        expect(h.at(-1)!.to).toBe(leadLifecycleState(l));
        expect(l.status === 'unqualified' && l.qualification === 'sql').toBe(false);
        for (let i = 1; i < h.length; i++) {
          expect(h[i]!.from).toBe(h[i - 1]!.to);
          expect(h[i]!.at.getTime()).toBeGreaterThanOrEqual(h[i - 1]!.at.getTime());
          if (!h[i]!.forced) {
            expect(hasTransition(leadLifecycle, h[i]!.from!, h[i]!.to)).toBe(true);
            // Forward, or a re-entry out of the terminal unqualified (and then marked).
            if (h[i]!.from === 'unqualified') expect(h[i]!.reentry).toBe(true);
            else {
              expect(h[i]!).not.toHaveProperty('reentry');
              expect(leadLifecycle.states.indexOf(h[i]!.to)).toBeGreaterThan(leadLifecycle.states.indexOf(h[i]!.from!));
            }
          } else expect(h[i]!).not.toHaveProperty('reentry');
        }
      }),
    );
  });
});
