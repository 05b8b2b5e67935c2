/**
 * The in-memory store: the full {@link Store} on in-process maps, the embedded default and the
 * reference every adapter is compared with.
 *
 * @module
 */
import { CrmError, isCrmError, prefixIssues, type CrmIssue } from '../core/errors.js';
import type { DomainEvent } from '../core/events.js';
import type { EntityKind } from '../core/ids.js';
import { err, fail, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { type CustomFieldRegistry, type EntityContext } from '../entities/index.js';
import { ENTITY_PARSERS } from './parsers.js';
import { countMatching, runQuery, validateQuery, type NormalizedFilter } from './evaluate.js';
import { ENTITY_FIELDS } from './fields.js';
import {
  REPOSITORY_KINDS,
  type EventOutbox,
  type Repositories,
  type Repository,
  type Store,
  type StoreContext,
  type StoredEvent,
  type WriteOptions,
} from './ports.js';
import type { Page, Query } from './query.js';
import { DEFAULT_EVENT_LIMIT, MAX_LIMIT } from './query.js';
import { validateContext, validateEvents } from './validate.js';
import { quoteValue } from '../_lib/show.js';

/**
 * The name of a repository of a {@link Store} (`'deals'`, `'leads'`, …).
 *
 * @example
 * ```ts
 * const name: RepositoryName = 'surveyResponses';
 * ```
 */
export type RepositoryName = keyof typeof REPOSITORY_KINDS;

type AnyEntity = { readonly id: string; readonly version: number };
const PARSERS = ENTITY_PARSERS as Readonly<
  Record<RepositoryName, (input: unknown, ctx?: EntityContext) => Result<AnyEntity>>
>;

const REPOSITORY_NAMES = /* @__PURE__ */ Object.keys(REPOSITORY_KINDS) as RepositoryName[];

/** Field order per repository: records are rebuilt in it so that all records of a kind share one object shape (fast scans). */
const FIELD_ORDER: Readonly<Record<RepositoryName, readonly string[]>> = /* @__PURE__ */ Object.fromEntries(
  /* @__PURE__ */ REPOSITORY_NAMES.map((name) => [
    name,
    [...Object.keys(ENTITY_FIELDS[REPOSITORY_KINDS[name]]), 'customFields'],
  ]),
) as unknown as Record<RepositoryName, readonly string[]>;

/** A parsed (deep-frozen) record rebuilt with its keys in the canonical order, frozen. */
function canonical(repo: RepositoryName, e: AnyEntity): AnyEntity {
  const src = e as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER[repo]) if (k in src) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out)) out[k] = src[k];
  return Object.freeze(out) as unknown as AnyEntity;
}

/**
 * Options of {@link createMemoryStore}.
 *
 * @example
 * ```ts
 * const store = createMemoryStore({ snapshot: savedJson });
 * ```
 */
export interface MemoryStoreOptions {
  /** Custom-field definitions every written entity is validated against. */
  readonly customFields?: CustomFieldRegistry;
  /** A snapshot made by {@link MemoryStore.exportSnapshot} to start from (validated; an invalid one throws `validation_failed`). */
  readonly snapshot?: string;
}

/**
 * The memory store: a {@link Store} plus JSON snapshots.
 *
 * @example
 * ```ts
 * const store: MemoryStore = createMemoryStore();
 * const json = store.exportSnapshot();
 * ```
 */
export interface MemoryStore extends Store {
  /**
   * Every tenant's records and events as a JSON string (instants as ISO 8601 strings, money as
   * decimal strings). Event payloads are stored as JSON: a `Date` inside a payload comes back as its
   * ISO string.
   */
  exportSnapshot(): string;
  /**
   * Replaces the whole content with a snapshot, after validating every record with its entity
   * schema and every event; an invalid snapshot fails with `validation_failed` and changes nothing.
   */
  importSnapshot(json: string): Result<void>;
}

/** Equality indexes of one repository: field → value (text or null) → the records holding it. Built on first use, kept up to date by writes. */
type Indexes = Map<string, Map<string | null, Set<AnyEntity>>>;

