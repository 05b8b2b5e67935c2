/**
 * A store that enforces an access policy for one acting user.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import type {
  AggregateStore,
  StoreWith,
  BulkRepository,
  BulkStore,
  Repositories,
  Repository,
  RepositoryName,
  Store,
  StoreContext,
} from '../repository/ports.js';
import { REPOSITORY_KINDS } from '../repository/ports.js';
import { validateContext } from '../repository/validate.js';
import { quoteValue } from '../_lib/show.js';
import { compiledPolicy, type AccessPolicy } from './defineAccessPolicy.js';
import type { AccessUser } from './types.js';
import { resolveScope, type Scope } from './_scope.js';
import { guardedRepository, type Atomically, type Guard } from './_guardedRepository.js';
import { guardedOutbox } from './_guardedOutbox.js';
import { withGuardedAggregate } from './_guardedAggregate.js';

/**
 * Options of {@link withAccess}.
 *
 * @example
 * ```ts
 * declare const rep: User;
 * const o: WithAccessOptions = { user: rep };
 * ```
 */
export interface WithAccessOptions {
  /**
   * The acting user: a User entity of the context's tenant (with `tenantId` when the host knows it). It
   * is checked against the stored user on first use: a user missing from the tenant, inactive, or whose
   * role or teams differ from the stored ones is refused.
   */
  readonly user: AccessUser;
}

function isStore(v: unknown): v is Store {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  if (typeof s['transaction'] !== 'function') return false;
  for (const name of Object.keys(REPOSITORY_KINDS)) {
    const r = s[name];
    if (typeof r !== 'object' || r === null || typeof (r as { find?: unknown }).find !== 'function') return false;
  }
  const e = s['events'];
  return typeof e === 'object' && e !== null && typeof (e as { read?: unknown }).read === 'function';
}

/**
 * `store` as `options.user` may use it under `policy`: a {@link Store} with the same interface, for one
 * request or unit of work of one user.
 *
 * - **Reads.** `get` gives `null` for a record the user may not read (as for a missing one); `getMany`
 *   skips such records; `find` and `count` AND the query's filter with {@link accessCondition}, so the
 *   store computes a page (in SQL on PostgreSQL) from the readable records only. A filter or sort on a
 *   field the user may not read is refused (`forbidden`, an `access_denied` issue at its path): its values
 *   would show through what matches and in what order. The query's `context.user` is the acting user
 *   (another one is refused), which the policy's `$ref` values read.
 * - **Writes.** `insert` needs `edit` on the new record, and leaves empty the fields the role may not
 *   edit; `update` needs `edit` on the stored record and on the record written (so an owner change
 *   cannot move a record out of the user's reach), and {@link checkWritableFields}; `delete` needs
 *   `delete`. A refused write is `forbidden` (an `access_denied` or `immutable_field` issue) and changes
 *   nothing. A write to a record the user may not read is `not_found`, worded as for a missing record. The
 *   stored record is read in the same transaction as the write, and the write carries its
 *   `expectedVersion`: a record changed meanwhile (its owner, say) fails with `conflict`, never with a
 *   decision made on the old record.
 * - **Scans and bulk writes.** `scan` reads with the same guarded query as `find`, so it yields only
 *   readable records (a refused filter or sort rejects the iterator with `forbidden`). When the store
 *   has bulk writes (a `BulkStore`, as both built-in stores), so does the guarded one: `insertMany`
 *   checks every entity as `insert` does, `upsertMany` checks an entity that replaces a record as
 *   `update` does (the replaced record must be readable and editable, the written one editable, the
 *   fields writable) and one that is new as `insert` does. One refused entity refuses the call
 *   (`forbidden`, issues at `[index, …]`) and nothing is written; a guarded `upsertMany` reads and
 *   writes in one transaction of the store, and fails with `conflict` when a record changed in between.
 *   (Inside a transaction it runs in that transaction: return its failed `Result` to roll back.)
 * - **Aggregates.** When the store has aggregates (an `AggregateStore`, as both built-in stores), so
 *   does the guarded one: `aggregate` ANDs its filter with the access condition, so groups and measures
 *   count readable records only, and refuses (`forbidden`, `access_denied` at the path) a group, a
 *   measure or a condition (`where`, `countIf`) on a field the user may not read.
 * - **The outbox.** `read` shows an event when the user may read the record it is about and every record
 *   its payload names (a key `dealId`, `convertedAccountId`, `contactIds`, …); payload values named like a
 *   field the user may not read (`amount`) are left out. `lastSequence` is the position of the last event
 *   looked at, so a reader moves past hidden events. `append` refuses events about existing records the
 *   user may not read.
 * - **Transactions** give guarded transactional repositories, so the use cases (`convertLeadInStore`,
 *   `transitionDealInStore`, …) run with the user's access when handed the guarded store.
 * - **The user.** On first use in a tenant the user is read from the store's `users` (and so are the
 *   users sharing a team with them or below them in the hierarchy, whose records team levels and the
 *   hierarchy reach). A user that is not a user, is inactive, belongs to another tenant, is missing from
 *   the tenant, or differs from the stored user (role, teams) makes every call fail with `forbidden` (an
 *   `invalid_actor` issue); so does a context whose `actor` is someone else. What was read is kept for the
 *   guarded store's lifetime: make one per request.
 *
 * Records come back whole (use cases need every field): what a person sees goes through {@link redact}.
 * Error messages never name a record the user may not read; an `insert` whose id is taken says so without
 * saying by what (with ids a client chooses, that a record exists can still be learnt this way: let the
 * store make ids).
 *
 * @throws CrmError `validation_failed` for a call no type-correct program makes: `store` not a store, a
 * policy not made by {@link defineAccessPolicy}, options without a `user` or with unknown keys.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * const rep = unwrap(createUser({ name: 'Rita Rep', email: 'rita@acme.test', role: 'sales' }, { clock: fixedClock('2026-01-05T09:00:00Z') }));
 * await store.users.insert(ctx, rep);
 * const policy = unwrap(defineAccessPolicy({ defaults: {}, roles: { sales: { deal: { read: 'own', edit: 'own' } } } }));
 * const mine = withAccess(store, policy, { user: rep });
 * unwrap(await mine.deals.count(ctx)); //=> 0
 * ```
 */
