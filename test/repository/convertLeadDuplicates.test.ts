// Issue 21 item 8: lead conversion checks for duplicates. convertLead compares the contact and account it would
// make with the existing ones by a matching rule; convertLeadInStore reads them from the tenant (memory,
// PGlite and the PostgreSQL server) and persists nothing when it finds one.
import { describe, it, expect } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { sequentialIdGenerator } from '../../src/core/ids.js';
import { unwrap, type Result } from '../../src/core/result.js';
import { convertLead, createAccount, createContact, createLead, type Lead } from '../../src/entities/index.js';
import { STANDARD_ACCOUNT_RULE, STANDARD_CONTACT_RULE, STANDARD_LEAD_RULE } from '../../src/quality/index.js';
import { convertLeadInStore, type Store, type StoreContext } from '../../src/repository/index.js';
import { useTestStores } from '../_stores.js';

const stores = useTestStores('convdup', { memory: true });
const ctx = (prefix: string) => ({ clock: fixedClock('2030-05-01T00:00:00Z'), ids: sequentialIdGenerator(prefix) });
const ada = (): Lead =>
  unwrap(
    createLead(
      {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ADA@example.com',
        company: 'Analytical Engines',
        website: 'analytical-engines.co.uk',
      },
      ctx('lead'),
    ),
  );
const existingContact = unwrap(
  createContact(
    { firstName: 'Ada', lastName: 'Lovelace', emails: [{ address: 'ada@example.com', primary: true }] },
    ctx('c'),
  ),
);
const otherContact = unwrap(
  createContact({ lastName: 'Hopper', emails: [{ address: 'grace@navy.mil', primary: true }] }, ctx('o')),
);
const existingAccount = unwrap(
  createAccount({ name: 'Analytical Engines Ltd', domain: 'analytical-engines.co.uk' }, ctx('a')),
);
const show = (r: Result<unknown>) =>
  r.ok ? 'ok' : [r.error.code, ...r.error.issues.map((i) => `${i.code} ${i.path.join('.')}`)];

