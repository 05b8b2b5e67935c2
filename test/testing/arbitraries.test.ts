import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { entityArbitraries } from '../../src/testing/index.js';
import {
  parseAccount,
  parseActivity,
  parseCampaign,
  parseCampaignMember,
  parseContact,
  parseDeal,
  parseLead,
  parseLoyaltyTransaction,
  parseReferral,
  parseSubscription,
  parseSurveyResponse,
  parseTeam,
  parseTicket,
  parseUser,
} from '../../src/entities/index.js';

const PARSE: Record<string, (x: unknown) => { ok: boolean; value?: unknown }> = {
  accounts: parseAccount,
  contacts: parseContact,
  leads: parseLead,
  deals: parseDeal,
  activities: parseActivity,
  tickets: parseTicket,
  campaigns: parseCampaign,
  surveyResponses: parseSurveyResponse,
  subscriptions: parseSubscription,
  users: parseUser,
  teams: parseTeam,
  campaignMembers: parseCampaignMember,
  loyaltyTransactions: parseLoyaltyTransaction,
  referrals: parseReferral,
};

describe('entity arbitraries', () => {
  for (const text of ['plain', 'hostile'] as const) {
    it(`every arbitrary yields valid entities that parse back unchanged (${text} text)`, () => {
      const arbs = entityArbitraries({ text }) as unknown as Record<
        string,
        fc.Arbitrary<{ id: string; version: number }>
      >;
      expect(Object.keys(arbs).sort()).toEqual(Object.keys(PARSE).sort());
      for (const [name, arb] of Object.entries(arbs)) {
        fc.assert(
          fc.property(arb, (e) => {
            const r = PARSE[name]!(e);
            expect(r.ok, name).toBe(true);
            expect(r.value).toEqual(e);
            expect(e.version).toBe(1);
          }),
          { numRuns: 40 },
        );
      }
    });
  }

  it('are reproducible from a seed', () => {
    const a = fc.sample(entityArbitraries().deals, { seed: 99, numRuns: 5 });
    const b = fc.sample(entityArbitraries().deals, { seed: 99, numRuns: 5 });
    expect(a).toEqual(b);
  });

  it('draw owners from the given list', () => {
    fc.assert(
      fc.property(
        entityArbitraries({ owners: ['only-me'] }).deals,
        (d) => d.ownerId === null || d.ownerId === 'only-me',
      ),
    );
  });

  it('ledger entries carry the sign of their kind, referrals and members their cross-field rules', () => {
    const arbs = entityArbitraries();
    fc.assert(
      fc.property(arbs.loyaltyTransactions, (t) => {
        const negative = t.points.startsWith('-');
        if (t.kind === 'earn') expect(negative).toBe(false);
        if (t.kind === 'redeem' || t.kind === 'expire') expect(negative).toBe(true);
        expect(t.points).not.toBe('0');
        if (t.expiresAt !== null) expect(t.expiresAt.getTime()).toBeGreaterThan(t.at.getTime());
        if (t.spend !== null) expect(t.kind).toBe('earn');
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(arbs.referrals, (r) => {
        expect(r.convertedAt !== null).toBe(r.status === 'converted' || r.status === 'rewarded');
        if (r.status === 'rewarded') expect(r.rewardId).not.toBeNull();
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(arbs.campaignMembers, (m) => {
        expect(m.leadId === null).toBe(m.contactId !== null);
      }),
      { numRuns: 100 },
    );
  });
});