interface TenantData {
  readonly records: Record<RepositoryName, Map<string, AnyEntity>>;
  readonly indexes: Record<RepositoryName, Indexes>;
  events: StoredEvent[];
}

type Data = Map<string, TenantData>;

function emptyTenant(): TenantData {
  const records = {} as Record<RepositoryName, Map<string, AnyEntity>>;
  const indexes = {} as Record<RepositoryName, Indexes>;
  for (const name of REPOSITORY_NAMES) {
    records[name] = new Map();
    indexes[name] = new Map();
  }
  return { records, indexes, events: [] };
}

/** What a repository needs from the state it runs on: the base maps, or a transaction's overlay. */
interface Access {
  read(tenant: string, repo: RepositoryName, id: string): AnyEntity | undefined;
  all(tenant: string, repo: RepositoryName): Iterable<AnyEntity>;
  /** A superset of the records matching `where` (all of them, or fewer through an index); the caller still filters. */
  candidates(tenant: string, repo: RepositoryName, where: NormalizedFilter | null): Iterable<AnyEntity>;
  write(tenant: string, repo: RepositoryName, id: string, entity: AnyEntity | null): void;
  append(tenant: string, events: readonly DomainEvent[]): StoredEvent[];
  events(tenant: string): readonly StoredEvent[];
  check(): void;
}

