/**
 * Merging duplicate records in a store, atomically.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import {
  updateActivity,
  updateCampaignMember,
  updateContact,
  updateDeal,
  updateLead,
  updateReferral,
  updateSubscription,
  updateSurveyResponse,
  updateTicket,
  type EntityContext,
} from '../entities/index.js';
import { mergeRecords, type MergedRecords, type MergeKind, type MergeRecordsOptions } from '../quality/mergeRecords.js';
import { MAX_LIMIT } from './query.js';
import type { Repositories, Repository, RepositoryName, Store, StoreContext } from './ports.js';
import { conflictError, notFoundError } from './storeErrors.js';
import { checkStoreCall, readInput } from './checkStoreCall.js';

/**
 * Options of {@link mergeInStore}: those of `mergeRecords` (`survivor`, `fieldRules`, `max`), and the
 * versions the caller saw.
 *
 * @example
 * ```ts
 * const o: MergeInStoreOptions = { survivor: 'oldest', expectedVersions: { 'lead-1': 3, 'lead-2': 1 } };
 * ```
 */
export interface MergeInStoreOptions extends MergeRecordsOptions {
  /**
   * The version of each record (by id) the merge was decided on: a record stored at another version fails
   * the merge with `conflict` (issue `stale_version`), so a merge chosen on a screen never absorbs a
   * record edited meanwhile. Records not named are merged at the version read in the transaction.
   */
  readonly expectedVersions?: Readonly<Record<string, number>>;
}

/**
 * A record of another kind that referred to an absorbed record and now refers to the survivor.
 *
 * @example
 * ```ts
 * const r: RepointedRecord = { repository: 'activities', id: 'act-1', field: 'leadId', from: 'lead-2' };
 * ```
 */
export interface RepointedRecord {
  /** The repository of the record. */
  readonly repository: RepositoryName;
  /** Its id. */
  readonly id: string;
  /** The reference field re-pointed. */
  readonly field: string;
  /** The absorbed id it referred to (it now refers to the survivor). */
  readonly from: string;
}

/**
 * What {@link mergeInStore} returns: the merge as {@link mergeRecords} made it (the survivor as stored), and
 * the records re-pointed to the survivor.
 *
 * @example
 * ```ts
 * const moved = (m: StoredMerge<'contact'>) => m.repointed.length;
 * ```
 */
export interface StoredMerge<K extends MergeKind> extends MergedRecords<K> {
  /** Every record re-pointed from an absorbed record to the survivor, by repository, then id. */
  readonly repointed: readonly RepointedRecord[];
}

type Updater = (e: never, recipe: (d: Record<string, unknown>) => void, ctx?: EntityContext) => Result<unknown>;

/**
 * The references to each kind in the store's repositories: every `refSchema`/`idSchema` field of the
 * entity schemas naming a lead, a contact or an account. (A loyalty transaction's `customerId` is free
 * text that may name any kind of customer, so it is not re-pointed.)
 */
const REFERENCES: Readonly<
  Record<MergeKind, readonly { repository: RepositoryName; field: string; update: Updater }[]>
> = {
  lead: [
    { repository: 'activities', field: 'leadId', update: updateActivity as unknown as Updater },
    { repository: 'campaignMembers', field: 'leadId', update: updateCampaignMember as unknown as Updater },
    { repository: 'referrals', field: 'referredLeadId', update: updateReferral as unknown as Updater },
  ],
  contact: [
    { repository: 'activities', field: 'contactId', update: updateActivity as unknown as Updater },
    { repository: 'deals', field: 'contactId', update: updateDeal as unknown as Updater },
    { repository: 'tickets', field: 'requesterContactId', update: updateTicket as unknown as Updater },
    { repository: 'surveyResponses', field: 'contactId', update: updateSurveyResponse as unknown as Updater },
    { repository: 'leads', field: 'convertedContactId', update: updateLead as unknown as Updater },
    { repository: 'campaignMembers', field: 'contactId', update: updateCampaignMember as unknown as Updater },
    { repository: 'referrals', field: 'referrerContactId', update: updateReferral as unknown as Updater },
  ],
  account: [
    { repository: 'activities', field: 'accountId', update: updateActivity as unknown as Updater },
    { repository: 'contacts', field: 'accountId', update: updateContact as unknown as Updater },
    { repository: 'deals', field: 'accountId', update: updateDeal as unknown as Updater },
    { repository: 'tickets', field: 'accountId', update: updateTicket as unknown as Updater },
    { repository: 'surveyResponses', field: 'accountId', update: updateSurveyResponse as unknown as Updater },
    { repository: 'subscriptions', field: 'accountId', update: updateSubscription as unknown as Updater },
    { repository: 'leads', field: 'convertedAccountId', update: updateLead as unknown as Updater },
  ],
};

const REPOSITORY_OF: Readonly<Record<MergeKind, RepositoryName>> = {
  lead: 'leads',
  contact: 'contacts',
  account: 'accounts',
};

