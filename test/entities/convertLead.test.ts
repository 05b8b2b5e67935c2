/** convertLead (src/entities/convertLead.ts): what it is given is validated first, copied, never frozen. */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/index.js';
import { convertLead, createLead, type Lead } from '../../src/entities/index.js';
import { growthRatio, linearBound } from '../_linear.js';
import { testCtx } from './_ctx.js';

const lead = (): Lead =>
  unwrap(
    createLead(
      {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        company: 'Analytical Engines',
        status: 'qualified',
      },
      testCtx(),
    ),
  );

describe('convertLead validates what it is given (issues 11, 12)', () => {
  it('a lead whose customFields is a 100,000-character string: a Result error, in time linear in its length', () => {
    const r = convertLead({ ...lead(), customFields: 'x'.repeat(100_000) as never }, {}, testCtx());
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['lead', 'customFields'], code: 'invalid_type' });
    expect(!r.ok && r.error.message.length).toBeLessThan(500);
    const ratio = growthRatio((n) => {
      const bad = { ...lead(), customFields: 'x'.repeat(n) as never };
      return () => convertLead(bad, {}, testCtx());
    }, 2000);
    expect(ratio).toBeLessThan(linearBound());
  });

  it('an invalid lead (name NaN, version NaN) is refused with issues under lead', () => {
    const r = convertLead({ ...lead(), lastName: Number.NaN as never, version: Number.NaN }, {}, testCtx());
    expect(!r.ok && r.error.issues.map((i) => i.path)).toEqual([
      ['lead', 'lastName'],
      ['lead', 'version'],
    ]);
    expect(convertLead(null as never, {}, testCtx()).ok).toBe(false);
  });

  it('unknown option keys are refused, naming the allowed ones; null options mean none', () => {
    const r = convertLead(lead(), { deals: {} } as never, testCtx());
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: [], code: 'unrecognized_keys' });
    expect(!r.ok && r.error.issues[0]!.message).toContain(
      'allowed: account, accountFields, contact, existingContact, deal, fieldMap',
    );
    expect(convertLead(lead(), null, testCtx()).ok).toBe(true);
    const nested = convertLead(lead(), { fieldMap: { contact: { surname: 'lastName' } } } as never, testCtx());
    expect(!nested.ok && nested.error.issues[0]!.path).toEqual(['fieldMap', 'contact']);
    const account = convertLead(lead(), { account: { existingId: 'a1', extra: 1 } } as never, testCtx());
    expect(!account.ok && account.error.issues[0]!.path).toEqual(['account']);
  });

  it('a field map naming an inherited member (toString) is refused, never read from the prototype', () => {
    const r = convertLead(lead(), { fieldMap: { contact: { firstName: 'toString' } } } as never, testCtx());
    expect(!r.ok && r.error.issues[0]).toMatchObject({
      path: ['fieldMap', 'contact', 'firstName'],
      code: 'invalid_value',
    });
  });

  it('leaves the caller’s lead and options unfrozen and unchanged', () => {
    const mine = { ...lead(), customFields: { tags: ['vip'] } };
    const dealFields = { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '10.00', currency: 'EUR' } };
    const r = convertLead(mine, { deal: dealFields }, testCtx());
    expect(r.ok).toBe(true);
    expect(Object.isFrozen(mine.customFields)).toBe(false);
    expect(Object.isFrozen(mine.customFields.tags)).toBe(false);
    expect(Object.isFrozen(dealFields.amount)).toBe(false);
    mine.customFields.tags.push('x');
    if (r.ok) expect(r.value.contact.customFields['tags']).toEqual(['vip']);
  });
});
