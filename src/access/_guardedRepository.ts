/**
 * One repository seen through an access policy: reads see only what the acting user may read, writes
 * are checked against the record as stored (in the same unit of work) and as written.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import { CrmError, prefixIssues, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { defineCondition, treeOf, type AnyCondition } from '../conditions/define.js';
import type { ConditionContext, ConditionJson } from '../conditions/types.js';
import type {
  BulkRepository,
  Repository,
  RepositoryName,
  ScanOptions,
  ScanQuery,
  StoreContext,
  UpsertManyOptions,
  WriteOptions,
} from '../repository/ports.js';
import { checkScanOptions, checkScanQuery } from '../repository/checkScan.js';
import { isBulkRepository } from '../repository/isBulkRepository.js';
import { MAX_LIST_VALUES } from '../conditions/define.js';
import { REPOSITORY_KINDS } from '../repository/ports.js';
import type { Page, Query } from '../repository/query.js';
import { validateCountQuery, validateQuery, type NormalizedQuery } from '../repository/validateQuery.js';
import { readInput } from '../repository/checkStoreCall.js';
import { quoteValue } from '../_lib/show.js';
import type { AccessPolicy } from './defineAccessPolicy.js';
import type { AccessAction } from './types.js';
import { can } from './can.js';
import { checkWritableFields } from './checkWritableFields.js';
import { refusedFields } from './_fieldRules.js';
import { compiledPolicy } from './defineAccessPolicy.js';
import type { Scope } from './_scope.js';

type Entity = { readonly id: string; readonly version: number };

/** What a guarded repository needs from its store: the scope of the context (cached), and the policy. */
export interface Guard {
  readonly policy: AccessPolicy;
  scope(ctx: StoreContext): Promise<Result<{ readonly scope: Scope; readonly ctx: StoreContext }>>;
}

const EVERYTHING = '{"all":[]}';
const NOTHING = '{"any":[]}';

/** `not_found` that reads the same for a missing record and one the user may not read (no id in it). */
export function hiddenError(kind: EntityKind): CrmError {
  return new CrmError('not_found', `No ${kind} with this id that you may see in this tenant`, {
    issues: [{ path: ['id'], message: `no ${kind} with this id that you may see`, code: 'not_found' }],
  });
}

function denied(kind: EntityKind, action: AccessAction, message: string, path: PathSegment[] = []): CrmError {
  return new CrmError('forbidden', `${action === 'read' ? 'Read' : 'Write'} refused: ${message}`, {
    issues: [crmIssue.of('access_denied', path, message)],
  });
}

/** The fields a condition's field tests read, with their paths (extension tests read no field of the record). */
export function fieldsOf(json: unknown, path: PathSegment[], out: { field: string; path: PathSegment[] }[]): void {
  if (typeof json !== 'object' || json === null) return;
  const node = json as Record<string, unknown>;
  if (Array.isArray(node['all'])) node['all'].forEach((p, i) => fieldsOf(p, [...path, 'all', i], out));
  else if (Array.isArray(node['any'])) node['any'].forEach((p, i) => fieldsOf(p, [...path, 'any', i], out));
  else if (Object.hasOwn(node, 'not')) fieldsOf(node['not'], [...path, 'not'], out);
  else if (typeof node['field'] === 'string') out.push({ field: node['field'], path: [...path, 'field'] });
}

export function readable(scope: Scope, kind: EntityKind, field: string): boolean {
  const { top, custom } = scope.unreadable(kind);
  if (field.startsWith('customFields.')) return !custom.has(field.slice('customFields.'.length));
  return !top.has(field);
}

/**
 * The query the inner store runs: the caller's filter ANDed with the access condition, the context's
 * user the acting user. Refuses a filter or sort on a field the user may not read (its values would show
 * through what matches and in what order) and a context naming another user.
 */
