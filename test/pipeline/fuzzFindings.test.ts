/**
 * Defects the public-API fuzzer (test/fuzz, issue 12) found in crmkit/pipeline, each pinned as the
 * fixed call that showed it: a function that returns a `Result` returns one and never throws for its
 * input; a value function throws a CrmError, never a TypeError. Pipelines and stage machines are
 * checked whole (a look-alike whose guards or moves are broken is not one), not just by their top keys.
 */
import { describe, expect, it } from 'vitest';
import { CrmError, unwrap, type Result } from '../../src/core/index.js';
import {
  availableTransitions,
  b2bPipeline,
  b2bPipelineDefinition,
  canTransitionState,
  customerLifecycle,
  definePipeline,
  defineStageMachine,
  hasTransition,
  leadLifecycle,
  openDeal,
  salesVelocity,
  stageAnalytics,
  stageFunnel,
  ticketLifecycle,
  transitionContactLifecycle,
  transitionLeadStatus,
  transitionState,
  weightedPipelineValue,
  type Pipeline,
  type StageMachine,
} from '../../src/pipeline/index.js';
import { period } from '../../src/time/index.js';
import { createContact, createLead } from '../../src/entities/index.js';
import { ctxAt, day, dealWith } from './_fixtures.js';

const getterAt0 = (): unknown[] =>
  Object.defineProperty([1, 2], 0, {
    enumerable: true,
    get() {
      throw new Error('getter 0');
    },
  });
const getterX = (): object =>
  Object.defineProperty({}, 'x', {
    enumerable: true,
    get() {
      throw new Error('getter x');
    },
  });

const deals = () => [
  dealWith('d1', [
    ['prospecting', 0],
    ['qualification', 10],
  ]),
];

/** Calls `f` and expects a validation_failed error Result whose issues include `path` (not a throw). */
function refusedAt(f: () => Result<unknown>, path: readonly (string | number)[]): void {
  let r: Result<unknown> | undefined;
  expect(() => {
    r = f();
  }).not.toThrow();
  expect(r).toMatchObject({ ok: false });
  if (r !== undefined && !r.ok) {
    expect(r.error).toBeInstanceOf(CrmError);
    expect(r.error.code).toBe('validation_failed');
    expect(r.error.issues.some((i) => path.every((p, k) => i.path[k] === p))).toBe(true);
  }
}

/** Calls `f` and expects a thrown CrmError validation_failed (never a TypeError). */
function thrownCrmError(f: () => unknown): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(CrmError);
  expect((thrown as CrmError).code).toBe('validation_failed');
}

