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

describe('names: has* (the definition), can* (allowed now, guards run), transition* (the move) — issue 11', () => {
  it('hasTransition is the new name of canMove; transitionState of moveState (deprecated aliases kept)', async () => {
    const m = await import('../../src/pipeline/index.js');
    expect(m.canMove).toBe(m.hasTransition);
    expect(m.moveState).toBe(m.transitionState);
    expect(m.hasTransition(ticketLifecycle, 'resolved', 'open')).toBe(true);
    expect(m.transitionState(ticketLifecycle, 'new', 'open', null, { at })).toEqual({ ok: true, value: 'open' });
    expect(m.canTransitionState(ticketLifecycle, 'new', 'closed', null, { at })).toBe(false);
  });

  it('transitionState refuses unknown option keys and a bad `at` with a Result; canTransitionState throws a CrmError', async () => {
    const m = await import('../../src/pipeline/index.js');
    const r = m.transitionState(ticketLifecycle, 'new', 'open', null, { at, when: 1 } as never);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['options'], code: 'unrecognized_keys' });
    const bad = m.transitionState(ticketLifecycle, 'new', 'open', null, { at: new Date(Number.NaN) });
    expect(!bad.ok && bad.error.issues[0]!.code).toBe('invalid_date');
    expect(() => m.canTransitionState(ticketLifecycle, 'new', 'open', null, null as never)).toThrow(/options/);
    expect(() => m.hasTransition(null as never, 'a', 'b')).toThrow(/stage machine/);
  });

  it('defineStageMachine refuses unknown option keys and keys in the definition, and more than MAX_STATES states', async () => {
    const m = await import('../../src/pipeline/index.js');
    const def = { id: 'm', initial: 'a', states: [{ id: 'a' }, { id: 'b' }], transitions: [{ from: 'a', to: 'b' }] };
    const o = defineStageMachine(def, { guard: {} } as never);
    expect(!o.ok && o.error.issues[0]!.code).toBe('unrecognized_keys');
    const k = defineStageMachine({
      ...def,
      states: [{ id: 'a', terminal: false, color: 'red' }, { id: 'b' }],
    } as never);
    expect(!k.ok && k.error.issues[0]).toMatchObject({ path: ['states', 0], code: 'unrecognized_keys' });
    const many = defineStageMachine({
      id: 'm',
      initial: 's0',
      states: Array.from({ length: m.MAX_STATES + 1 }, (_, i) => ({ id: `s${i}` })),
      transitions: [],
    });
    expect(!many.ok && many.error.issues[0]).toMatchObject({ path: ['states'], code: 'too_big' });
  });

  it('the machine holds frozen copies of the guards and of the definition, sharing nothing with the input', () => {
    const guards = { ok: { check: () => true as const } };
    const def = {
      id: 'm',
      initial: 'a',
      states: [{ id: 'a' }, { id: 'b', guards: [{ type: 'ok', params: { n: [1] } }] }],
      transitions: [{ from: 'a', to: 'b' }],
    };
    const r = defineStageMachine(def, { guards });
    if (!r.ok) throw r.error;
    expect(Object.isFrozen(def.states[1])).toBe(false);
    expect(Object.isFrozen(guards.ok)).toBe(false);
    expect(Object.isFrozen(r.value.guards['ok'])).toBe(true);
    def.states[1]!.guards![0]!.params.n.push(2);
    expect(r.value.definition.states[1]!.guards![0]!.params).toEqual({ n: [1] });
  });
});