type AnyEntity = { readonly id: string; readonly version: number } & Record<string, unknown>;
type AnyRepo = Repository<AnyEntity>;

/** The ids, checked: a list of 2 or more distinct strings (the upper bound is mergeRecords' `max`). */
function checkIds(ids: unknown): Result<readonly string[]> {
  const issues: CrmIssue[] = [];
  if (!Array.isArray(ids)) issues.push(crmIssue.invalidType(['ids'], 'a list of record ids', ids));
  else {
    if (ids.length < 2) issues.push(crmIssue.tooSmall(['ids'], 'the number of records merged', 2, true, ids.length));
    const seen = new Map<string, number>();
    for (let i = 0; i < ids.length && i <= 100; i++) {
      const id: unknown = ids[i];
      if (typeof id !== 'string') issues.push(crmIssue.invalidType(['ids', i], 'a record id (a string)', id));
      else if (seen.has(id)) issues.push(crmIssue.duplicate(['ids', i], 'the id', id, ['ids', seen.get(id)!]));
      else seen.set(id, i);
    }
  }
  if (issues.length > 0) return err(invalidInput('mergeInStore', issues));
  return ok(ids as string[]);
}

/** The expected versions, checked (an object of integers ≥ 1 by id). */
function checkVersions(raw: unknown): Result<ReadonlyMap<string, number>> {
  const out = new Map<string, number>();
  if (raw === undefined || raw === null) return ok(out);
  if (typeof raw !== 'object' || Array.isArray(raw))
    return err(
      invalidInput('mergeInStore', [
        crmIssue.invalidType(['options', 'expectedVersions'], 'an object of versions by record id', raw),
      ]),
    );
  const issues: CrmIssue[] = [];
  for (const id of Object.keys(raw)) {
    const v = (raw as Record<string, unknown>)[id];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) out.set(id, v);
    else
      issues.push(crmIssue.invalidValue(['options', 'expectedVersions', id], 'expected a version (an integer ≥ 1)', v));
  }
  return issues.length > 0 ? err(invalidInput('mergeInStore', issues)) : ok(out);
}

/** Every record of a repository whose `field` is one of `ids`, read page by page. */
async function referring(
  repo: AnyRepo,
  ctx: StoreContext,
  field: string,
  ids: readonly string[],
): Promise<Result<AnyEntity[]>> {
  const out: AnyEntity[] = [];
  let cursor: string | null = null;
  do {
    const page = await repo.find(ctx, {
      where: { field, op: 'in', value: ids },
      limit: MAX_LIMIT,
      ...(cursor === null ? {} : { cursor }),
    } as never);
    if (!page.ok) return page;
    out.push(...page.value.items);
    cursor = page.value.nextCursor;
  } while (cursor !== null);
  return ok(out);
}

/**
 * Merges duplicate records of one kind stored in `store`, in one transaction: it reads the records
 * (`ids`, 2 to `max`), merges them with `mergeRecords` (same options: `survivor`, `fieldRules`, `max`),
 * saves the survivor with a version check, re-points every record that refers to an absorbed record to
 * the survivor (each saved with its `update*` function and a version check), deletes the absorbed records
 * with a version check, and appends the `records_merged` event — all of it, or nothing.
 *
 * Re-pointed references: for leads, activities and campaign members (`leadId`) and referrals
 * (`referredLeadId`); for contacts, activities, deals, survey responses and campaign members
 * (`contactId`), tickets (`requesterContactId`), converted leads (`convertedContactId`) and referrals
 * (`referrerContactId`); for
 * accounts, activities, contacts, deals, tickets, survey responses, subscriptions (`accountId`) and
 * converted leads (`convertedAccountId`). No related record is lost or duplicated: every record that
 * referred to one of the merged records refers to the survivor afterwards.
 *
 * Fails, as a failed `Result` with nothing persisted, with `validation_failed` (a `store` that is not a
 * Store, an invalid `ctx`, `ids` that are not 2 or more distinct strings, bad options — those of
 * `mergeRecords` included — or a merged or re-pointed record that does not validate), `not_found` (an
 * id names no record of `kind` in the tenant: one issue per missing id, at `['ids', i]`), `conflict` (a
 * record is not at its `expectedVersions` entry, or changed during the merge), or whatever the store
 * reports (`adapter_failure`, …). Never rejects for its input. Retrying a merge that succeeded fails with
 * `not_found` (the absorbed records are gone) and changes nothing. The event's `by` is the context's actor.
 *
 * @example
 * ```ts
 * declare const store: Store;
 * const r = await mergeInStore(store, { tenantId: 'acme', actor: 'u1' }, 'lead', ['lead-1', 'lead-2'], { survivor: 'oldest' });
 * if (r.ok) r.value.event.type; //=> 'records_merged'
 * ```
 */