function indexKey(e: AnyEntity, field: string): string | null {
  const v = (e as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : null;
}

function addToIndex(index: Map<string | null, Set<AnyEntity>>, k: string | null, e: AnyEntity): void {
  let set = index.get(k);
  if (set === undefined) index.set(k, (set = new Set()));
  set.add(e);
}

/** The records that can match `where`: by id lookup or an equality index when a top-level conjunct allows, else all. */
function planCandidates(
  records: Map<string, AnyEntity>,
  indexes: Indexes,
  where: NormalizedFilter | null,
): Iterable<AnyEntity> {
  const conjuncts = where === null ? [] : 'and' in where ? where.and : [where];
  let best: AnyEntity[] | Set<AnyEntity> | null = null;
  for (const f of conjuncts) {
    if (!('op' in f) || f.type !== 'text' || (f.op !== 'eq' && f.op !== 'in' && !(f.op === 'isNull' && f.value)))
      continue;
    const values = f.op === 'eq' ? [f.value as string] : f.op === 'in' ? (f.value as string[]) : [null];
    let found: AnyEntity[] | Set<AnyEntity>;
    if (f.field === 'id') {
      found = [];
      for (const v of new Set(values)) {
        const e = v === null ? undefined : records.get(v);
        if (e !== undefined) found.push(e);
      }
    } else {
      let index = indexes.get(f.field);
      if (index === undefined) {
        index = new Map();
        for (const e of records.values()) addToIndex(index, indexKey(e, f.field), e);
        indexes.set(f.field, index);
      }
      const distinct = [...new Set(values)];
      if (distinct.length === 1) found = index.get(distinct[0]!) ?? [];
      else {
        found = [];
        for (const v of distinct) for (const e of index.get(v) ?? []) found.push(e);
      }
    }
    const size = Array.isArray(found) ? found.length : found.size;
    if (best === null || size < (Array.isArray(best) ? best.length : best.size)) best = found;
  }
  return best ?? records.values();
}

function baseAccess(data: () => Data): Access {
  const tenant = (t: string): TenantData => {
    let d = data().get(t);
    if (d === undefined) {
      d = emptyTenant();
      data().set(t, d);
    }
    return d;
  };
  return {
    read: (t, repo, id) => data().get(t)?.records[repo].get(id),
    all: (t, repo) => data().get(t)?.records[repo].values() ?? [],
    candidates(t, repo, where) {
      const d = data().get(t);
      if (d === undefined) return [];
      return planCandidates(d.records[repo], d.indexes[repo], where);
    },
    write(t, repo, id, entity) {
      const d = tenant(t);
      const m = d.records[repo];
      const before = m.get(id);
      if (entity === null) m.delete(id);
      else m.set(id, entity);
      for (const [field, index] of d.indexes[repo]) {
        if (before !== undefined) {
          const k = indexKey(before, field);
          const set = index.get(k);
          set?.delete(before);
          if (set?.size === 0) index.delete(k);
        }
        if (entity !== null) addToIndex(index, indexKey(entity, field), entity);
      }
    },
    append(t, events) {
      const d = tenant(t);
      const last = d.events.length === 0 ? 0 : d.events[d.events.length - 1]!.sequence;
      const stored = events.map((e, i) => deepFreeze({ ...e, sequence: last + i + 1 }));
      d.events = [...d.events, ...stored];
      return stored;
    },
    events: (t) => data().get(t)?.events ?? [],
    check() {},
  };
}

const key = (t: string, repo: string, id: string): string => `${t}\u0000${repo}\u0000${id}`;

/** A transaction's copy-on-write overlay over the base, with optimistic checks at commit. */
class Overlay implements Access {
  private readonly writes = new Map<string, Map<RepositoryName, Map<string, AnyEntity | null>>>();
  /** The base version each written record had when the transaction first wrote it (0: absent). */
  private readonly touched = new Map<string, { t: string; repo: RepositoryName; id: string; version: number }>();
  private readonly pending = new Map<string, DomainEvent[]>();
  private open = true;

  constructor(private readonly base: Access) {}

  check(): void {
    if (!this.open)
      throw new CrmError('aborted', 'This transaction has ended; use the store passed to a new transaction');
  }

  private layer(t: string, repo: RepositoryName): Map<string, AnyEntity | null> | undefined {
    return this.writes.get(t)?.get(repo);
  }

  read(t: string, repo: RepositoryName, id: string): AnyEntity | undefined {
    const layer = this.layer(t, repo);
    if (layer?.has(id)) return layer.get(id) ?? undefined;
    return this.base.read(t, repo, id);
  }

  *all(t: string, repo: RepositoryName): Iterable<AnyEntity> {
    const layer = this.layer(t, repo);
    if (layer === undefined) {
      yield* this.base.all(t, repo);
      return;
    }
    for (const e of this.base.all(t, repo)) {
      if (!layer.has(e.id)) yield e;
    }
    for (const e of layer.values()) if (e !== null) yield e;
  }

  candidates(t: string, repo: RepositoryName, where: NormalizedFilter | null): Iterable<AnyEntity> {
    return this.layer(t, repo) === undefined ? this.base.candidates(t, repo, where) : this.all(t, repo);
  }

  write(t: string, repo: RepositoryName, id: string, entity: AnyEntity | null): void {
    const k = key(t, repo, id);
    if (!this.touched.has(k)) this.touched.set(k, { t, repo, id, version: this.base.read(t, repo, id)?.version ?? 0 });
    let byRepo = this.writes.get(t);
    if (byRepo === undefined) this.writes.set(t, (byRepo = new Map()));
    let layer = byRepo.get(repo);
    if (layer === undefined) byRepo.set(repo, (layer = new Map()));
    layer.set(id, entity);
  }

  append(t: string, events: readonly DomainEvent[]): StoredEvent[] {
    const list = this.pending.get(t) ?? [];
    const base = this.base.events(t);
    const last = (base.length === 0 ? 0 : base[base.length - 1]!.sequence) + list.length;
    list.push(...events);
    this.pending.set(t, list);
    // Provisional positions: final unless another writer appends to this tenant's outbox before the commit.
    return events.map((e, i) => deepFreeze({ ...e, sequence: last + i + 1 }));
  }

  events(t: string): readonly StoredEvent[] {
    const base = this.base.events(t);
    const list = this.pending.get(t) ?? [];
    const last = base.length === 0 ? 0 : base[base.length - 1]!.sequence;
    return [...base, ...list.map((e, i) => deepFreeze({ ...e, sequence: last + i + 1 }))];
  }

  /** Applies everything at once, or nothing when a written record changed underneath. */
  commit(): Result<void> {
    this.check();
    this.open = false;
    for (const { t, repo, id, version } of this.touched.values()) {
      const now = this.base.read(t, repo, id)?.version ?? 0;
      if (now !== version) {
        return fail(
          'conflict',
          `Transaction conflict: ${repo} ${id} was changed by another writer during the transaction (version ${version} → ${now}); nothing was written`,
          [{ path: [repo, id], message: 'Changed concurrently', code: 'stale_version' }],
        );
      }
    }
    for (const [t, byRepo] of this.writes)
      for (const [repo, layer] of byRepo) for (const [id, e] of layer) this.base.write(t, repo, id, e);
    for (const [t, events] of this.pending) if (events.length > 0) this.base.append(t, events);
    return ok(undefined);
  }

  rollback(): void {
    this.open = false;
  }
}

const copyOut = <E>(e: E): E => deepFreeze(structuredClone(e));

function invalidContext<T>(ctx: unknown): Result<T> | null {
  const r = validateContext(ctx);
  return r.ok ? null : r;
}

function requireContext(ctx: unknown): StoreContext {
  const r = validateContext(ctx);
  if (!r.ok) throw r.error;
  return r.value;
}

function validateEntity(
  repo: RepositoryName,
  entity: unknown,
  customFields: CustomFieldRegistry | undefined,
): Result<AnyEntity> {
  let copy: unknown;
  try {
    copy = structuredClone(entity);
  } catch (cause) {
    return fail(
      'validation_failed',
      `${REPOSITORY_KINDS[repo]} cannot be stored: it holds values that are not data (functions, symbols, …)`,
      [{ path: [], message: 'Not cloneable', code: 'invalid_type' }],
      cause,
    );
  }
  const parsed = PARSERS[repo](copy, customFields === undefined ? undefined : { customFields });
  return parsed.ok ? ok(canonical(repo, parsed.value)) : parsed;
}

function validateWriteOptions(options: unknown): Result<number> {
  const v = (options as WriteOptions | undefined)?.expectedVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    return fail('validation_failed', `expectedVersion must be an integer ≥ 1; received ${quoteValue(v)}`, [
      { path: ['expectedVersion'], message: 'Expected an integer ≥ 1', code: 'invalid_type' },
    ]);
  }
  return ok(v);
}

