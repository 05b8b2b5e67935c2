import { describe, expect, it } from 'vitest';
import { ENTITY_KINDS, fixedClock, sequentialIdGenerator, unwrap } from '../../src/core/index.js';
import {
  convertLead,
  createAccount,
  createActivity,
  createCampaign,
  createContact,
  createDeal,
  createLead,
  createSubscription,
  createSurveyResponse,
  createTeam,
  createTicket,
  createUser,
  defineCustomFields,
  normalizePhone,
  hostOf,
  updateDeal,
  updateLead,
} from '../../src/entities/index.js';
import { testCtx } from './_ctx.js';

describe('create*', () => {
  it('fills id, timestamps and version 1 from the injected ports', () => {
    const lead = unwrap(createLead({ lastName: 'Lovelace', email: 'ada@example.com' }, testCtx()));
    expect(lead.id).toBe('lead-1');
    expect(lead.createdAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(lead.updatedAt).toEqual(lead.createdAt);
    expect(lead.version).toBe(1);
    expect(lead.status).toBe('new');
    expect(Object.isFrozen(lead)).toBe(true);
  });

  it('normalises at the boundary: trimmed text, lower-cased email, E.164 phone, upper-case country, host of a website', () => {
    const lead = unwrap(
      createLead(
        {
          firstName: '  Ada ',
          lastName: ' Lovelace',
          email: ' Ada@Example.COM ',
          phone: '+44 (20) 7946-0958',
          country: 'gb',
          website: 'HTTPS://www.Example.com/about?x=1',
          company: '   ',
        },
        testCtx(),
      ),
    );
    expect(lead).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+442079460958',
      country: 'GB',
      website: 'www.example.com',
      company: null,
    });
  });

  it('refuses system fields in the input', () => {
    const r = createLead({ lastName: 'X', email: 'x@example.com', id: 'mine', version: 7 } as never, testCtx());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues.map((i) => i.path[0]).sort()).toEqual(['id', 'version']);
  });

  it('reports every issue at once with paths, and never a partial entity', () => {
    const r = createContact(
      {
        lastName: '',
        emails: [{ address: 'ok@example.com' }, { address: 'not-an-email' }],
        phones: [{ number: '12' }],
        unknownField: 1,
      } as never,
      testCtx(),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation_failed');
    const paths = r.error.issues.map((i) => JSON.stringify(i.path));
    expect(paths).toEqual(
      expect.arrayContaining(['["lastName"]', '["emails",1,"address"]', '["phones",0,"number"]', '[]']),
    );
    expect(r.error.message).toMatch(/issues/);
  });

  it('a phone that cannot be read internationally says what is expected', () => {
    const r = createLead({ lastName: 'X', phone: '555-0123' }, testCtx());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]!.message).toMatch(/E\.164/);
    expect(normalizePhone('0049 30 1234567')).toBe('+49301234567');
    expect(normalizePhone('+1 415 555 0123')).toBe('+14155550123');
    expect(normalizePhone('call me')).toBeNull();
    expect(hostOf('not a domain')).toBeNull();
  });

  it('a lead needs an email or a phone', () => {
    const r = createLead({ lastName: 'Nobody' }, testCtx());
    expect(!r.ok && r.error.issues[0]!.code).toBe('missing_contact_point');
  });

  it('creates every other entity kind with its defaults', () => {
    const ctx = testCtx();
    expect(
      unwrap(createAccount({ name: 'Acme', annualRevenue: { amount: '1000000', currency: 'USD' } }, ctx)).annualRevenue,
    ).toEqual({ amount: '1000000.00', currency: 'USD' });
    expect(
      unwrap(createActivity({ kind: 'call', occurredAt: '2026-01-02T10:00:00Z', durationSeconds: 300 }, ctx)).channel,
    ).toBeNull();
    expect(unwrap(createTicket({ subject: 'Help' }, ctx))).toMatchObject({ status: 'new', priority: 'normal' });
    expect(
      unwrap(createCampaign({ name: 'Q1', channel: 'email', period: { start: '2026-01-01', end: '2026-03-31' } }, ctx))
        .status,
    ).toBe('draft');
    expect(unwrap(createSurveyResponse({ kind: 'nps', score: 10, answeredAt: '2026-01-05' }, ctx)).score).toBe(10);
    expect(
      unwrap(
        createSubscription(
          { accountId: 'account-1', plan: 'pro', mrr: { amount: '99', currency: 'USD' }, startedAt: '2026-01-01' },
          ctx,
        ),
      ).termMonths,
    ).toBe(12);
    expect(unwrap(createUser({ name: 'Sam', email: 'Sam@Example.com' }, ctx)).email).toBe('sam@example.com');
    expect(unwrap(createTeam({ name: 'EMEA', memberIds: ['user-1'] }, ctx)).memberIds).toEqual(['user-1']);
  });

  it('cross-field rules: survey score on its scale, deal amount not negative, campaign period ordered, only tasks are due', () => {
    const ctx = testCtx();
    const ces = createSurveyResponse({ kind: 'ces', score: 8, answeredAt: '2026-01-05' }, ctx);
    expect(!ces.ok && ces.error.issues[0]).toMatchObject({ path: ['score'], code: 'invalid_value' });
    const csat7 = createSurveyResponse(
      { kind: 'csat', score: 7, scale: { min: 1, max: 7 }, answeredAt: '2026-01-05' },
      ctx,
    );
    expect(csat7.ok).toBe(true);
    const deal = createDeal(
      { name: 'D', pipelineId: 'p', stageId: 's', amount: { amount: '-1', currency: 'USD' } },
      ctx,
    );
    expect(!deal.ok && deal.error.issues[0]!.path).toEqual(['amount', 'amount']);
    const camp = createCampaign(
      { name: 'C', channel: 'email', period: { start: '2026-02-01', end: '2026-01-01' } },
      ctx,
    );
    expect(!camp.ok && camp.error.issues[0]!.path).toEqual(['period', 'end']);
    const call = createActivity({ kind: 'call', occurredAt: '2026-01-01', dueAt: '2026-01-02' }, ctx);
    expect(!call.ok && call.error.issues[0]!.code).toBe('not_a_task');
  });

  it('money in entities refuses lossy numbers', () => {
    const r = createDeal(
      { name: 'D', pipelineId: 'p', stageId: 's', amount: { amount: 19.99, currency: 'USD' } },
      testCtx(),
    );
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['amount', 'amount'], code: 'custom' });
  });
});