export function guardedQuery(
  scope: Scope,
  kind: EntityKind,
  q: NormalizedQuery,
  context: ConditionContext,
): Result<{ where: AnyCondition | null; context: ConditionContext; nothing: boolean }> {
  const issues: CrmIssue[] = [];
  const used: { field: string; path: PathSegment[] }[] = [];
  if (q.where !== null) fieldsOf(q.where.json, ['where'], used);
  q.orderBy.forEach((k, i) => used.push({ field: k.field, path: ['orderBy', i, 'field'] }));
  for (const u of used)
    if (!readable(scope, kind, u.field))
      issues.push(
        crmIssue.of(
          'access_denied',
          u.path,
          `role ${scope.user.role} may not read field ${u.field} of a ${kind}, so may not filter or sort on it`,
        ),
      );
  const given = context.user;
  if (given !== undefined && given !== null && (typeof given !== 'object' || given.id !== scope.user.id))
    issues.push(crmIssue.of('access_denied', ['context', 'user'], `the query's context.user is not the acting user`));
  if (issues.length > 0)
    return err(new CrmError('forbidden', `Read refused: ${issues.map((i) => i.message).join('; ')}`, { issues }));
  const access = scope.condition(kind, 'read');
  if (!access.ok) return access;
  const json = access.value.json as ConditionJson;
  const text = JSON.stringify(json);
  const ctx: ConditionContext = Object.freeze({ ...context, user: scope.user.asConditionUser });
  if (text === NOTHING) return ok({ where: null, context: ctx, nothing: true });
  if (text === EVERYTHING) return ok({ where: q.where, context: ctx, nothing: false });
  if (q.where === null) return ok({ where: access.value as AnyCondition, context: ctx, nothing: false });
  const own = q.where.json as ConditionJson;
  const parts = 'all' in own && Array.isArray(own.all) ? [json, ...(own.all as ConditionJson[])] : [json, own];
  const combined = defineCondition(
    { all: parts },
    {
      entity: kind,
      extensions: treeOf(q.where).extensions,
    },
  );
  if (!combined.ok) return combined;
  return ok({ where: combined.value as AnyCondition, context: ctx, nothing: false });
}

/** Reads a query's parts once (a getter is not called twice), as `validateQuery` would see them. */
function snapshot(query: unknown): Result<Record<string, unknown>> {
  if (query === undefined || query === null) return ok({});
  if (typeof query !== 'object' || Array.isArray(query)) return ok(query as Record<string, unknown>);
  return readInput('query', [], () => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(query))
      Object.defineProperty(out, k, {
        value: (query as Record<string, unknown>)[k],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  });
}

function sameFailure<T>(r: Result<unknown>): Result<T> {
  return r as unknown as Result<T>;
}

/**
 * Runs `fn` on the inner repository inside one transaction of the inner store (`null` when `inner` is
 * already a transaction's repository): what a guarded bulk write reads and writes then happens at once.
 */
export type Atomically<E extends Entity> = <T>(
  ctx: StoreContext,
  fn: (inner: Repository<E> & BulkRepository<E>) => Promise<Result<T>>,
) => Promise<Result<T>>;

/** The `conflict` of a taken id or key, worded without saying whose record holds it. */
function takenError(kind: EntityKind, index: number, field: string): CrmError {
  return new CrmError('conflict', `Entity ${index}: a ${kind} with this ${field} already exists in this tenant`, {
    issues: [{ path: [index, field], message: `${field} already taken`, code: 'duplicate' }],
  });
}

/**
 * Wraps `inner` (the repository `name` of a store or of a transaction) with `guard`. When `inner` has
 * bulk writes, so does the guarded repository (`atomically` runs a guarded `upsertMany` in one
 * transaction of the inner store; `null` inside a transaction).
 */