function makeRepository(
  repo: RepositoryName,
  access: Access,
  customFields: CustomFieldRegistry | undefined,
): Repository<never> {
  const kind = REPOSITORY_KINDS[repo] as EntityKind;
  const label = kind;
  const impl = {
    async get(ctx: StoreContext, id: string): Promise<AnyEntity | null> {
      const c = requireContext(ctx);
      access.check();
      if (typeof id !== 'string') return null;
      const e = access.read(c.tenantId, repo, id);
      return e === undefined ? null : copyOut(e);
    },
    async getMany(ctx: StoreContext, ids: readonly string[]): Promise<readonly AnyEntity[]> {
      const c = requireContext(ctx);
      access.check();
      if (!Array.isArray(ids))
        throw new CrmError('validation_failed', `getMany takes an array of ids`, {
          issues: [{ path: ['ids'], message: 'Expected an array', code: 'invalid_type' }],
        });
      const out: AnyEntity[] = [];
      for (const id of ids) {
        const e = typeof id === 'string' ? access.read(c.tenantId, repo, id) : undefined;
        if (e !== undefined) out.push(copyOut(e));
      }
      return Object.freeze(out);
    },
    async find(ctx: StoreContext, query?: Query<never>): Promise<Page<AnyEntity>> {
      const c = requireContext(ctx);
      access.check();
      const q = validateQuery(kind, query);
      if (!q.ok) throw q.error;
      const page = runQuery(access.candidates(c.tenantId, repo, q.value.where), q.value);
      return Object.freeze({ items: Object.freeze(page.items.map(copyOut)), nextCursor: page.nextCursor });
    },
    async count(ctx: StoreContext, query?: Pick<Query<never>, 'where'>): Promise<number> {
      const c = requireContext(ctx);
      access.check();
      const q = validateQuery(kind, query === undefined ? undefined : { where: query.where });
      if (!q.ok) throw q.error;
      return countMatching(access.candidates(c.tenantId, repo, q.value.where), q.value.where);
    },
    async insert(ctx: StoreContext, entity: AnyEntity): Promise<Result<AnyEntity>> {
      const bad = invalidContext<AnyEntity>(ctx);
      if (bad !== null) return bad;
      access.check();
      const parsed = validateEntity(repo, entity, customFields);
      if (!parsed.ok) return parsed;
      const { tenantId } = ctx;
      const id = parsed.value.id;
      if (access.read(tenantId, repo, id) !== undefined) {
        return fail('conflict', `A ${label} with id ${JSON.stringify(id)} already exists in this tenant`, [
          { path: ['id'], message: 'Id already taken', code: 'duplicate' },
        ]);
      }
      access.write(tenantId, repo, id, parsed.value);
      return ok(copyOut(parsed.value));
    },
    async update(ctx: StoreContext, entity: AnyEntity, options: WriteOptions): Promise<Result<AnyEntity>> {
      const bad = invalidContext<AnyEntity>(ctx);
      if (bad !== null) return bad;
      access.check();
      const expected = validateWriteOptions(options);
      if (!expected.ok) return expected;
      const parsed = validateEntity(repo, entity, customFields);
      if (!parsed.ok) return parsed;
      const next = parsed.value;
      if (next.version !== expected.value + 1) {
        return fail(
          'validation_failed',
          `The updated ${label} must carry version ${expected.value + 1} (expectedVersion + 1); it has ${next.version}. Build it with update*, which bumps the version`,
          [{ path: ['version'], message: `Expected ${expected.value + 1}`, code: 'invalid_value' }],
        );
      }
      const current = access.read(ctx.tenantId, repo, next.id);
      if (current === undefined)
        return fail('not_found', `No ${label} with id ${JSON.stringify(next.id)} in this tenant`, [
          { path: ['id'], message: 'Not found', code: 'not_found' },
        ]);
      if (current.version !== expected.value) {
        return fail(
          'conflict',
          `The ${label} ${next.id} is at version ${current.version}, not the expected ${expected.value}: it was changed meanwhile; reload and retry`,
          [{ path: ['version'], message: `Stored version is ${current.version}`, code: 'stale_version' }],
        );
      }
      access.write(ctx.tenantId, repo, next.id, next);
      return ok(copyOut(next));
    },
    async delete(ctx: StoreContext, id: string, options: WriteOptions): Promise<Result<void>> {
      const bad = invalidContext<void>(ctx);
      if (bad !== null) return bad;
      access.check();
      const expected = validateWriteOptions(options);
      if (!expected.ok) return expected;
      const current = typeof id === 'string' ? access.read(ctx.tenantId, repo, id) : undefined;
      if (current === undefined)
        return fail('not_found', `No ${label} with id ${JSON.stringify(id)} in this tenant`, [
          { path: ['id'], message: 'Not found', code: 'not_found' },
        ]);
      if (current.version !== expected.value) {
        return fail(
          'conflict',
          `The ${label} ${id} is at version ${current.version}, not the expected ${expected.value}: it was changed meanwhile; reload and retry`,
          [{ path: ['version'], message: `Stored version is ${current.version}`, code: 'stale_version' }],
        );
      }
      access.write(ctx.tenantId, repo, id, null);
      return ok(undefined);
    },
  };
  return Object.freeze(impl) as unknown as Repository<never>;
}