describe('createDeal', () => {
  it('starts the stage history with an entry into the first stage at creation, by the actor', () => {
    const deal = unwrap(
      createDeal(
        { name: 'D', pipelineId: 'b2b', stageId: 'prospecting', amount: { amount: '10', currency: 'USD' } },
        testCtx({ actor: 'user-7' }),
      ),
    );
    expect(deal.stageHistory).toEqual([
      { from: null, to: 'prospecting', at: deal.createdAt, by: 'user-7', reason: null },
    ]);
    expect(deal.probability).toEqual({ value: 0, source: 'stage' });
  });

  it('refuses a history inconsistent with the current stage', () => {
    const r = createDeal(
      {
        name: 'D',
        pipelineId: 'b2b',
        stageId: 'proposal',
        amount: { amount: '10', currency: 'USD' },
        stageHistory: [{ from: null, to: 'prospecting', at: '2026-01-01T00:00:00Z' }],
      },
      testCtx(),
    );
    expect(!r.ok && r.error.issues[0]!.code).toBe('inconsistent_history');
  });
});

describe('update*', () => {
  it('applies the recipe, re-validates, bumps version and updatedAt, freezes, and leaves the input untouched', () => {
    const ctx = testCtx();
    const lead = unwrap(createLead({ lastName: 'Lovelace', email: 'ada@example.com' }, ctx));
    const snapshot = JSON.stringify(lead);
    const next = unwrap(updateLead(lead, (d) => void (d.company = 'Analytical Engines'), ctx));
    expect(next.company).toBe('Analytical Engines');
    expect(next.version).toBe(2);
    expect(next.updatedAt.getTime()).toBeGreaterThan(lead.updatedAt.getTime());
    expect(next.createdAt).toEqual(lead.createdAt);
    expect(Object.isFrozen(next)).toBe(true);
    expect(JSON.stringify(lead)).toBe(snapshot);
  });

  it('an invalid change comes back as validation_failed, and the input is unchanged', () => {
    const ctx = testCtx();
    const lead = unwrap(createLead({ lastName: 'Lovelace', email: 'ada@example.com' }, ctx));
    const r = updateLead(lead, (d) => void (d.email = 'not an email'), ctx);
    expect(!r.ok && r.error.issues[0]!.path).toEqual(['email']);
    expect(lead.email).toBe('ada@example.com');
  });

  it('id, createdAt and version cannot be changed by a recipe', () => {
    const ctx = testCtx();
    const deal = unwrap(
      createDeal({ name: 'D', pipelineId: 'p', stageId: 's', amount: { amount: '1', currency: 'USD' } }, ctx),
    );
    const r = updateDeal(deal, (d) => void (d.version = 99), ctx);
    expect(!r.ok && r.error.issues[0]).toMatchObject({ path: ['version'], code: 'immutable_field' });
  });
});

