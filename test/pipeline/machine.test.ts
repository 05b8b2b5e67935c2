import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { defineStageMachine, canMove, nextStates, moveState } from '../../src/pipeline/machine.js';
import { leadLifecycle, ticketLifecycle, customerLifecycle } from '../../src/pipeline/lifecycles.js';
import { LEAD_STATUSES, TICKET_STATUSES, LIFECYCLE_STAGES } from '../../src/entities/enums.js';
import { hostileValue, orHostile } from '../_hostile.js';

const at = new Date('2026-01-01T00:00:00Z');
const gctx = { at, by: null, reason: null, lostReason: null };

describe('defineStageMachine', () => {
  it('builds a machine and lists moves in definition order', () => {
    const r = defineStageMachine({
      id: 'task',
      initial: 'todo',
      states: [{ id: 'todo' }, { id: 'doing' }, { id: 'done', terminal: true }],
      transitions: [
        { from: 'todo', to: 'doing' },
        { from: 'doing', to: ['done', 'todo'] },
      ],
    });
    if (!r.ok) throw r.error;
    expect(nextStates(r.value, 'doing')).toEqual(['todo', 'done']);
    expect(canMove(r.value, 'todo', 'done')).toBe(false);
  });

  it("'*' means every non-terminal state", () => {
    const r = defineStageMachine({
      id: 'm',
      initial: 'a',
      states: [{ id: 'a' }, { id: 'b' }, { id: 'x', terminal: true }],
      transitions: [
        { from: 'a', to: 'b' },
        { from: '*', to: 'x' },
      ],
    });
    if (!r.ok) throw r.error;
    expect(canMove(r.value, 'a', 'x') && canMove(r.value, 'b', 'x')).toBe(true);
    expect(nextStates(r.value, 'x')).toEqual([]);
  });

  it('reports all definition errors at once', () => {
    const r = defineStageMachine({
      id: 'm',
      initial: 'zz' as 'a',
      states: [{ id: 'a' }, { id: 'a' }, { id: 'b', guards: [{ type: 'nope' }] }],
      transitions: [{ from: 'a', to: 'c' as 'a' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues.map((i) => i.code).sort()).toEqual(
      ['duplicate', 'unknown_guard', 'unknown_state', 'unknown_state'].sort(),
    );
  });

  it('runs guards with params and names the refusing guard and the missing fields', () => {
    type Subject = { email: string | null; phone: string | null };
    const r = defineStageMachine<'a' | 'b', Subject>(
      {
        id: 'm',
        initial: 'a',
        states: [{ id: 'a' }, { id: 'b', guards: [{ type: 'has', params: { fields: ['email', 'phone'] } }] }],
        transitions: [{ from: 'a', to: 'b' }],
      },
      {
        guards: {
          has: {
            check: (s, params) => {
              const missing = (params['fields'] as (keyof Subject)[]).filter((f) => s[f] === null);
              return missing.length === 0 ? true : { message: 'missing contact data', fields: missing };
            },
          },
        },
      },
    );
    if (!r.ok) throw r.error;
    const refused = moveState(r.value, 'a', 'b', { email: null, phone: null }, gctx);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('guard_rejected');
    expect(refused.error.message).toContain("'has'");
    expect(refused.error.issues.map((i) => i.path)).toEqual([['email'], ['phone']]);
    expect(moveState(r.value, 'a', 'b', { email: 'x@y.z', phone: '+1' }, gctx)).toEqual({ ok: true, value: 'b' });
  });

  it('a move that does not exist is invalid_transition listing the allowed targets', () => {
    const r = moveState(ticketLifecycle, 'new', 'closed', null, gctx);
    expect(!r.ok && r.error.code).toBe('invalid_transition');
    expect(!r.ok && r.error.message).toContain("allowed from 'new': open, resolved");
    const unknown = moveState(ticketLifecycle, 'nope' as 'new', 'open', null, gctx);
    expect(!unknown.ok && unknown.error.issues[0]?.code).toBe('unknown_state');
  });
});

describe('lifecycle presets', () => {
  it('lead lifecycle: new → contacted → nurturing → MQL → SQL → converted; unqualified from any open state', () => {
    expect(canMove(leadLifecycle, 'new', 'contacted')).toBe(true);
    expect(canMove(leadLifecycle, 'contacted', 'nurturing')).toBe(true);
    expect(canMove(leadLifecycle, 'nurturing', 'mql')).toBe(true);
    expect(canMove(leadLifecycle, 'mql', 'sql')).toBe(true);
    expect(canMove(leadLifecycle, 'sql', 'converted')).toBe(true);
    expect(canMove(leadLifecycle, 'mql', 'converted')).toBe(false);
    for (const s of ['new', 'contacted', 'nurturing', 'mql', 'sql'] as const)
      expect(canMove(leadLifecycle, s, 'unqualified')).toBe(true);
    expect(nextStates(leadLifecycle, 'converted')).toEqual([]);
    // Every lead status except 'qualified' (split into mql/sql) is a state.
    for (const s of LEAD_STATUSES) if (s !== 'qualified') expect(leadLifecycle.states).toContain(s);
  });
  it('ticket lifecycle: states are the ticket statuses; resolved and closed reopen', () => {
    expect([...ticketLifecycle.states]).toEqual([...TICKET_STATUSES]);
    expect(canMove(ticketLifecycle, 'resolved', 'open')).toBe(true);
    expect(canMove(ticketLifecycle, 'closed', 'open')).toBe(true);
    expect(canMove(ticketLifecycle, 'closed', 'resolved')).toBe(false);
  });
  it('customer lifecycle: states are the contact lifecycle stages; customers can churn and be won back', () => {
    expect([...customerLifecycle.states]).toEqual([...LIFECYCLE_STAGES]);
    expect(canMove(customerLifecycle, 'advocacy', 'churned')).toBe(true);
    expect(canMove(customerLifecycle, 'awareness', 'churned')).toBe(false);
    expect(canMove(customerLifecycle, 'churned', 'consideration')).toBe(true);
  });
  it('random walks over a lifecycle only ever visit its states (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
        let s: string = ticketLifecycle.initial;
        for (const c of choices) {
          const next = nextStates(ticketLifecycle, s as 'new');
          if (next.length === 0) break;
          const to = next[c % next.length]!;
          const r = moveState(ticketLifecycle, s as 'new', to, null, gctx);
          if (!r.ok) return false;
          s = r.value;
        }
        return ticketLifecycle.states.includes(s as 'new');
      }),
    );
  });
});