function makeOutbox(access: Access): EventOutbox {
  return Object.freeze({
    async append(ctx: StoreContext, events: readonly DomainEvent[]): Promise<Result<readonly StoredEvent[]>> {
      const bad = invalidContext<readonly StoredEvent[]>(ctx);
      if (bad !== null) return bad;
      access.check();
      const checked = validateEvents(events);
      if (!checked.ok) return checked;
      return ok(Object.freeze(access.append(ctx.tenantId, checked.value).map(copyOut)));
    },
    async read(ctx: StoreContext, options: { readonly after?: number; readonly limit?: number } = {}) {
      const c = requireContext(ctx);
      access.check();
      const after = options.after ?? 0;
      const limit = options.limit ?? DEFAULT_EVENT_LIMIT;
      if (typeof after !== 'number' || !Number.isInteger(after) || after < 0) {
        throw new CrmError('validation_failed', `after must be an integer ≥ 0; received ${quoteValue(after)}`, {
          issues: [{ path: ['after'], message: 'Expected an integer ≥ 0', code: 'invalid_type' }],
        });
      }
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        throw new CrmError(
          'validation_failed',
          `limit must be an integer from 1 to ${MAX_LIMIT}; received ${quoteValue(limit)}`,
          { issues: [{ path: ['limit'], message: 'Out of range', code: 'invalid_value' }] },
        );
      }
      const all = access.events(c.tenantId);
      const items: StoredEvent[] = [];
      for (const e of all) {
        if (e.sequence > after) items.push(copyOut(e));
        if (items.length === limit) break;
      }
      return Object.freeze({
        items: Object.freeze(items),
        lastSequence: items.length === 0 ? after : items[items.length - 1]!.sequence,
      });
    },
  });
}

