import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { DealId, LeadId, Result } from '../../src/core/index.js';
import type { Money } from '../../src/money/index.js';
import { createLead, type Deal, type Lead, type LeadInput, leadSchema } from '../../src/entities/index.js';

describe('entity types come from the schemas', () => {
  it('Lead is the output of leadSchema, with branded ids and Money values', () => {
    expectTypeOf<Lead>().toEqualTypeOf<z.output<typeof leadSchema>>();
    expectTypeOf<Lead['id']>().toEqualTypeOf<LeadId>();
    expectTypeOf<Deal['amount']>().toEqualTypeOf<Money>();
    expectTypeOf<Lead['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf(createLead).returns.toEqualTypeOf<Result<Lead>>();
  });

  it('ids of different kinds do not mix, and inputs accept only the entity fields', () => {
    const leadId = 'x' as LeadId;
    // @ts-expect-error -- a LeadId is not a DealId
    const dealId: DealId = leadId;
    void dealId;
    // @ts-expect-error -- lastName is required
    const missing: LeadInput = { email: 'a@b.co' };
    void missing;
    // @ts-expect-error -- status must be one of LEAD_STATUSES
    const badStatus: LeadInput = { lastName: 'X', status: 'won' };
    void badStatus;
  });
});