describe('defineStageMachine on malformed definitions', () => {
  it('never throws: always a Result with issues (property, hostile values included)', () => {
    const state = fc.record(
      { id: orHostile(fc.constantFrom('a', 'b')), terminal: orHostile(fc.boolean()), guards: hostileValue },
      { requiredKeys: [] },
    );
    const transition = fc.record(
      { from: orHostile(fc.constantFrom('a', '*')), to: orHostile(fc.constantFrom('b')), guards: hostileValue },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            id: orHostile(fc.string()),
            initial: orHostile(fc.constantFrom('a', 'b')),
            states: orHostile(fc.array(orHostile(state), { maxLength: 4 })),
            transitions: orHostile(fc.array(orHostile(transition), { maxLength: 4 })),
          },
          { requiredKeys: [] },
        ),
        (def) => {
          const r = defineStageMachine(def as never);
          return r.ok || (r.error.code === 'validation_failed' && r.error.issues.length > 0);
        },
      ),
      { numRuns: 300 },
    );
    expect(defineStageMachine(undefined as never).ok).toBe(false);
    expect(defineStageMachine(null as never).ok).toBe(false);
  });
});

describe('null options from plain JavaScript', () => {
  it('definePipeline and defineStageMachine treat null options like none (found by the hostile-input property)', async () => {
    const { definePipeline, b2bPipelineDefinition } = await import('../../src/pipeline/index.js');
    expect(definePipeline(b2bPipelineDefinition, null as never).ok).toBe(true);
    expect(
      defineStageMachine(
        {
          id: 'm',
          initial: 'a',
          states: [{ id: 'a' }, { id: 'b', terminal: true }],
          transitions: [{ from: 'a', to: 'b' }],
        },
        null as never,
      ).ok,
    ).toBe(true);
  });
});
