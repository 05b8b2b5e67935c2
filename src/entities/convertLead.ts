/**
 * Converting a qualified lead into a contact, optionally an account and a deal.
 *
 * @module
 */
import { CrmError, prefixIssues, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput, IssueList } from '../core/issues.js';
import type { AccountId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { resolveContext } from '../core/clock.js';
import { contextIssues, type EntityContext } from './define.js';
import { createAccount, type Account, type AccountInput } from './account.js';
import { createContact, parseContact, updateContact, type Contact, type ContactInput } from './contact.js';
import { createDeal, type Deal, type DealInput } from './deal.js';
import { parseLead, updateLead, type Lead } from './lead.js';
import { quoteValue, showValue } from '../_lib/show.js';
import { duplicateFinderOf } from '../core/duplicateFinders.js';

/**
 * Lead fields holding optional text, which a field map can copy.
 *
 * @example
 * ```ts
 * const source: LeadTextField = 'company';
 * ```
 */
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
 * - `contact`: extra contact fields (override the mapped ones) of the new contact.
 * - `existingContact`: link this existing contact instead of creating one (Salesforce's "choose an
 *   existing contact"): the lead and the deal point to it, and no contact duplicate check runs. Its
 *   account is linked when `account` is left out; an account created or linked for a contact without one
 *   is set on it (the contact is returned updated, version + 1); one that differs from the contact's is
 *   refused. Its other fields, lifecycle stage included, are left as they are.
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
  /** An existing contact to link instead of creating one (`convertLeadInStore` reads it again by id). */
  readonly existingContact?: Contact;
  readonly deal?: Omit<DealInput, 'name' | 'accountId' | 'contactId'> & { readonly name?: string };
  readonly fieldMap?: LeadFieldMap;
  /** Check the new contact and account for duplicates first; see {@link ConvertLeadDuplicateCheck}. */
  readonly duplicates?: ConvertLeadDuplicateCheck;
}

/**
 * The duplicate check of a conversion (Salesforce's duplicate rules on conversion): the contact and the
 * account the conversion would create are compared with the existing ones by matching rules or trained
 * models of crmkit/quality (`STANDARD_CONTACT_RULE`, `STANDARD_ACCOUNT_RULE`, `defineMatchingRule`,
 * `trainMatchModel`). When one matches, the conversion fails with `conflict`, one `duplicate_found` issue
 * per candidate at `['duplicates', 'contacts' | 'accounts', <candidate id>]` (best first), and nothing is
 * made — unless `allow` is set. Linking an existing account (`account: { existingId }`) or making none
 * skips the account check; linking an existing contact (`existingContact`) skips the contact check.
 *
 * @example
 * ```ts
 * declare const existingContacts: readonly Contact[];
 * const check: ConvertLeadDuplicateCheck = { contactRule: STANDARD_CONTACT_RULE, contacts: existingContacts };
 * ```
 */
export interface ConvertLeadDuplicateCheck {
  /** A rule or model on contacts, made by crmkit/quality: the new contact is compared with `contacts`. */
  readonly contactRule?: { readonly object: string };
  /** A rule or model on accounts, made by crmkit/quality: a new account is compared with `accounts`. */
  readonly accountRule?: { readonly object: string };
  /** The existing contacts (`convertLeadInStore` reads the tenant's when left out). */
  readonly contacts?: readonly object[];
  /** The existing accounts (`convertLeadInStore` reads the tenant's when left out). */
  readonly accounts?: readonly object[];
  /** Convert even when duplicates are found (the caller has seen them and chose to). */
  readonly allow?: boolean;
}

/**
 * What {@link convertLead} produces: the converted lead (status `converted`, links set) and the
 * records made from it.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * declare const l: Lead;
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

/** The keys {@link ConvertLeadOptions} may have. */
const OPTION_KEYS = [
  'account',
  'accountFields',
  'contact',
  'existingContact',
  'deal',
  'fieldMap',
  'duplicates',
] as const;
const DUPLICATE_KEYS = ['contactRule', 'accountRule', 'contacts', 'accounts', 'allow'] as const;

/** Checks the duplicate check's shape: rules made by crmkit/quality on the right object, lists, a boolean. */
function duplicateIssues(check: unknown): CrmIssue[] {
  if (check === undefined || check === null) return [];
  const issues = checkOptionKeys(check, DUPLICATE_KEYS, ['duplicates']);
  if (issues.length > 0) return issues;
  const c = check as Record<string, unknown>;
  for (const [key, object] of [
    ['contactRule', 'contact'],
    ['accountRule', 'account'],
  ] as const) {
    const rule = c[key];
    if (rule === undefined || rule === null) continue;
    const finder = duplicateFinderOf(rule);
    if (finder === undefined || finder.object !== object)
      issues.push(
        crmIssue.invalidType(
          ['duplicates', key],
          `a matching rule or model on ${object} records (made by crmkit/quality)`,
          rule,
        ),
      );
  }
  for (const key of ['contacts', 'accounts'] as const)
    if (c[key] !== undefined && c[key] !== null && !Array.isArray(c[key]))
      issues.push(crmIssue.invalidType(['duplicates', key], `a list of existing ${key}`, c[key]));
  if (c['allow'] !== undefined && c['allow'] !== null && typeof c['allow'] !== 'boolean')
    issues.push(crmIssue.invalidType(['duplicates', 'allow'], 'a boolean', c['allow']));
  return issues;
}

/**
 * The duplicates of the new contact and account, as `duplicate_found` issues (none when the check is off
 * or allowed); a finder's own error (existing records that are not records) as its issues.
 */
function findDuplicateIssues(
  check: ConvertLeadDuplicateCheck | undefined,
  contact: Contact | null,
  account: Account | null,
): CrmIssue[] {
  if (check === undefined || check === null || check.allow === true) return [];
  const issues: CrmIssue[] = [];
  const run = (rule: unknown, candidate: object, existing: readonly object[] | undefined | null, list: string) => {
    const finder = duplicateFinderOf(rule);
    if (finder === undefined) return;
    const found = finder.find(candidate, existing ?? []);
    if (!found.ok) {
      issues.push(...prefixIssues(found.error.issues, ['duplicates', list]));
      return;
    }
    for (const d of found.value)
      issues.push(
        crmIssue.of(
          'duplicate_found',
          ['duplicates', list, d.id],
          `the new ${list === 'contacts' ? 'contact' : 'account'} matches ${quoteValue(d.id)} (score ${Number(d.score.toFixed(4))})`,
        ),
      );
  };
  if (contact !== null) run(check.contactRule, contact, check.contacts, 'contacts');
  if (account !== null) run(check.accountRule, account, check.accounts, 'accounts');
  return issues;
}
const LEAD_TEXT_FIELDS: readonly LeadTextField[] = [
  'firstName',
  'lastName',
  'company',
  'title',
  'industry',
  'country',
  'website',
  'source',
  'email',
  'phone',
];

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isPlainRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

function mapFields(lead: Lead, map: Record<string, LeadTextField | undefined>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const target of Object.keys(map)) {
    const source = map[target];
    if (source !== undefined) out[target] = hasOwn(lead, source) ? lead[source] : null;
  }
  return out;
}