describe('convertLead with a duplicate check', () => {
  it('a matching contact or account fails with conflict and duplicate_found per candidate', () => {
    const r = convertLead(
      ada(),
      {
        duplicates: {
          contactRule: STANDARD_CONTACT_RULE,
          contacts: [otherContact, existingContact],
          accountRule: STANDARD_ACCOUNT_RULE,
          accounts: [existingAccount],
        },
      },
      ctx('x'),
    );
    expect(show(r)).toEqual([
      'conflict',
      `duplicate_found duplicates.contacts.${existingContact.id}`,
      `duplicate_found duplicates.accounts.${existingAccount.id}`,
    ]);
    // No match: the conversion goes ahead.
    expect(
      convertLead(ada(), { duplicates: { contactRule: STANDARD_CONTACT_RULE, contacts: [otherContact] } }, ctx('x')).ok,
    ).toBe(true);
  });

  it('allow, or a linked account, lets the conversion go ahead', () => {
    const check = {
      contactRule: STANDARD_CONTACT_RULE,
      contacts: [existingContact],
      accountRule: STANDARD_ACCOUNT_RULE,
      accounts: [existingAccount],
    };
    expect(convertLead(ada(), { duplicates: { ...check, allow: true } }, ctx('x')).ok).toBe(true);
    const linked = convertLead(
      ada(),
      {
        account: { existingId: existingAccount.id },
        duplicates: { accountRule: STANDARD_ACCOUNT_RULE, accounts: [existingAccount] },
      },
      ctx('x'),
    );
    expect(linked.ok && linked.value.lead.convertedAccountId).toBe(existingAccount.id);
  });

  it('refuses a rule not made by crmkit/quality, a rule on another object, and bad lists', () => {
    const r = convertLead(
      ada(),
      {
        duplicates: {
          contactRule: { object: 'contact' },
          accountRule: STANDARD_LEAD_RULE as never,
          contacts: 'all' as never,
          allow: 'yes' as never,
        },
      },
      ctx('x'),
    );
    expect(show(r)).toEqual([
      'validation_failed',
      'invalid_type duplicates.contactRule',
      'invalid_type duplicates.accountRule',
      'invalid_type duplicates.contacts',
      'invalid_type duplicates.allow',
    ]);
    expect(show(convertLead(ada(), { duplicates: { nope: 1 } as never }, ctx('x')))).toEqual([
      'validation_failed',
      'unrecognized_keys duplicates',
    ]);
    // Existing records that are not records are the finder's issues, under the list.
    const bad = convertLead(
      ada(),
      { duplicates: { contactRule: STANDARD_CONTACT_RULE, contacts: [3 as never] } },
      ctx('x'),
    );
    expect(show(bad)).toEqual(['validation_failed', 'invalid_type duplicates.contacts.existing.0']);
  });

  it('links an existing contact: no contact made, the lead and deal point to it, its account linked', () => {
    const inAccount = unwrap(
      createContact(
        {
          firstName: 'Ada',
          lastName: 'Lovelace',
          emails: [{ address: 'ada@example.com', primary: true }],
          accountId: existingAccount.id,
        },
        ctx('ca'),
      ),
    );
    const deal = { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '5000.00', currency: 'EUR' } };
    const r = unwrap(
      convertLead(
        ada(),
        {
          existingContact: inAccount,
          deal,
          // The contact check is skipped (linking resolves it); nothing else is made, so nothing matches.
          duplicates: { contactRule: STANDARD_CONTACT_RULE, contacts: [inAccount] },
        },
        ctx('x'),
      ),
    );
    expect(r.contact).toEqual(inAccount);
    expect(r.account).toBeNull();
    expect(r.lead.convertedContactId).toBe(inAccount.id);
    expect(r.lead.convertedAccountId).toBe(existingAccount.id);
    expect(r.lead.convertedAt).toEqual(new Date('2030-05-01T00:00:00Z'));
    expect(r.deal?.contactId).toBe(inAccount.id);
    expect(r.deal?.accountId).toBe(existingAccount.id);

    // A contact without an account gets the one the conversion creates (version + 1); the rest stays.
    const created = unwrap(convertLead(ada(), { existingContact }, ctx('x')));
    expect(created.account?.name).toBe('Analytical Engines');
    expect(created.contact.accountId).toBe(created.account?.id);
    expect(created.contact.version).toBe(existingContact.version + 1);
    expect({ ...created.contact, accountId: null, version: 1, updatedAt: null }).toEqual({
      ...existingContact,
      accountId: null,
      version: 1,
      updatedAt: null,
    });
    // With account 'none', the contact is linked as it is.
    expect(unwrap(convertLead(ada(), { existingContact, account: 'none' }, ctx('x'))).contact).toEqual(existingContact);
  });

  it('refuses a linked contact that is not a contact, contact fields with it, and another account than its own', () => {
    expect(show(convertLead(ada(), { existingContact: { id: 'c1' } as never }, ctx('x')))[0]).toBe('validation_failed');
    expect(show(convertLead(ada(), { existingContact, contact: { title: 'Countess' } }, ctx('x')))).toEqual([
      'validation_failed',
      'invalid_value contact',
    ]);
    const inAccount = unwrap(createContact({ lastName: 'Lovelace', accountId: existingAccount.id }, ctx('cb')));
    expect(show(convertLead(ada(), { existingContact: inAccount, account: 'create' }, ctx('x')))).toEqual([
      'validation_failed',
      'invalid_value account',
    ]);
    expect(
      show(convertLead(ada(), { existingContact: inAccount, account: { existingId: 'other' as never } }, ctx('x'))),
    ).toEqual(['validation_failed', 'invalid_value account']);
  });
});

function storeNamed(name: string, t: { skip: () => void }): Store {
  const found = stores.find((x) => x.name === name);
  if (found === undefined) t.skip();
  return found!.store;
}
let tenants = 0;
const tenant = (): StoreContext => ({ tenantId: `convdup-${process.pid}-${++tenants}`, actor: 'u1' });