function makeRepositories(access: Access, customFields: CustomFieldRegistry | undefined): Repositories {
  const out: Record<string, unknown> = {};
  for (const name of REPOSITORY_NAMES) out[name] = makeRepository(name, access, customFields);
  out['events'] = makeOutbox(access);
  return Object.freeze(out) as unknown as Repositories;
}

const SNAPSHOT_FORMAT = 'crmkit.memory-store';

function parseSnapshot(json: string, customFields: CustomFieldRegistry | undefined): Result<Data> {
  const bad = (message: string, issues: CrmIssue[] = [{ path: [], message, code: 'invalid_value' }]) =>
    fail('validation_failed', `Invalid memory-store snapshot: ${message}`, issues);
  if (typeof json !== 'string') return bad('expected the JSON string made by exportSnapshot()');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    return err(
      new CrmError('validation_failed', 'Invalid memory-store snapshot: not JSON', {
        issues: [{ path: [], message: 'Not JSON', code: 'invalid_json' }],
        cause,
      }),
    );
  }
  const obj = raw as { format?: unknown; version?: unknown; tenants?: unknown };
  if (
    obj === null ||
    typeof obj !== 'object' ||
    obj.format !== SNAPSHOT_FORMAT ||
    obj.version !== 1 ||
    obj.tenants === null ||
    typeof obj.tenants !== 'object' ||
    Array.isArray(obj.tenants)
  ) {
    return bad(`expected { format: '${SNAPSHOT_FORMAT}', version: 1, tenants: { … } }`);
  }
  const data: Data = new Map();
  const issues: CrmIssue[] = [];
  for (const [tenantId, t] of Object.entries(obj.tenants as Record<string, unknown>)) {
    const tctx = validateContext({ tenantId });
    if (!tctx.ok) {
      issues.push(...prefixIssues(tctx.error.issues, ['tenants', tenantId]));
      continue;
    }
    if (t === null || typeof t !== 'object' || Array.isArray(t)) {
      issues.push({ path: ['tenants', tenantId], message: 'Expected an object of repositories', code: 'invalid_type' });
      continue;
    }
    const td = emptyTenant();
    const src = t as Record<string, unknown>;
    for (const k of Object.keys(src)) {
      if (k !== 'events' && !REPOSITORY_NAMES.includes(k as RepositoryName))
        issues.push({
          path: ['tenants', tenantId, k],
          message: `Unknown repository '${k}'`,
          code: 'unrecognized_keys',
        });
    }
    for (const name of REPOSITORY_NAMES) {
      const list = src[name] ?? [];
      if (!Array.isArray(list)) {
        issues.push({
          path: ['tenants', tenantId, name],
          message: 'Expected an array of records',
          code: 'invalid_type',
        });
        continue;
      }
      list.forEach((rec, i) => {
        const r = PARSERS[name](rec, customFields === undefined ? undefined : { customFields });
        if (!r.ok) issues.push(...prefixIssues(r.error.issues, ['tenants', tenantId, name, i]));
        else if (td.records[name].has(r.value.id))
          issues.push({
            path: ['tenants', tenantId, name, i, 'id'],
            message: `Duplicate id ${r.value.id}`,
            code: 'duplicate',
          });
        else td.records[name].set(r.value.id, canonical(name, r.value));
      });
    }
    const evs = src['events'] ?? [];
    if (!Array.isArray(evs))
      issues.push({
        path: ['tenants', tenantId, 'events'],
        message: 'Expected an array of events',
        code: 'invalid_type',
      });
    else {
      let last = 0;
      evs.forEach((e: unknown, i) => {
        const seq = (e as { sequence?: unknown } | null)?.sequence;
        if (typeof seq !== 'number' || !Number.isInteger(seq) || seq <= last) {
          issues.push({
            path: ['tenants', tenantId, 'events', i, 'sequence'],
            message: 'Sequences must be increasing integers ≥ 1',
            code: 'invalid_value',
          });
          return;
        }
        last = seq;
        const { sequence: _s, ...rest } = e as Record<string, unknown>;
        void _s;
        const at = typeof rest['at'] === 'string' ? new Date(rest['at']) : rest['at'];
        const r = validateEvents([{ ...rest, at } as unknown as DomainEvent]);
        if (!r.ok)
          issues.push(
            ...r.error.issues.map((x) => ({ ...x, path: ['tenants', tenantId, 'events', i, ...x.path.slice(1)] })),
          );
        else td.events.push(deepFreeze({ ...r.value[0]!, sequence: seq }));
      });
    }
    data.set(tenantId, td);
  }
  if (issues.length > 0)
    return err(
      new CrmError(
        'validation_failed',
        `Invalid memory-store snapshot: ${issues.length} issue${issues.length === 1 ? '' : 's'}`,
        { issues },
      ),
    );
  return ok(data);
}