/** Checks one side of a field map: known target fields, lead text fields as sources. */
function fieldMapIssues(side: 'contact' | 'account', map: unknown, targets: readonly string[]): CrmIssue[] {
  if (map === undefined) return [];
  const path = ['fieldMap', side];
  const issues = checkOptionKeys(map, targets, path);
  if (issues.length > 0 || map === null) return issues;
  for (const target of Object.keys(map as object)) {
    const source = (map as Record<string, unknown>)[target];
    if (source !== undefined && !(LEAD_TEXT_FIELDS as readonly unknown[]).includes(source))
      issues.push(crmIssue.invalidValue([...path, target], 'not a text field of the lead', source, LEAD_TEXT_FIELDS));
  }
  return issues;
}

/** Checks the options' shape (the records themselves are checked by `create*`). Never throws. */
function optionIssues(options: unknown): CrmIssue[] {
  const issues = checkOptionKeys(options, OPTION_KEYS);
  if (issues.length > 0 || options === undefined || options === null) return issues;
  const o = options as Record<string, unknown>;
  const account = o['account'];
  if (account !== undefined && account !== 'create' && account !== 'none') {
    const keyIssues = checkOptionKeys(account, ['existingId'], ['account']);
    if (
      keyIssues.length > 0 ||
      account === null ||
      typeof (account as Record<string, unknown>)['existingId'] !== 'string'
    )
      issues.push(
        keyIssues[0] ?? crmIssue.invalidType(['account'], "'create', 'none' or { existingId: string }", account),
      );
  }
  for (const key of ['accountFields', 'contact', 'deal'] as const) {
    const v = o[key];
    if (v !== undefined && !isPlainRecord(v)) issues.push(crmIssue.invalidType([key], 'an object of record fields', v));
  }
  issues.push(...duplicateIssues(o['duplicates']));
  const existing = o['existingContact'];
  if (existing !== undefined) {
    const parsed = parseContact(existing);
    if (!parsed.ok) issues.push(...prefixIssues(parsed.error.issues, ['existingContact']));
    else if (o['contact'] !== undefined)
      issues.push(
        crmIssue.of(
          'invalid_value',
          ['contact'],
          'contact fields apply to a new contact: with existingContact no contact is created (update it instead)',
        ),
      );
  }
  const fieldMap = o['fieldMap'];
  if (fieldMap !== undefined) {
    const mapIssues = checkOptionKeys(fieldMap, ['contact', 'account'], ['fieldMap']);
    if (mapIssues.length > 0) issues.push(...mapIssues);
    else if (fieldMap !== null) {
      const fm = fieldMap as Record<string, unknown>;
      issues.push(...fieldMapIssues('contact', fm['contact'], Object.keys(DEFAULT_CONTACT_MAP)));
      issues.push(...fieldMapIssues('account', fm['account'], Object.keys(DEFAULT_ACCOUNT_MAP)));
    }
  }
  return issues;
}