describe.each([{ name: 'memory' }, { name: 'PGlite' }, { name: 'PostgreSQL server' }])(
  'convertLeadInStore with a duplicate check on $name',
  (s) => {
    it('finds the tenant’s duplicate contact and account and persists nothing; allow converts', async (t) => {
      const store = storeNamed(s.name, t);
      const c = tenant();
      const lead = ada();
      unwrap(await store.leads.insert(c, lead));
      unwrap(await store.contacts.insert(c, existingContact));
      unwrap(await store.contacts.insert(c, otherContact));
      unwrap(await store.accounts.insert(c, existingAccount));
      const check = { contactRule: STANDARD_CONTACT_RULE, accountRule: STANDARD_ACCOUNT_RULE };
      const r = await convertLeadInStore(store, c, lead.id, { duplicates: check }, ctx('y'));
      expect(show(r)).toEqual([
        'conflict',
        `duplicate_found duplicates.contacts.${existingContact.id}`,
        `duplicate_found duplicates.accounts.${existingAccount.id}`,
      ]);
      expect(unwrap(await store.leads.get(c, lead.id))).toEqual(lead);
      expect(unwrap(await store.contacts.count(c))).toBe(2);
      expect(unwrap(await store.accounts.count(c))).toBe(1);
      expect(unwrap(await store.events.read(c)).items).toEqual([]);
      // Another tenant's records are not duplicates.
      const other = tenant();
      unwrap(await store.leads.insert(other, lead));
      expect((await convertLeadInStore(store, other, lead.id, { duplicates: check }, ctx('z'))).ok).toBe(true);
      // The caller saw the candidates and converts anyway; or links the account and checks the contact only.
      const linked = await convertLeadInStore(
        store,
        c,
        lead.id,
        { account: { existingId: existingAccount.id }, duplicates: { accountRule: STANDARD_ACCOUNT_RULE } },
        ctx('y'),
      );
      expect(linked.ok && linked.value.conversion.lead.convertedAccountId).toBe(existingAccount.id);
    });

    it('links the tenant’s existing contact as stored now, setting its account with a version check', async (t) => {
      const store = storeNamed(s.name, t);
      const c = tenant();
      const lead = ada();
      unwrap(await store.leads.insert(c, lead));
      unwrap(await store.contacts.insert(c, existingContact));
      // The stored contact changed since the caller read it: the conversion uses the stored one.
      const renamed = unwrap(
        await store.contacts.update(
          c,
          { ...existingContact, title: 'Countess', version: existingContact.version + 1 },
          { expectedVersion: existingContact.version },
        ),
      );
      const r = unwrap(
        await convertLeadInStore(
          store,
          c,
          lead.id,
          { existingContact, duplicates: { contactRule: STANDARD_CONTACT_RULE } },
          ctx('y'),
        ),
      );
      expect(r.conversion.contact.id).toBe(existingContact.id);
      expect(r.conversion.contact.title).toBe('Countess');
      expect(r.event.payload.contactId).toBe(existingContact.id);
      expect(unwrap(await store.contacts.count(c))).toBe(1);
      const stored = unwrap(await store.contacts.get(c, existingContact.id));
      expect(stored?.accountId).toBe(r.conversion.account?.id);
      expect(stored?.version).toBe(renamed.version + 1);
      expect(unwrap(await store.leads.get(c, lead.id))?.convertedContactId).toBe(existingContact.id);

      // A contact of no such id in this tenant: not_found, and nothing persisted.
      const other = tenant();
      unwrap(await store.leads.insert(other, lead));
      expect(show(await convertLeadInStore(store, other, lead.id, { existingContact }, ctx('z')))).toEqual([
        'not_found',
        'not_found existingContact.id',
      ]);
      expect(unwrap(await store.leads.get(other, lead.id))).toEqual(lead);
      expect(unwrap(await store.accounts.count(other))).toBe(0);
      expect(unwrap(await store.events.read(other)).items).toEqual([]);
    });

    it('allow converts though duplicates exist; a bad rule is validation_failed with nothing read', async (t) => {
      const store = storeNamed(s.name, t);
      const c = tenant();
      const lead = ada();
      unwrap(await store.leads.insert(c, lead));
      unwrap(await store.contacts.insert(c, existingContact));
      expect(
        show(
          await convertLeadInStore(store, c, lead.id, { duplicates: { contactRule: { object: 'contact' } } }, ctx('y')),
        ),
      ).toEqual(['validation_failed', 'invalid_type duplicates.contactRule']);
      const r = await convertLeadInStore(
        store,
        c,
        lead.id,
        { duplicates: { contactRule: STANDARD_CONTACT_RULE, allow: true } },
        ctx('y'),
      );
      expect(r.ok).toBe(true);
      expect(unwrap(await store.contacts.count(c))).toBe(2);
    });
  },
);
