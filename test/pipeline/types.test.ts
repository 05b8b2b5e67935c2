import { describe, it, expectTypeOf } from 'vitest';
import type { Result } from '../../src/core/result.js';
import type { Deal } from '../../src/entities/deal.js';
import {
  defineStageMachine,
  canMove,
  transitionDeal,
  leadLifecycle,
  ticketLifecycle,
  type DealEvent,
  type DealLostEvent,
  type TransitionOutcome,
  type StageMachine,
  type Pipeline,
  type GuardImplementation,
  type TicketLifecycleState,
} from '../../src/pipeline/index.js';

describe('pipeline types', () => {
  it('transitionDeal takes (pipeline, deal, toStageId, { at, by, reason?, lostReason? }) and returns Result<{ deal, event }>', () => {
    expectTypeOf(transitionDeal).parameter(0).toEqualTypeOf<Pipeline>();
    expectTypeOf(transitionDeal).parameter(1).toEqualTypeOf<Deal>();
    expectTypeOf(transitionDeal).parameter(2).toEqualTypeOf<string>();
    expectTypeOf(transitionDeal).returns.toEqualTypeOf<Result<TransitionOutcome>>();
    expectTypeOf<TransitionOutcome['deal']>().toEqualTypeOf<Deal>();
    // Never called: only type-checked.
    const illegal = (p: Pipeline, d: Deal) => {
      // @ts-expect-error `at` is required
      transitionDeal(p, d, 'x', { by: null });
      // @ts-expect-error `at` must be a Date
      transitionDeal(p, d, 'x', { at: '2026-01-01', by: null });
    };
    expectTypeOf(illegal).toBeFunction();
  });

  it('events narrow on type', () => {
    const e = { type: 'deal_stage_changed' } as unknown as DealEvent;
    expectTypeOf<DealEvent['type']>().toEqualTypeOf<
      'deal_stage_changed' | 'deal_won' | 'deal_lost' | 'deal_reopened'
    >();
    if (e.type === 'deal_lost') {
      expectTypeOf(e).toEqualTypeOf<DealLostEvent>();
      expectTypeOf(e.payload.lostReason).toEqualTypeOf<string | null>();
    }
    expectTypeOf<DealEvent['aggregate']['kind']>().toEqualTypeOf<
      | 'account'
      | 'contact'
      | 'lead'
      | 'deal'
      | 'activity'
      | 'ticket'
      | 'campaign'
      | 'campaignMember'
      | 'surveyResponse'
      | 'subscription'
      | 'user'
      | 'team'
      | 'loyaltyTransaction'
      | 'referral'
    >();
  });

  it('stage machines infer their state union; unknown states do not compile', () => {
    const r = defineStageMachine({
      id: 'm',
      initial: 'a',
      states: [{ id: 'a' }, { id: 'b' }],
      transitions: [{ from: 'a', to: 'b' }],
    });
    if (r.ok) {
      expectTypeOf(r.value).toEqualTypeOf<StageMachine<'a' | 'b', unknown>>();
      // @ts-expect-error 'c' is not a state
      canMove(r.value, 'a', 'c');
    }
    // @ts-expect-error the initial state must be one of the states
    defineStageMachine({ id: 'm', initial: 'zz', states: [{ id: 'a' }], transitions: [] });
    expectTypeOf(ticketLifecycle).toEqualTypeOf<StageMachine<TicketLifecycleState>>();
    // @ts-expect-error 'qualified' is not a lead lifecycle state (it is split into mql and sql)
    canMove(leadLifecycle, 'qualified', 'sql');
  });

  it('guard implementations are typed by their subject', () => {
    const g: GuardImplementation<Deal> = {
      check: (deal) => (deal.amount.amount === '0' ? { message: 'zero', fields: ['amount'] } : true),
    };
    expectTypeOf(g.check).parameter(0).toEqualTypeOf<Deal>();
  });
});
