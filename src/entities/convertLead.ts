/**
 * Converting a qualified lead into a contact, optionally an account and a deal.
 *
 * @module
 */
import { CrmError, prefixIssues, type CrmIssue } from '../core/errors.js';
import type { AccountId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { resolveContext } from '../core/clock.js';
import type { EntityContext } from './define.js';
import { createAccount, type Account, type AccountInput } from './account.js';
import { createContact, type Contact, type ContactInput } from './contact.js';
import { createDeal, type Deal, type DealInput } from './deal.js';
import { updateLead, type Lead } from './lead.js';
import { showValue } from '../_lib/show.js';

/** Lead fields holding optional text, which a field map can copy. */
export type LeadTextField =
  'firstName' | 'lastName' | 'company' | 'title' | 'industry' | 'country' | 'website' | 'source' | 'email' | 'phone';

/**
 * Which lead field fills which contact and account field. Both sides are checked by the compiler:
 * only text fields of the Lead can be named, only text fields of Contact/Account can be filled.
 * Defaults: contact `firstName ← firstName`, `lastName ← lastName`, `title ← title`; account
 * `name ← company`, `domain ← website`, `industry ← industry`, `country ← country`.
 *
 * @example
 * ```ts
 * const map: LeadFieldMap = { account: { name: 'company', industry: 'source' } };
 * ```
 */
export interface LeadFieldMap {
  readonly contact?: Partial<Record<'firstName' | 'lastName' | 'title', LeadTextField>>;
  readonly account?: Partial<Record<'name' | 'domain' | 'industry' | 'country', LeadTextField>>;
}

/**
 * How to convert a lead.
 *
 * - `account`: `'create'` (the default when the lead names a company), `{ existingId }` to link an
 *   existing account, or `'none'`.
 * - `contact`: extra contact fields (override the mapped ones).
 * - `deal`: create a deal for the new contact and account (name defaults to the company or person).
 * - `fieldMap`: see {@link LeadFieldMap}.
 *
 * @example
 * ```ts
 * const options: ConvertLeadOptions = {
 *   deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '24000.00', currency: 'EUR' } },
 * };
 * ```
 */
export interface ConvertLeadOptions {
  readonly account?: 'create' | 'none' | { readonly existingId: AccountId };
  readonly accountFields?: Partial<AccountInput>;
  readonly contact?: Partial<ContactInput>;
  readonly deal?: Omit<DealInput, 'name' | 'accountId' | 'contactId'> & { readonly name?: string };
  readonly fieldMap?: LeadFieldMap;
}

/**
 * What {@link convertLead} produces: the converted lead (status `converted`, links set) and the
 * records made from it.
 *
 * @example
 * ```ts
 * const { lead, contact, account, deal }: LeadConversion = unwrap(convertLead(l, {}, ctx));
 * ```
 */
export interface LeadConversion {
  readonly lead: Lead;
  readonly contact: Contact;
  readonly account: Account | null;
  readonly deal: Deal | null;
}

const DEFAULT_CONTACT_MAP = { firstName: 'firstName', lastName: 'lastName', title: 'title' } as const;
const DEFAULT_ACCOUNT_MAP = { name: 'company', domain: 'website', industry: 'industry', country: 'country' } as const;

function mapFields(lead: Lead, map: Record<string, LeadTextField | undefined>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [target, source] of Object.entries(map)) if (source !== undefined) out[target] = lead[source];
  return out;
}

/**
 * Converts a lead: creates a contact (email and phone carried over as primary), an account
 * (created, linked or none) and optionally a deal, and marks the lead `converted` with links to
 * them, all validated together — either every record is returned or none is. Converting a lead
 * that is already converted fails with `already_converted`: it never makes a second set of records.
 * Persisting the records atomically is the repository's job (`convertLeadInStore`).
 *
 * @example
 * ```ts
 * const r = convertLead(lead, { deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '5000.00', currency: 'USD' } } }, ctx);
 * if (r.ok) r.value.lead.status; //=> 'converted'
 * ```
 */