export function guardedRepository<E extends Entity>(
  name: RepositoryName,
  inner: Repository<E>,
  guard: Guard,
  atomically: Atomically<E> | null = null,
): Repository<E> {
  const kind = REPOSITORY_KINDS[name] as EntityKind;
  const policy = guard.policy;

  async function explain(scope: Scope, ctx: StoreContext, action: AccessAction, record: E): Promise<string> {
    const ownerId = (record as { ownerId?: unknown }).ownerId;
    let owner = null;
    if (typeof ownerId === 'string') {
      const reached = scope.reach.get(ownerId);
      if (reached !== undefined) owner = reached;
    }
    const d = can(policy, scope.user, action, kind, record, { owner, tenantId: ctx.tenantId });
    return d.because.message;
  }

  async function allowed(scope: Scope, action: AccessAction, record: E): Promise<Result<boolean>> {
    return scope.allows(kind, action, record);
  }

  /** The stored record as the user may see it: `null` when missing or not readable. */
  async function visible(scope: Scope, ctx: StoreContext, id: string): Promise<Result<E | null>> {
    const r = await inner.get(ctx, id);
    if (!r.ok || r.value === null) return r;
    const a = await allowed(scope, 'read', r.value);
    if (!a.ok) return a;
    return ok(a.value ? r.value : null);
  }

  /** A new record's restricted fields must be empty: a role that may not edit a field may not set it. */
  function newFields(scope: Scope, entity: E): CrmError | undefined {
    const refused = refusedFields(compiledPolicy(policy, 'withAccess'), scope.user.role, kind, 'edit');
    const issues: CrmIssue[] = [];
    for (const f of refused) {
      const custom = f.startsWith('customFields.');
      const rec = entity as unknown as Record<string, unknown>;
      const cf = rec['customFields'];
      const v = custom
        ? typeof cf === 'object' && cf !== null
          ? (cf as Record<string, unknown>)[f.slice('customFields.'.length)]
          : undefined
        : rec[f];
      const empty =
        v === undefined ||
        v === null ||
        (Array.isArray(v) && v.length === 0) ||
        (typeof v === 'object' && !(v instanceof Date) && Object.keys(v as object).length === 0);
      if (!empty)
        issues.push(
          crmIssue.of(
            'immutable_field',
            custom ? ['customFields', f.slice('customFields.'.length)] : [f],
            `role ${scope.user.role} may not set field ${f} of a ${kind}`,
          ),
        );
    }
    if (issues.length === 0) return undefined;
    return new CrmError(
      'forbidden',
      `Write refused: role ${scope.user.role} may not set ${issues.map((i) => i.path.join('.')).join(', ')} of a ${kind}`,
      { issues },
    );
  }

  const base: Repository<E> = {
    async get(ctx: StoreContext, id: E['id']): Promise<Result<E | null>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      return visible(s.value.scope, s.value.ctx, id);
    },

    async getMany(ctx: StoreContext, ids: readonly E['id'][]): Promise<Result<readonly E[]>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const r = await inner.getMany(s.value.ctx, ids);
      if (!r.ok) return r;
      const out: E[] = [];
      for (const e of r.value) {
        const a = await allowed(s.value.scope, 'read', e);
        if (!a.ok) return a;
        if (a.value) out.push(e);
      }
      return ok(Object.freeze(out));
    },

    async find(ctx: StoreContext, query?: Query<E>): Promise<Result<Page<E>>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const raw = snapshot(query);
      if (!raw.ok) return raw;
      const q = validateQuery(kind, raw.value);
      if (!q.ok) return q;
      const g = guardedQuery(s.value.scope, kind, q.value, q.value.context);
      if (!g.ok) return g;
      if (g.value.nothing) return ok(Object.freeze({ items: Object.freeze([]), nextCursor: null }));
      const cursor = raw.value['cursor'];
      return inner.find(s.value.ctx, {
        ...(g.value.where === null ? {} : { where: g.value.where }),
        context: g.value.context,
        orderBy: q.value.orderBy.map((k) => ({ field: k.field, direction: k.direction, nulls: k.nulls })),
        limit: q.value.limit,
        ...(typeof cursor === 'string' ? { cursor } : {}),
      } as Query<E>);
    },

    async count(ctx: StoreContext, query?: Pick<Query<E>, 'where' | 'context'>): Promise<Result<number>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const raw = snapshot(query);
      if (!raw.ok) return raw;
      const q = validateCountQuery(kind, raw.value);
      if (!q.ok) return q;
      const g = guardedQuery(s.value.scope, kind, { ...q.value, orderBy: [] }, q.value.context);
      if (!g.ok) return g;
      if (g.value.nothing) return ok(0);
      return inner.count(s.value.ctx, {
        ...(g.value.where === null ? {} : { where: g.value.where }),
        context: g.value.context,
      } as Pick<Query<E>, 'where' | 'context'>);
    },

    async insert(ctx: StoreContext, entity: E): Promise<Result<E>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const { scope } = s.value;
      if (typeof entity !== 'object' || entity === null) return inner.insert(s.value.ctx, entity);
      const a = await allowed(scope, 'edit', entity);
      if (!a.ok) return a;
      if (!a.value)
        return err(
          denied(kind, 'edit', `you may not create this ${kind}: ${await explain(scope, s.value.ctx, 'edit', entity)}`),
        );
      const f = newFields(scope, entity);
      if (f !== undefined) return err(f);
      const r = await inner.insert(s.value.ctx, entity);
      if (!r.ok && r.error.code === 'conflict')
        // The id may be a record the user may not see: say that it is taken, not whose it is.
        return err(
          new CrmError('conflict', `A ${kind} with this id already exists in this tenant`, {
            issues: [{ path: ['id'], message: 'id already taken', code: 'duplicate' }],
          }),
        );
      return r;
    },

    async update(ctx: StoreContext, entity: E, options: WriteOptions): Promise<Result<E>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const { scope } = s.value;
      const c = s.value.ctx;
      const id = readInput('update', ['entity', 'id'], () =>
        typeof entity === 'object' && entity !== null ? entity.id : undefined,
      );
      if (!id.ok) return id;
      if (typeof id.value !== 'string') return inner.update(c, entity, options);
      const current = await visible(scope, c, id.value);
      if (!current.ok) return current;
      if (current.value === null) return err(hiddenError(kind));
      const before = current.value;
      const may = await allowed(scope, 'edit', before);
      if (!may.ok) return may;
      if (!may.value)
        return err(
          denied(
            kind,
            'edit',
            `you may not edit ${kind} ${quoteValue(before.id)}: ${await explain(scope, c, 'edit', before)}`,
          ),
        );
      const after = await allowed(scope, 'edit', entity);
      if (!after.ok) return after;
      if (!after.value)
        return err(
          denied(
            kind,
            'edit',
            `the update would leave ${kind} ${quoteValue(before.id)} outside what you may edit (an owner or a field your access depends on)`,
            ['entity'],
          ),
        );
      const fields = checkWritableFields(policy, scope.user, kind, before, entity);
      if (!fields.ok) return sameFailure(fields);
      return inner.update(c, entity, options);
    },

    async delete(ctx: StoreContext, id: E['id'], options: WriteOptions): Promise<Result<void>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const { scope } = s.value;
      const c = s.value.ctx;
      if (typeof id !== 'string') return inner.delete(c, id, options);
      const current = await visible(scope, c, id);
      if (!current.ok) return current;
      if (current.value === null) return err(hiddenError(kind));
      const may = await allowed(scope, 'delete', current.value);
      if (!may.ok) return may;
      if (!may.value)
        return err(
          denied(
            kind,
            'delete',
            `you may not delete ${kind} ${quoteValue(id)}: ${await explain(scope, c, 'delete', current.value)}`,
          ),
        );
      return inner.delete(c, id, options);
    },

    scan(ctx: StoreContext, query?: ScanQuery<E> | null, options?: ScanOptions | null): AsyncIterable<E> {
      async function* run(): AsyncGenerator<E, void, undefined> {
        const s = await guard.scope(ctx);
        if (!s.ok) throw s.error;
        const o = checkScanOptions(options);
        if (!o.ok) throw o.error;
        const raw = checkScanQuery(query);
        if (!raw.ok) throw raw.error;
        const q = validateQuery(kind, raw.value);
        if (!q.ok) throw q.error;
        const g = guardedQuery(s.value.scope, kind, q.value, q.value.context);
        if (!g.ok) throw g.error;
        if (g.value.nothing) return;
        yield* inner.scan(
          s.value.ctx,
          {
            ...(g.value.where === null ? {} : { where: g.value.where }),
            context: g.value.context,
            orderBy: q.value.orderBy.map((k) => ({ field: k.field, direction: k.direction, nulls: k.nulls })),
          } as ScanQuery<E>,
          options,
        );
      }
      return Object.freeze({ [Symbol.asyncIterator]: () => run() });
    },
  };
  if (!isBulkRepository(inner)) return Object.freeze(base);

  const bulkInner = inner;

  /** The `forbidden` of a bulk write whose entities the user may not write, or undefined. */
  function refusals(found: { index: number; error: CrmError }[]): CrmError | undefined {
    if (found.length === 0) return undefined;
    const issues = found.flatMap(({ index, error }) =>
      prefixIssues(error.issues.length > 0 ? error.issues : [crmIssue.of('access_denied', [], error.message)], [index]),
    );
    const first = found[0]!;
    return new CrmError(
      'forbidden',
      `Write refused: ${found.length} of the entities may not be written; entity ${first.index}: ${first.error.message}; nothing was written`,
      { issues },
    );
  }

  /** The checks of a new record (as `insert` makes them), or the error. */
  async function insertRefusal(scope: Scope, c: StoreContext, entity: E): Promise<Result<CrmError | undefined>> {
    const a = await allowed(scope, 'edit', entity);
    if (!a.ok) return a;
    if (!a.value)
      return ok(denied(kind, 'edit', `you may not create this ${kind}: ${await explain(scope, c, 'edit', entity)}`));
    return ok(newFields(scope, entity));
  }

  /** The stored records with these key values, as the inner store has them (unguarded: checked by the caller). */
  async function storedByKey(
    repo: Repository<E>,
    c: StoreContext,
    key: string,
    values: readonly string[],
  ): Promise<Result<Map<string, E[]>>> {
    const out = new Map<string, E[]>();
    for (let i = 0; i < values.length; i += MAX_LIST_VALUES) {
      const chunk = [...new Set(values.slice(i, i + MAX_LIST_VALUES))];
      try {
        for await (const e of repo.scan(c, { where: { field: key, op: 'in', value: chunk } } as ScanQuery<E>)) {
          const v = (e as unknown as Record<string, unknown>)[key] as string;
          const list = out.get(v) ?? [];
          list.push(e);
          out.set(v, list);
        }
      } catch (e) {
        if (e instanceof CrmError) return err(e);
        throw e;
      }
    }
    return ok(out);
  }

  const bulk = {
    async insertMany(ctx: StoreContext, entities: readonly E[]): Promise<Result<readonly E[]>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const { scope } = s.value;
      const c = s.value.ctx;
      if (!Array.isArray(entities)) return bulkInner.insertMany(c, entities);
      const found: { index: number; error: CrmError }[] = [];
      for (let i = 0; i < entities.length; i++) {
        const e = entities[i];
        if (typeof e !== 'object' || e === null) continue; // the inner store refuses it, naming the index
        const r = await insertRefusal(scope, c, e);
        if (!r.ok) return r;
        if (r.value !== undefined) found.push({ index: i, error: r.value });
      }
      const refused = refusals(found);
      if (refused !== undefined) return err(refused);
      const r = await bulkInner.insertMany(c, entities);
      if (!r.ok && r.error.code === 'conflict') {
        const at = r.error.issues[0]?.path[0];
        return err(takenError(kind, typeof at === 'number' ? at : 0, 'id'));
      }
      return r;
    },

    async upsertMany(
      ctx: StoreContext,
      entities: readonly E[],
      options: UpsertManyOptions<E>,
    ): Promise<Result<readonly E[]>> {
      const s = await guard.scope(ctx);
      if (!s.ok) return s;
      const { scope } = s.value;
      const c = s.value.ctx;
      const run = async (repo: Repository<E> & BulkRepository<E>): Promise<Result<readonly E[]>> => {
        // The inner store checks the call first (entities, key): only a valid call is checked for access.
        const keyOf = (options as { key?: unknown } | null | undefined)?.key;
        if (!Array.isArray(entities) || typeof keyOf !== 'string') return repo.upsertMany(c, entities, options);
        const values: string[] = [];
        for (const e of entities) {
          const v = typeof e === 'object' && e !== null ? (e as unknown as Record<string, unknown>)[keyOf] : undefined;
          if (typeof v !== 'string') return repo.upsertMany(c, entities, options); // refused by the inner store
          values.push(v);
        }
        const stored = await storedByKey(repo, c, keyOf, values);
        if (!stored.ok) return stored;
        const found: { index: number; error: CrmError }[] = [];
        const expected = new Map<number, number>();
        for (let i = 0; i < entities.length; i++) {
          const entity = entities[i]!;
          const current = stored.value.get(values[i]!) ?? [];
          if (current.length === 0) {
            const r = await insertRefusal(scope, c, entity);
            if (!r.ok) return r;
            if (r.value !== undefined) found.push({ index: i, error: r.value });
            continue;
          }
          if (current.length > 1) return repo.upsertMany(c, entities, options); // conflict, from the inner store
          const before = current[0]!;
          const readable = await allowed(scope, 'read', before);
          if (!readable.ok) return readable;
          if (!readable.value) return err(takenError(kind, i, keyOf));
          const may = await allowed(scope, 'edit', before);
          if (!may.ok) return may;
          if (!may.value) {
            found.push({
              index: i,
              error: denied(
                kind,
                'edit',
                `you may not edit ${kind} ${quoteValue(before.id)}: ${await explain(scope, c, 'edit', before)}`,
              ),
            });
            continue;
          }
          const next = { ...entity, id: before.id, version: before.version + 1 } as E;
          const after = await allowed(scope, 'edit', next);
          if (!after.ok) return after;
          if (!after.value) {
            found.push({
              index: i,
              error: denied(
                kind,
                'edit',
                `the upsert would leave ${kind} ${quoteValue(before.id)} outside what you may edit (an owner or a field your access depends on)`,
              ),
            });
            continue;
          }
          const fields = checkWritableFields(policy, scope.user, kind, before, next);
          if (!fields.ok) {
            found.push({ index: i, error: fields.error });
            continue;
          }
          expected.set(i, before.version + 1);
        }
        const refused = refusals(found);
        if (refused !== undefined) return err(refused);
        const r = await repo.upsertMany(c, entities, options);
        if (!r.ok) {
          if (r.error.code === 'conflict' && r.error.issues[0]?.path[1] === 'id') {
            const at = r.error.issues[0]?.path[0];
            return err(takenError(kind, typeof at === 'number' ? at : 0, 'id'));
          }
          return r;
        }
        // A record changed (or appeared) between the checks and the write: the decision was made on
        // another record; the transaction this runs in is rolled back.
        for (let i = 0; i < r.value.length; i++) {
          const want = expected.get(i);
          const got = r.value[i]!.version;
          if (want === undefined ? r.value[i]!.id !== entities[i]!.id : got !== want)
            return err(
              new CrmError(
                'conflict',
                `Entity ${i}: the stored ${kind} was changed by another writer while the upsert was checked; nothing was written, retry`,
                { issues: [{ path: [i, keyOf], message: 'changed concurrently', code: 'stale_version' }] },
              ),
            );
        }
        return r;
      };
      return atomically === null ? run(bulkInner) : atomically(c, run);
    },
  };
  return Object.freeze({ ...base, ...bulk });
}