/** Plain copies of checked options, two levels deep (the records and the field map's sides). */
function copyOptions(options: ConvertLeadOptions): ConvertLeadOptions {
  const copy = <T extends object>(v: T | undefined): T | undefined => (v === undefined ? undefined : { ...v });
  const { account, accountFields, contact, existingContact, deal, fieldMap, duplicates } = options;
  return {
    ...(existingContact === undefined ? {} : { existingContact }),
    ...(duplicates === undefined || duplicates === null ? {} : { duplicates: { ...duplicates } }),
    ...(account === undefined ? {} : { account: typeof account === 'string' ? account : { ...account } }),
    ...(accountFields === undefined ? {} : { accountFields: copy(accountFields) }),
    ...(contact === undefined ? {} : { contact: copy(contact) }),
    ...(deal === undefined ? {} : { deal: copy(deal)! }),
    ...(fieldMap === undefined || fieldMap === null
      ? {}
      : { fieldMap: { contact: copy(fieldMap.contact), account: copy(fieldMap.account) } }),
  };
}

/**
 * Converts a lead: creates a contact (email and phone carried over as primary), an account
 * (created, linked or none) and optionally a deal, and marks the lead `converted` with links to
 * them, all validated together — either every record is returned or none is. The lead's
 * `statusHistory` gets the move into `converted` (at the conversion time; `forced: true` when the
 * lead was not `sql`, as the lead lifecycle converts from sql only), and the deal inherits the
 * lead's `campaignId` unless the deal options name one. Converting a lead
 * that is already converted fails with `already_converted`: it never makes a second set of records.
 * Persisting the records atomically is the repository's job (`convertLeadInStore`).
 *
 * With `duplicates` (see {@link ConvertLeadDuplicateCheck}), the new contact and account are first
 * compared with the existing ones by matching rules of crmkit/quality: a match fails the conversion with
 * `conflict` and one `duplicate_found` issue per candidate, unless `duplicates.allow` is set. A linked
 * account (`account: { existingId }`) or contact (`existingContact`) is not checked: linking is how a
 * caller resolves a duplicate found. With `existingContact`, no contact is created: the lead and deal
 * link it (see {@link ConvertLeadOptions}).
 *
 * Bad data gets a `Result` error, never a throw: the lead is validated first (`parseLead`; issues
 * under `['lead']`), then the options (unknown keys refused, naming the allowed ones; `null` means
 * none), then the records made from them (issues under `['account']`, `['contact']`, `['deal']`).
 * A context whose `clock.now()` is not a valid `Date` is an issue at `['ctx', 'clock']`.
 * Validation is linear in the size of the input. The inputs are never changed or frozen; the
 * records returned are new, frozen objects.
 *
 * @example
 * ```ts
 * declare const ctx: EntityContext;
 * declare const lead: Lead;
 * const r = convertLead(lead, { deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '5000.00', currency: 'USD' } } }, ctx);
 * if (r.ok) r.value.lead.status; //=> 'converted'
 * ```
 */