describe('custom fields', () => {
  it('defineCustomFields refuses an unknown entity kind and non-array definitions as a Result', () => {
    const r = defineCustomFields('nope' as never, 5 as never);
    expect(!r.ok && r.error.issues.map((i) => [i.path, i.code])).toEqual([
      [['kind'], 'invalid_value'],
      [[], 'invalid_type'],
    ]);
    const s = defineCustomFields({ toString: null } as never, []);
    expect(!s.ok && s.error.issues[0]!.message).toBe(
      `unknown entity kind; received {"toString":null}; allowed: ${ENTITY_KINDS.join(', ')}`,
    );
  });

  const defs = unwrap(
    defineCustomFields('lead', [
      { key: 'employees', type: 'number', integer: true, min: 0 },
      { key: 'region', type: 'enum', options: ['EMEA', 'AMER'], required: true },
      { key: 'interests', type: 'multi_enum', options: ['crm', 'erp'] },
      { key: 'renewal', type: 'date' },
      { key: 'budget', type: 'money', currency: 'EUR' },
      { key: 'vip', type: 'boolean' },
      { key: 'note', type: 'string', maxLength: 5 },
    ]),
  );
  const ctx = () => testCtx({ customFields: { lead: defs } });

  it('validates and normalises typed values', () => {
    const lead = unwrap(
      createLead(
        {
          lastName: 'X',
          email: 'x@example.com',
          customFields: {
            employees: 50,
            region: 'EMEA',
            interests: ['crm'],
            renewal: '2026-06-01',
            budget: { amount: '100', currency: 'EUR' },
            vip: true,
            note: ' hi ',
          },
        },
        ctx(),
      ),
    );
    expect(lead.customFields).toEqual({
      employees: 50,
      region: 'EMEA',
      interests: ['crm'],
      renewal: new Date('2026-06-01T00:00:00Z'),
      budget: { amount: '100.00', currency: 'EUR' },
      vip: true,
      note: 'hi',
    });
  });

  it('reports unknown keys, wrong types, out-of-range values and missing required fields, each at its path', () => {
    const r = createLead(
      {
        lastName: 'X',
        email: 'x@example.com',
        customFields: {
          employees: -1.5,
          interests: ['crm', 'crm'],
          budget: { amount: '1', currency: 'USD' },
          note: 'too long',
          nope: 1,
        },
      },
      ctx(),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byKey = Object.fromEntries(r.error.issues.map((i) => [String(i.path[1]), i.code]));
    expect(byKey).toMatchObject({
      employees: 'invalid_type',
      interests: 'duplicate',
      budget: 'currency_mismatch',
      note: 'too_big',
      nope: 'unrecognized_keys',
      region: 'invalid_type',
    });
  });

  it('definitions themselves are checked: reserved keys, duplicates, enums without options, min > max', () => {
    const r = defineCustomFields('deal', [
      { key: 'constructor', type: 'string' },
      { key: 'a', type: 'number', min: 2, max: 1 },
      { key: 'a', type: 'enum' },
      { key: '1bad', type: 'boolean' },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.issues.map((i) => i.code).sort()).toEqual(
        ['duplicate', 'invalid_key', 'invalid_key', 'out_of_order', 'invalid_type'].sort(),
      );
  });
});

describe('convertLead', () => {
  const ctx = () => ({ clock: fixedClock('2026-02-01T09:00:00Z'), ids: sequentialIdGenerator(), actor: 'user-1' });
  const lead = () =>
    unwrap(
      createLead(
        {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          phone: '+442079460958',
          company: 'Analytical Engines',
          website: 'ae.example',
          title: 'CTO',
          industry: 'Computing',
          country: 'GB',
          status: 'qualified',
        },
        ctx(),
      ),
    );

  it('creates a contact, an account and a deal, links them and marks the lead converted', () => {
    const {
      lead: converted,
      contact,
      account,
      deal,
    } = unwrap(
      convertLead(
        lead(),
        { deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '24000', currency: 'GBP' } } },
        ctx(),
      ),
    );
    expect(account).toMatchObject({
      name: 'Analytical Engines',
      domain: 'ae.example',
      industry: 'Computing',
      country: 'GB',
    });
    expect(contact).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      title: 'CTO',
      accountId: account!.id,
      emails: [{ address: 'ada@example.com', primary: true, label: null }],
      phones: [{ number: '+442079460958', label: null }],
    });
    expect(deal).toMatchObject({
      name: 'Analytical Engines',
      accountId: account!.id,
      contactId: contact.id,
      amount: { amount: '24000.00', currency: 'GBP' },
    });
    expect(converted).toMatchObject({
      status: 'converted',
      convertedContactId: contact.id,
      convertedAccountId: account!.id,
      convertedDealId: deal!.id,
      version: 2,
    });
  });

  it('a typed field map chooses which lead fields fill the account', () => {
    const r = unwrap(convertLead(lead(), { fieldMap: { account: { name: 'company', industry: 'title' } } }, ctx()));
    expect(r.account?.industry).toBe('CTO');
  });

  it('links an existing account or creates none', () => {
    expect(
      unwrap(convertLead(lead(), { account: { existingId: 'account-77' as never } }, ctx())).contact.accountId,
    ).toBe('account-77');
    const none = unwrap(convertLead(lead(), { account: 'none' }, ctx()));
    expect(none.account).toBeNull();
    expect(none.contact.accountId).toBeNull();
  });

  it('converting an already converted lead is an error, never a second set of records', () => {
    const first = unwrap(convertLead(lead(), {}, ctx()));
    const again = convertLead(first.lead, {}, ctx());
    expect(!again.ok && again.error.code).toBe('already_converted');
  });

  it('an invalid deal fails the whole conversion, with paths under deal', () => {
    const r = convertLead(
      lead(),
      { deal: { pipelineId: 'b2b', stageId: 'q', amount: { amount: 'abc', currency: 'GBP' } } },
      ctx(),
    );
    expect(!r.ok && r.error.issues[0]!.path.slice(0, 2)).toEqual(['deal', 'amount']);
  });
});