/**
 * Creates the in-memory {@link Store}: tenant-scoped maps, copies in (`structuredClone`) and frozen
 * copies out, every write validated with the entity's `parse*` function, optimistic versions,
 * all-or-nothing transactions (a copy-on-write overlay committed at once; a record written by the
 * transaction and changed by another writer meanwhile fails the commit with `conflict`), the event
 * outbox, and JSON snapshots. Reads (`get`, `find`, …) with an invalid context or query reject
 * with a `CrmError` (`validation_failed`); writes return it as a failed `Result`.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * const deal = unwrap(createDeal({ name: 'Pilot', pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '5000.00', currency: 'USD' } }));
 * await store.deals.insert(ctx, deal);
 * (await store.deals.get(ctx, deal.id))?.name; //=> 'Pilot'
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const { customFields } = options;
  let data: Data = new Map();
  if (options.snapshot !== undefined) {
    const r = parseSnapshot(options.snapshot, customFields);
    if (!r.ok) throw r.error;
    data = r.value;
  }
  const base = baseAccess(() => data);
  const repos = makeRepositories(base, customFields);

  async function transaction<T>(ctx: StoreContext, fn: (tx: Repositories) => Promise<Result<T>>): Promise<Result<T>> {
    const bad = invalidContext<T>(ctx);
    if (bad !== null) return bad;
    if (typeof fn !== 'function')
      throw new TypeError('transaction(ctx, fn): fn must be an async function receiving the transactional store');
    const overlay = new Overlay(base);
    const tx = makeRepositories(overlay, customFields);
    let result: Result<T>;
    try {
      result = await fn(tx);
    } catch (cause) {
      overlay.rollback();
      if (isCrmError(cause)) return err(cause);
      throw cause;
    }
    if (result === null || typeof result !== 'object' || typeof (result as { ok?: unknown }).ok !== 'boolean') {
      overlay.rollback();
      throw new TypeError(
        'transaction(ctx, fn): fn must return a Result (ok(value) or err(error)); nothing was written',
      );
    }
    if (!result.ok) {
      overlay.rollback();
      return result;
    }
    const committed = overlay.commit();
    return committed.ok ? result : committed;
  }

  function exportSnapshot(): string {
    const tenants: Record<string, unknown> = {};
    for (const [t, d] of [...data].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const out: Record<string, unknown> = {};
      for (const name of REPOSITORY_NAMES)
        out[name] = [...d.records[name].values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      out['events'] = d.events;
      tenants[t] = out;
    }
    return JSON.stringify({ format: SNAPSHOT_FORMAT, version: 1, tenants });
  }

  function importSnapshot(json: string): Result<void> {
    const r = parseSnapshot(json, customFields);
    if (!r.ok) return r;
    data = r.value;
    return ok(undefined);
  }

  return Object.freeze({ ...repos, transaction, exportSnapshot, importSnapshot }) as MemoryStore;
}