export function convertLead(
  lead: Lead,
  options: ConvertLeadOptions | null = {},
  ctx?: EntityContext,
): Result<LeadConversion> {
  const ctxIssues = contextIssues(ctx);
  if (ctxIssues.length > 0) return err(invalidInput('convertLead context', ctxIssues));
  const parsed = parseLead(lead, ctx);
  if (!parsed.ok)
    return err(
      new CrmError('validation_failed', `convertLead: the lead is invalid: ${parsed.error.message}`, {
        issues: prefixIssues(parsed.error.issues, ['lead']),
      }),
    );
  lead = parsed.value;
  // The options are read once, into plain copies: a getter that throws in them is bad data, not a throw.
  let bad: CrmIssue[];
  let opts: ConvertLeadOptions;
  try {
    bad = optionIssues(options);
    opts = bad.length > 0 ? {} : copyOptions(options ?? {});
  } catch (cause) {
    return err(
      new CrmError('validation_failed', 'convertLead options could not be read (a property threw when read)', {
        issues: [crmIssue.invalidType(['options'], 'plain option objects', options)],
        cause,
      }),
    );
  }
  if (bad.length > 0) return err(invalidInput('convertLead options', bad));
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
  const at: unknown = resolved.clock.now();
  // The caller's clock may answer with anything: the records below all carry this instant.
  if (!(at instanceof Date) || !Number.isFinite(at.getTime()))
    return err(invalidInput('convertLead context', [crmIssue.invalidDate(['ctx', 'clock'], at)]));
  const fixedCtx: EntityContext = {
    ...(ctx ?? {}),
    clock: { now: () => new Date(at.getTime()) },
    ids: resolved.ids,
  };
  const issues = new IssueList();

  // The contact to link, as parsed (optionIssues checked it parses).
  const linked = opts.existingContact === undefined ? null : parseContact(opts.existingContact);
  const existingContact = linked !== null && linked.ok ? linked.value : null;
  const accountMode =
    opts.account ??
    (existingContact?.accountId != null
      ? { existingId: existingContact.accountId }
      : lead.company !== null
        ? 'create'
        : 'none');
  if (
    existingContact !== null &&
    existingContact.accountId !== null &&
    accountMode !== 'none' &&
    (accountMode === 'create' || accountMode.existingId !== existingContact.accountId)
  )
    return err(
      invalidInput('convertLead options', [
        crmIssue.of(
          'invalid_value',
          ['account'],
          `the existing contact ${quoteValue(existingContact.id)} belongs to account ${quoteValue(existingContact.accountId)}: link that account (or leave account out), or 'none'`,
        ),
      ]),
    );
  let account: Account | null = null;
  let accountId: AccountId | null = null;
  if (accountMode === 'create') {
    const mapped = mapFields(lead, { ...DEFAULT_ACCOUNT_MAP, ...opts.fieldMap?.account });
    const r = createAccount(
      { ...mapped, name: mapped['name'] ?? '', ownerId: lead.ownerId, ...opts.accountFields } as AccountInput,
      fixedCtx,
    );
    if (r.ok) {
      account = r.value;
      accountId = r.value.id;
    } else issues.push(...prefixIssues(r.error.issues, ['account']));
  } else if (accountMode !== 'none') {
    accountId = accountMode.existingId;
  }

  const mappedContact = mapFields(lead, { ...DEFAULT_CONTACT_MAP, ...opts.fieldMap?.contact });
  const contactResult: Result<Contact> =
    existingContact !== null
      ? existingContact.accountId === null && accountId !== null
        ? updateContact(
            existingContact,
            (d) => {
              d.accountId = accountId;
            },
            fixedCtx,
          )
        : ok(existingContact)
      : createContact(
          {
            ...mappedContact,
            lastName: mappedContact['lastName'] ?? '',
            emails: lead.email === null ? [] : [{ address: lead.email, primary: true, label: null }],
            phones: lead.phone === null ? [] : [{ number: lead.phone, label: null }],
            accountId,
            lifecycleStage: 'decision',
            ownerId: lead.ownerId,
            customFields: { ...lead.customFields },
            ...opts.contact,
          } as ContactInput,
          fixedCtx,
        );
  if (!contactResult.ok) issues.push(...prefixIssues(contactResult.error.issues, ['contact']));

  let deal: Deal | null = null;
  if (opts.deal !== undefined && contactResult.ok) {
    const personName = [lead.firstName, lead.lastName].filter((s) => s !== null).join(' ');
    const r = createDeal(
      {
        ownerId: lead.ownerId,
        source: lead.source,
        campaignId: lead.campaignId,
        ...opts.deal,
        name: opts.deal.name ?? lead.company ?? personName,
        accountId,
        contactId: contactResult.value.id,
      } as DealInput,
      fixedCtx,
    );
    if (r.ok) deal = r.value;
    else issues.push(...prefixIssues(r.error.issues, ['deal']));
  }

  if (issues.count > 0 || !contactResult.ok) return err(issues.error(`Lead ${lead.id} cannot be converted`));
  const contact = contactResult.value;
  const duplicates = findDuplicateIssues(opts.duplicates, existingContact === null ? contact : null, account);
  if (duplicates.length > 0) {
    const found = duplicates.filter((i) => i.code === 'duplicate_found');
    if (found.length < duplicates.length) return err(invalidInput('convertLead duplicates', duplicates));
    return err(
      new CrmError(
        'conflict',
        `Lead ${lead.id} would duplicate ${found.length === 1 ? 'an existing record' : `${found.length} existing records`}: link the existing contact (existingContact) or account (account: { existingId }), or convert with duplicates.allow`,
        { issues: found },
      ),
    );
  }
  const from = lead.status === 'qualified' ? (lead.qualification === 'sql' ? 'sql' : 'mql') : lead.status;
  const updated = updateLead(
    lead,
    (d) => {
      d.statusHistory.push({
        from,
        to: 'converted',
        at,
        by: resolved.actor ?? null,
        reason: null,
        // The lead lifecycle converts from sql only: a conversion from elsewhere skips it, on record.
        forced: from !== 'sql',
      });
      d.status = 'converted';
      d.convertedAt = at;
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
