import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { entityArbitraries } from '../../src/testing/index.js';
import {
  parseAccount,
  parseActivity,
  parseCampaign,
  parseContact,
  parseDeal,
  parseLead,
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
});