describe('fuzz findings in crmkit/pipeline', () => {
  const machine = (): StageMachine<'todo' | 'done', { ownerId: string }> =>
    unwrap(
      defineStageMachine<'todo' | 'done', { ownerId: string }>(
        {
          id: 'task',
          initial: 'todo',
          states: [{ id: 'todo' }, { id: 'done' }],
          transitions: [{ from: 'todo', to: 'done', guards: [{ type: 'owned' }] }],
        },
        { guards: { owned: { check: (s) => (s.ownerId !== '' ? true : { message: 'no owner' }) } } },
      ),
    );

  it('transitionState(a machine whose guards were replaced, …): an error Result, not a TypeError', () => {
    const m = { ...machine(), guards: [] } as unknown as StageMachine<'todo' | 'done', { ownerId: string }>;
    refusedAt(() => transitionState(m, 'todo', 'done', { ownerId: 'u1' }, { at: day(1) }), ['machine']);
  });

  it('canTransitionState and hasTransition(a machine whose guards were replaced, …): a CrmError, not a TypeError', () => {
    const m = { ...machine(), guards: 7 } as unknown as StageMachine<'todo' | 'done', { ownerId: string }>;
    thrownCrmError(() => canTransitionState(m, 'todo', 'done', { ownerId: 'u1' }, { at: day(1) }));
    const moves = new Map([['todo', new Map([['done', [{ type: 'nowhere' }]]])]]);
    thrownCrmError(() => hasTransition({ ...ticketLifecycle, moves } as never, 'new', 'open'));
  });

  it('availableTransitions(a pipeline whose machine.guards.lostReasonRequired is text, …): a CrmError, not a TypeError', () => {
    const p = {
      ...b2bPipeline,
      machine: { ...b2bPipeline.machine, guards: { ...b2bPipeline.machine.guards, lostReasonRequired: '{"a":[[' } },
    } as unknown as Pipeline;
    thrownCrmError(() => availableTransitions(p, deals()[0]!, { at: day(20), by: null }));
  });

  it('openDeal(b2bPipeline, an input whose getter throws): an error Result, not the getter’s exception', () => {
    refusedAt(() => openDeal(b2bPipeline, getterX() as never, ctxAt()), ['input']);
  });

  it('stageFunnel and stageAnalytics(undefined, deals): an error Result, not undefined', () => {
    refusedAt(() => stageFunnel(undefined as never, deals()), ['pipeline']);
    refusedAt(() => stageAnalytics(undefined as never, deals()), ['pipeline']);
  });

  it('weightedPipelineValue(an array of pipelines whose getter throws, deals): an error Result', () => {
    refusedAt(() => weightedPipelineValue(getterAt0() as never, deals(), { currency: 'EUR' }), ['pipelines']);
  });

  it('salesVelocity(…, { rates: an array whose getter throws }): an error Result', () => {
    refusedAt(
      () =>
        salesVelocity(b2bPipeline, deals(), {
          period: period('2026-01-01', '2026-04-01'),
          currency: 'EUR',
          rates: getterAt0() as never,
        }),
      ['options', 'rates', 0],
    );
  });

  it('definePipeline and defineStageMachine(…, { guards: an object whose getter throws }): an error Result', () => {
    refusedAt(() => definePipeline(b2bPipelineDefinition, { guards: getterX() as never }), ['options', 'guards']);
    refusedAt(
      () =>
        defineStageMachine(
          { id: 'tiny', initial: 'a', states: [{ id: 'a' }, { id: 'b' }], transitions: [{ from: 'a', to: 'b' }] },
          { guards: getterX() as never },
        ),
      ['options', 'guards'],
    );
  });

  it('defineStageMachine(a definition whose transitions[0].from getter throws): an error Result', () => {
    const from = getterAt0();
    refusedAt(
      () =>
        defineStageMachine({
          id: 'tiny',
          initial: 'a',
          states: [{ id: 'a' }, { id: 'b' }],
          transitions: [{ from: from as never, to: 'b' }],
        }),
      [],
    );
  });
});

describe('a look-alike machine without a definition (journey2: re-entries read the terminal states)', () => {
  // Found by the fuzzer (seed -1552959772): transitionLeadStatus(lead, to, { machine }) with a
  // structural copy of leadLifecycle whose definition.states is undefined threw a TypeError reading
  // the terminal states. Now they are read defensively, inside the input boundary: no list, no
  // terminal states (so no re-entry), and a throwing getter is a validation_failed Result.
  const unqualified = unwrap(
    createLead({ lastName: 'Lovelace', email: 'ada@example.com', status: 'unqualified' }, ctxAt()),
  );
  it('states undefined: a Result, the move judged without re-entries', () => {
    const machine = { ...leadLifecycle, definition: { ...leadLifecycle.definition, states: undefined } };
    const r = transitionLeadStatus(unqualified, 'nurturing', { at: day(1), machine: machine as never });
    expect(!r.ok && r.error.code).toBe('invalid_transition');
    const c = unwrap(createContact({ lastName: 'Hopper', lifecycleStage: 'churned' }, ctxAt()));
    const cm = { ...customerLifecycle, definition: { ...customerLifecycle.definition, states: undefined } };
    const back = transitionContactLifecycle(c, 'growth', { at: day(1), machine: cm as never });
    expect(!back.ok && back.error.code).toBe('invalid_transition');
  });
  it('a definition whose getter throws: validation_failed, never a throw', () => {
    const machine = { ...leadLifecycle };
    Object.defineProperty(machine, 'definition', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    const r = transitionLeadStatus(unqualified, 'nurturing', { at: day(1), machine: machine as never });
    expect(!r.ok && r.error.code).toBe('validation_failed');
  });
});