export async function mergeInStore<K extends MergeKind>(
  store: Store,
  ctx: StoreContext,
  kind: K,
  ids: readonly string[],
  options?: MergeInStoreOptions | null,
  entityCtx?: EntityContext,
): Promise<Result<StoredMerge<K>>> {
  const checked = checkStoreCall('mergeInStore', store, ctx);
  if (!checked.ok) return checked;
  if (kind !== 'lead' && kind !== 'contact' && kind !== 'account')
    return err(
      invalidInput('mergeInStore', [
        crmIssue.invalidValue(['kind'], 'not a kind merged', kind, ['lead', 'contact', 'account']),
      ]),
    );
  const c = checked.value;
  const read = readInput('mergeInStore', ['options'], () => {
    const idsOk = checkIds(ids);
    if (!idsOk.ok) return idsOk;
    const keyIssues = checkOptionKeys(options, ['survivor', 'fieldRules', 'max', 'expectedVersions'], ['options']);
    if (keyIssues.length > 0) return err(invalidInput('mergeInStore', keyIssues));
    const { expectedVersions, ...mergeOptions } = options ?? {};
    const versions = checkVersions(expectedVersions);
    if (!versions.ok) return versions;
    const actor: unknown = c.actor ?? (entityCtx as { actor?: unknown } | null | undefined)?.actor;
    return ok({
      ids: [...idsOk.value],
      versions: versions.value,
      mergeOptions: mergeOptions as MergeRecordsOptions,
      entityCtx: (actor === undefined ? entityCtx : { ...entityCtx, actor }) as EntityContext | undefined,
    });
  });
  if (!read.ok) return read;
  if (!read.value.ok) return read.value;
  const { ids: list, versions, mergeOptions, entityCtx: ectx } = read.value.value;
  const repoName = REPOSITORY_OF[kind];

  return store.transaction(c, async (tx: Repositories) => {
    const repo = tx[repoName] as unknown as AnyRepo;
    const loaded = await repo.getMany(c, list);
    if (!loaded.ok) return loaded;
    const byId = new Map(loaded.value.map((r) => [r.id, r]));
    const missing = list.flatMap((id, i) => (byId.has(id) ? [] : [i]));
    if (missing.length > 0) {
      const first = notFoundError(repoName, list[missing[0]!], ['ids', missing[0]!]);
      return missing.length === 1
        ? err(first)
        : err(
            new CrmError(
              'not_found',
              `No ${kind} with id ${missing.map((i) => quoteValue(list[i])).join(', ')} in this tenant`,
              {
                issues: missing.map((i) => ({
                  path: ['ids', i],
                  message: `no ${kind} with this id`,
                  code: 'not_found',
                })),
              },
            ),
          );
    }
    const records = list.map((id) => byId.get(id)!);
    for (const r of records) {
      const expected = versions.get(r.id);
      if (expected !== undefined && expected !== r.version)
        return err(conflictError(repoName, r.id, { stored: r.version, expected }));
    }
    const merged = readInput('mergeInStore', [], () => mergeRecords(kind, records as never, mergeOptions, ectx));
    if (!merged.ok) return merged;
    if (!merged.value.ok) return merged.value;
    const m = merged.value.value as MergedRecords<K>;
    const survivorId = m.survivor.id;
    const before = byId.get(survivorId)!;
    const saved = await repo.update(c, m.survivor as unknown as AnyEntity, { expectedVersion: before.version });
    if (!saved.ok) return saved;

    const repointed: RepointedRecord[] = [];
    for (const ref of REFERENCES[kind]) {
      const refRepo = tx[ref.repository] as unknown as AnyRepo;
      const found = await referring(refRepo, c, ref.field, m.absorbedIds);
      if (!found.ok) return found;
      for (const r of found.value) {
        const from = r[ref.field] as string;
        const next = ref.update(r as never, (d) => void (d[ref.field] = survivorId), ectx);
        if (!next.ok)
          return err(
            invalidInput('mergeInStore', [
              crmIssue.of(
                'invalid_value',
                [ref.repository, r.id, ref.field],
                `re-pointing ${ref.repository} ${quoteValue(r.id)} to the survivor failed: ${next.error.message}`,
              ),
            ]),
          );
        const w = await refRepo.update(c, next.value as AnyEntity, { expectedVersion: r.version });
        if (!w.ok) return w;
        repointed.push({ repository: ref.repository, id: r.id, field: ref.field, from });
      }
    }
    for (const id of m.absorbedIds) {
      const d = await repo.delete(c, id, { expectedVersion: byId.get(id)!.version });
      if (!d.ok) return d;
    }
    const appended = await tx.events.append(c, [m.event]);
    if (!appended.ok) return appended;
    repointed.sort((a, b) =>
      a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    return ok(
      Object.freeze({
        ...m,
        repointed: Object.freeze(repointed.map((r) => Object.freeze(r))),
      }) as StoredMerge<K>,
    );
  });
}