export function withAccess(
  store: StoreWith<'bulk' | 'aggregate'>,
  policy: AccessPolicy,
  options: WithAccessOptions,
): StoreWith<'bulk' | 'aggregate'>;
export function withAccess(store: AggregateStore, policy: AccessPolicy, options: WithAccessOptions): AggregateStore;
export function withAccess(store: BulkStore, policy: AccessPolicy, options: WithAccessOptions): BulkStore;
export function withAccess(store: Store, policy: AccessPolicy, options: WithAccessOptions): Store;
export function withAccess(store: Store, policy: AccessPolicy, options: WithAccessOptions): Store {
  if (!isStore(store))
    throw new CrmError('validation_failed', `withAccess: expected a Store; received ${quoteValue(store)}`, {
      issues: [crmIssue.invalidType(['store'], 'a Store (repositories, events and transaction)', store)],
    });
  compiledPolicy(policy, 'withAccess');
  const bad = checkOptionKeys(options, ['user'], ['options']);
  if (bad.length > 0) throw invalidInput('withAccess options', bad);
  if (options === undefined || options === null || options.user === undefined || options.user === null)
    throw new CrmError('validation_failed', 'withAccess: options.user, the acting user, is required', {
      issues: [crmIssue.invalidType(['options', 'user'], 'the acting user (a User)', options?.user)],
    });
  const user = options.user;
  const scopes = new Map<string, Scope>();

  const guardOver = (repos: Repositories): Guard => ({
    policy,
    async scope(ctx: StoreContext) {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      const tenantId = c.value.tenantId;
      let scope = scopes.get(tenantId);
      if (scope === undefined || (c.value.actor !== undefined && c.value.actor !== scope.user.id)) {
        const r = await resolveScope(repos, c.value, policy, user);
        if (!r.ok) return r;
        scope = r.value;
        scopes.set(tenantId, scope);
      }
      return ok({ scope, ctx: Object.freeze({ tenantId, actor: scope.user.id }) });
    },
  });

  type AnyEntity = { id: string; version: number };
  /** Runs a guarded bulk write of the outer store in one transaction of the inner store. */
  const atomicallyOn =
    (name: RepositoryName): Atomically<AnyEntity> =>
    (ctx, fn) =>
      store.transaction(ctx, (tx) => fn(tx[name] as unknown as Repository<AnyEntity> & BulkRepository<AnyEntity>));
  const guardAll = (repos: Repositories, outerStore: boolean): Repositories => {
    const guard = guardOver(repos);
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(REPOSITORY_KINDS) as RepositoryName[])
      out[name] = withGuardedAggregate(
        name,
        repos[name] as unknown as Repository<AnyEntity>,
        guard,
        guardedRepository(
          name,
          repos[name] as unknown as Repository<AnyEntity>,
          guard,
          outerStore ? atomicallyOn(name) : null,
        ),
      );
    out['events'] = guardedOutbox(repos.events, repos, guard);
    return out as unknown as Repositories;
  };

  const outer = guardAll(store, true);
  const outerGuard = guardOver(store);
  return Object.freeze({
    ...outer,
    async transaction<T>(ctx: StoreContext, fn: (tx: Repositories) => Promise<Result<T>>): Promise<Result<T>> {
      const s = await outerGuard.scope(ctx);
      if (!s.ok) return s;
      if (typeof fn !== 'function') return store.transaction(s.value.ctx, fn);
      return store.transaction(s.value.ctx, (tx) => fn(Object.freeze(guardAll(tx, false))));
    },
  });
}
