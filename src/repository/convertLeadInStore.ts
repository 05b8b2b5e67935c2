/**
 * Lead conversion persisted atomically.
 *
 * @module
 */
import type { DomainEvent } from '../core/events.js';
import type { AccountId, ContactId, LeadId } from '../core/ids.js';
import { err, fail, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import {
  convertLead,
  type Contact,
  type ConvertLeadOptions,
  type EntityContext,
  type LeadConversion,
} from '../entities/index.js';
import type { Store, StoreContext } from './ports.js';
import { notFoundError } from './storeErrors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { checkStoreCall, readInput } from './checkStoreCall.js';
import { MAX_LIMIT } from './query.js';
import type { Repositories } from './ports.js';
import type { ConvertLeadDuplicateCheck } from '../entities/convertLead.js';

/** Every record of a repository, read page by page. */
async function everything(
  repo: Repositories['contacts'] | Repositories['accounts'],
  ctx: StoreContext,
): Promise<Result<object[]>> {
  const out: object[] = [];
  let cursor: string | null = null;
  do {
    const page: Result<{ items: readonly object[]; nextCursor: string | null }> = await repo.find(ctx, {
      limit: MAX_LIMIT,
      ...(cursor === null ? {} : { cursor }),
    });
    if (!page.ok) return page;
    out.push(...page.value.items);
    cursor = page.value.nextCursor;
  } while (cursor !== null);
  return ok(out);
}

/**
 * The duplicate check with the tenant's contacts and accounts filled in where a rule is given without
 * them, or `null` when nothing needs reading (no check, an allowed one, or one with its records given).
 * A check of the wrong shape is left to convertLead, which refuses it.
 */
async function existingForCheck(
  tx: Repositories,
  ctx: StoreContext,
  options: ConvertLeadOptions | null,
): Promise<Result<ConvertLeadDuplicateCheck | null>> {
  let c: ConvertLeadDuplicateCheck;
  let contacts: readonly object[] | undefined;
  let accounts: readonly object[] | undefined;
  try {
    const check: unknown = options !== null && typeof options === 'object' ? options.duplicates : undefined;
    if (check === undefined || check === null || typeof check !== 'object') return ok(null);
    c = { ...(check as ConvertLeadDuplicateCheck) };
    if (c.allow === true) return ok(null);
    contacts = c.contacts;
    accounts = c.accounts;
  } catch {
    return ok(null); // options that throw when read: convertLead refuses them
  }
  if (c.contactRule !== undefined && c.contactRule !== null && contacts === undefined) {
    const r = await everything(tx.contacts, ctx);
    if (!r.ok) return r;
    contacts = r.value;
  }
  if (c.accountRule !== undefined && c.accountRule !== null && accounts === undefined) {
    const r = await everything(tx.accounts, ctx);
    if (!r.ok) return r;
    accounts = r.value;
  }
  if (contacts === c.contacts && accounts === c.accounts) return ok(null);
  return ok({ ...c, ...(contacts === undefined ? {} : { contacts }), ...(accounts === undefined ? {} : { accounts }) });
}

/**
 * The payload of the `lead_converted` event.
 *
 * @example
 * ```ts
 * const p: LeadConvertedPayload = { leadId: 'l1', contactId: 'c1', accountId: null, dealId: null };
 * ```
 */
export interface LeadConvertedPayload {
  readonly leadId: string;
  readonly contactId: string;
  readonly accountId: string | null;
  readonly dealId: string | null;
}

/**
 * What {@link convertLeadInStore} returns: the stored records and the recorded event.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * declare const leadId: LeadId;
 * const { conversion, event } = unwrap(await convertLeadInStore(store, { tenantId: 'acme' }, leadId, {}));
 * event.type; // 'lead_converted'
 * conversion.contact.id; // the new contact's id
 * ```
 */
export interface StoredLeadConversion {
  readonly conversion: LeadConversion;
  readonly event: DomainEvent<'lead_converted', LeadConvertedPayload>;
}

/**
 * Converts a stored lead in one transaction: loads it, runs `convertLead`, inserts the account
 * (when one is created), the contact (or, with `existingContact`, links the tenant's contact of that id
 * as stored now, saving it with a version check when the conversion sets its account) and the deal (when
 * asked for), saves the converted lead with a
 * version check and appends a `lead_converted` event — all of it, or nothing. Fails with
 * `not_found` (no such lead, or `account: { existingId }` or `existingContact` names no account or
 * contact of the tenant),
 * `already_converted`, `validation_failed`, `conflict` (the lead changed meanwhile) or whatever the
 * store reports for a read or a write (`adapter_failure`, …), as a failed `Result`; nothing is then
 * persisted; a `store` that is not a Store, an invalid `ctx` or input that cannot be read (a throwing
 * getter) fails with `validation_failed` before anything is read. Never rejects for its input.
 *
 * With `options.duplicates` (a contact and/or account matching rule of crmkit/quality, see
 * `ConvertLeadDuplicateCheck`), the new contact and account are compared with the tenant's contacts and
 * accounts (all of them, read page by page in the transaction, unless the check names its own lists):
 * a match fails the conversion with `conflict` and a `duplicate_found` issue per candidate, and nothing is
 * persisted — unless `duplicates.allow` is set; a linked account (`account: { existingId }`) or contact
 * (`existingContact`) is not checked. The event id is `<leadId>:converted` (a lead converts once); `by` is the context's
 * actor, or `null`.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * declare const lead: Lead;
 * const r = await convertLeadInStore(store, { tenantId: 'acme', actor: 'u1' }, lead.id, {
 *   deal: { pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '12000.00', currency: 'EUR' } },
 * });
 * if (r.ok) r.value.conversion.deal?.stageId; //=> 'qualification'
 * ```
 */
export async function convertLeadInStore(
  store: Store,
  ctx: StoreContext,
  leadId: LeadId | string,
  options: ConvertLeadOptions = {},
  entityCtx?: EntityContext,
): Promise<Result<StoredLeadConversion>> {
  const checked = checkStoreCall('convertLeadInStore', store, ctx);
  if (!checked.ok) return checked;
  if (typeof leadId !== 'string')
    return err(invalidInput('convertLeadInStore', [crmIssue.invalidType(['leadId'], 'a lead id (a string)', leadId)]));
  // The options are checked by convertLead (null means none); only a well-typed link is looked up here.
  const link = readInput('convertLeadInStore', ['options', 'account', 'existingId'], () => {
    const account: unknown = options !== null && typeof options === 'object' ? options.account : undefined;
    return account !== null && typeof account === 'object'
      ? (account as { existingId?: unknown }).existingId
      : undefined;
  });
  if (!link.ok) return link;
  const existingId = link.value;
  const contactLink = readInput('convertLeadInStore', ['options', 'existingContact', 'id'], () => {
    const contact: unknown = options !== null && typeof options === 'object' ? options.existingContact : undefined;
    return contact !== null && typeof contact === 'object' ? (contact as { id?: unknown }).id : undefined;
  });
  if (!contactLink.ok) return contactLink;
  const existingContactId = contactLink.value;
  const c = checked.value;
  // The actor of the event and of the records: the store context's, else the entity context's.
  const withActor = readInput('convertLeadInStore', ['entityCtx'], () => {
    const actor: unknown = c.actor ?? (entityCtx as { actor?: unknown } | null | undefined)?.actor;
    return { actor, entityCtx: actor === undefined ? entityCtx : { ...entityCtx, actor } };
  });
  if (!withActor.ok) return withActor;
  const { actor } = withActor.value;
  return store.transaction(c, async (tx) => {
    const loaded = await tx.leads.get(c, leadId as LeadId);
    if (!loaded.ok) return loaded;
    const lead = loaded.value;
    if (lead === null) return err(notFoundError('leads', leadId, ['leadId']));
    if (typeof existingId === 'string') {
      const existing = await tx.accounts.get(c, existingId as AccountId);
      if (!existing.ok) return existing;
      if (existing.value === null) {
        return fail(
          'not_found',
          `Cannot link the converted lead to account ${quoteValue(existingId)}: no such account in this tenant`,
          [{ path: ['account', 'existingId'], message: 'Not found', code: 'not_found' }],
        );
      }
    }
    // The contact to link, as stored now (not as the caller last read it).
    let storedContact: Contact | null = null;
    if (typeof existingContactId === 'string') {
      const existing = await tx.contacts.get(c, existingContactId as ContactId);
      if (!existing.ok) return existing;
      if (existing.value === null) {
        return fail(
          'not_found',
          `Cannot link the converted lead to contact ${quoteValue(existingContactId)}: no such contact in this tenant`,
          [{ path: ['existingContact', 'id'], message: 'Not found', code: 'not_found' }],
        );
      }
      storedContact = existing.value;
    }
    // A duplicate check without the existing records given compares with every record of the tenant.
    const check = await existingForCheck(tx, c, options);
    if (!check.ok) return check;
    const checkedOptions =
      check.value === null && storedContact === null
        ? options
        : {
            ...options,
            ...(check.value === null ? {} : { duplicates: check.value }),
            ...(storedContact === null ? {} : { existingContact: storedContact }),
          };
    // convertLead never throws for its input; should it, the transaction still answers with a Result.
    const converted = readInput(
      'convertLeadInStore',
      [],
      () => convertLead(lead, checkedOptions, withActor.value.entityCtx as EntityContext | undefined),
      'the lead could not be converted with these options and context',
    );
    if (!converted.ok) return converted;
    if (!converted.value.ok) return converted.value;
    const conversion = converted.value.value;
    if (conversion.account !== null) {
      const r = await tx.accounts.insert(c, conversion.account);
      if (!r.ok) return r;
    }
    if (storedContact === null) {
      const inserted = await tx.contacts.insert(c, conversion.contact);
      if (!inserted.ok) return inserted;
    } else if (conversion.contact.version !== storedContact.version) {
      // The linked contact got the conversion's account.
      const updated = await tx.contacts.update(c, conversion.contact, { expectedVersion: storedContact.version });
      if (!updated.ok) return updated;
    }
    if (conversion.deal !== null) {
      const r = await tx.deals.insert(c, conversion.deal);
      if (!r.ok) return r;
    }
    const saved = await tx.leads.update(c, conversion.lead, { expectedVersion: lead.version });
    if (!saved.ok) return saved;
    const event: DomainEvent<'lead_converted', LeadConvertedPayload> = Object.freeze({
      id: `${lead.id}:converted`,
      type: 'lead_converted',
      at: conversion.lead.convertedAt ?? conversion.contact.createdAt,
      by: typeof actor === 'string' ? actor : null,
      aggregate: Object.freeze({ kind: 'lead' as const, id: lead.id }),
      payload: Object.freeze({
        leadId: lead.id,
        contactId: conversion.contact.id,
        accountId: conversion.lead.convertedAccountId,
        dealId: conversion.deal?.id ?? null,
      }),
    });
    const appended = await tx.events.append(c, [event]);
    if (!appended.ok) return appended;
    return ok(Object.freeze({ conversion, event }));
  });
}