export function convertLead(lead: Lead, options: ConvertLeadOptions = {}, ctx?: EntityContext): Result<LeadConversion> {
  if (lead.status === 'converted' || lead.convertedContactId !== null) {
    return err(
      new CrmError(
        'already_converted',
        `Lead ${lead.id} was already converted${lead.convertedAt ? ` on ${lead.convertedAt.toISOString()}` : ''} (contact ${showValue(lead.convertedContactId)}); converting again would duplicate records`,
        {
          issues: [{ path: ['status'], message: 'Lead is already converted', code: 'already_converted' }],
        },
      ),
    );
  }
  const resolved = resolveContext(ctx);
  const fixedCtx: EntityContext = {
    ...ctx,
    clock: {
      now: (() => {
        const at = resolved.clock.now();
        return () => new Date(at.getTime());
      })(),
    },
    ids: resolved.ids,
  };
  const issues: CrmIssue[] = [];

  const accountMode = options.account ?? (lead.company !== null ? 'create' : 'none');
  let account: Account | null = null;
  let accountId: AccountId | null = null;
  if (accountMode === 'create') {
    const mapped = mapFields(lead, { ...DEFAULT_ACCOUNT_MAP, ...options.fieldMap?.account });
    const r = createAccount(
      { ...mapped, name: mapped['name'] ?? '', ownerId: lead.ownerId, ...options.accountFields } as AccountInput,
      fixedCtx,
    );
    if (r.ok) {
      account = r.value;
      accountId = r.value.id;
    } else issues.push(...prefixIssues(r.error.issues, ['account']));
  } else if (accountMode !== 'none') {
    accountId = accountMode.existingId;
  }

  const mappedContact = mapFields(lead, { ...DEFAULT_CONTACT_MAP, ...options.fieldMap?.contact });
  const contactResult = createContact(
    {
      ...mappedContact,
      lastName: mappedContact['lastName'] ?? '',
      emails: lead.email === null ? [] : [{ address: lead.email, primary: true, label: null }],
      phones: lead.phone === null ? [] : [{ number: lead.phone, label: null }],
      accountId,
      lifecycleStage: 'decision',
      ownerId: lead.ownerId,
      customFields: { ...lead.customFields },
      ...options.contact,
    } as ContactInput,
    fixedCtx,
  );
  if (!contactResult.ok) issues.push(...prefixIssues(contactResult.error.issues, ['contact']));

  let deal: Deal | null = null;
  if (options.deal !== undefined && contactResult.ok) {
    const personName = [lead.firstName, lead.lastName].filter((s) => s !== null).join(' ');
    const r = createDeal(
      {
        ownerId: lead.ownerId,
        source: lead.source,
        ...options.deal,
        name: options.deal.name ?? lead.company ?? personName,
        accountId,
        contactId: contactResult.value.id,
      } as DealInput,
      fixedCtx,
    );
    if (r.ok) deal = r.value;
    else issues.push(...prefixIssues(r.error.issues, ['deal']));
  }

  if (issues.length > 0 || !contactResult.ok) {
    return err(
      new CrmError(
        'validation_failed',
        `Lead ${lead.id} cannot be converted: ${issues.length} issue${issues.length === 1 ? '' : 's'}`,
        { issues },
      ),
    );
  }
  const contact = contactResult.value;
  const updated = updateLead(
    lead,
    (d) => {
      d.status = 'converted';
      d.convertedAt = contact.createdAt;
      d.convertedContactId = contact.id;
      d.convertedAccountId = accountId;
      d.convertedDealId = deal?.id ?? null;
    },
    fixedCtx,
  );
  if (!updated.ok)
    return err(
      new CrmError('validation_failed', `Lead ${lead.id} cannot be converted`, {
        issues: prefixIssues(updated.error.issues, ['lead']),
      }),
    );
  return ok(Object.freeze({ lead: updated.value, contact, account, deal }));
}
