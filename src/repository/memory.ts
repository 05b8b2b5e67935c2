/**
 * The in-memory store: the full {@link Store} on in-process maps, the embedded default and the
 * reference every adapter is compared with.
 *
 * @module
 */
import { CrmError, isCrmError, prefixIssues, type CrmIssue } from '../core/errors.js';
import type { DomainEvent } from '../core/events.js';
import { err, fail, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { type CustomFieldRegistry, type EntityContext } from '../entities/index.js';
import { ENTITY_PARSERS } from './parsers.js';
import { countMatching, runQuery } from './runQuery.js';
import { ENTITY_FIELDS } from '../conditions/catalog.js';
import type { BoundNode } from '../conditions/bind.js';
import {
  REPOSITORY_KINDS,
  type RepositoriesWith,
  type StoreWith,
  type EventOutbox,
  type EventPage,
  type Repositories,
  type Repository,
  type RepositoryName,
  type ScanOptions,
  type StoreContext,
  type StoredEvent,
  type WriteOptions,
} from './ports.js';
import type { Page, Query } from './query.js';
import { validateContext, validateEvents } from './validate.js';
import { checkWrite, isStorableId } from './checkWrite.js';
import { checkRead } from './checkRead.js';
import { checkEventsRead } from './checkEventsRead.js';
import { checkTransaction, checkTransactionResult } from './checkTransaction.js';
import { bulkConflictError, conflictError, notFoundError, transactionEndedError } from './storeErrors.js';
import { checkBulkWrite } from './checkBulkWrite.js';
import { checkScan } from './checkScan.js';
import { scanPages } from './scanPages.js';
import { queryPredicate } from './runQuery.js';
import { comparatorOf } from './sort.js';
import { recordEvents } from '../automation/recordEvents.js';
import { systemClock, type Clock } from '../core/clock.js';
import { checkAggregate } from './checkAggregate.js';
import { createAggregation } from './aggregateRecords.js';
import type { AggregateRow } from './ports.js';
import type { WorkflowLedger } from './ports.js';
import {
  baseLedger,
  emptyLedger,
  ledgerConflict,
  LedgerOverlay,
  makeMemoryLedger,
  type LedgerAccess,
  type LedgerData,
} from './_memoryLedger.js';

export type { RepositoryName } from './ports.js';

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
 * const saved = createMemoryStore().exportSnapshot(); // a JSON string, e.g. read from a file
 * const store = createMemoryStore({ snapshot: saved });
 * unwrap(await store.deals.count({ tenantId: 'acme' })); //=> 0
 * ```
 */
export interface MemoryStoreOptions {
  /** Custom-field definitions every written entity is validated against. */
  readonly customFields?: CustomFieldRegistry;
  /** A snapshot made by {@link MemoryStore.exportSnapshot} to start from (validated; an invalid one throws `validation_failed`). */
  readonly snapshot?: string;
  /**
   * Whether every write appends its record events (`recordEvents` of `crmkit/automation`:
   * `<kind>_created`, `_updated`, `_deleted`, `_assigned`, `_status_changed`) to the outbox, in
   * the same transaction as the write; default `false` (writes append nothing).
   */
  readonly recordEvents?: boolean;
  /** Tells the time of recorded events (their `at`: when the store made the write); default the system clock. */
  readonly clock?: Clock;
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
export interface MemoryStore extends StoreWith<'bulk' | 'aggregate'> {
  /** The workflow runner's bookkeeping ({@link WorkflowLedger}); not part of snapshots. */
  readonly ledger: WorkflowLedger;
  /** Runs `fn` on a transactional store (its ledger included): everything persists at once, or nothing does. */
  transaction<T>(
    ctx: StoreContext,
    fn: (tx: RepositoriesWith<'bulk' | 'aggregate'> & { readonly ledger: WorkflowLedger }) => Promise<Result<T>>,
  ): Promise<Result<T>>;
  /**
   * Every tenant's records and events as a JSON string (instants as ISO 8601 strings, money as
   * decimal strings), plus the last version of each deleted id (`tombstones`), so that versions keep
   * never repeating after an import. Event payloads are stored as JSON: a `Date` inside a payload
   * comes back as its ISO string.
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
  /** The last version of each deleted id (absent now), so that a re-inserted record continues above it. */
  readonly tombstones: Record<RepositoryName, Map<string, number>>;
  events: StoredEvent[];
  /** The workflow ledger (not in snapshots). */
  readonly ledger: LedgerData;
}

type Data = Map<string, TenantData>;

function emptyTenant(): TenantData {
  const records = {} as Record<RepositoryName, Map<string, AnyEntity>>;
  const indexes = {} as Record<RepositoryName, Indexes>;
  const tombstones = {} as Record<RepositoryName, Map<string, number>>;
  for (const name of REPOSITORY_NAMES) {
    records[name] = new Map();
    indexes[name] = new Map();
    tombstones[name] = new Map();
  }
  return { records, indexes, tombstones, events: [], ledger: emptyLedger() };
}

/** What a repository needs from the state it runs on: the base maps, or a transaction's overlay. */
interface Access {
  read(tenant: string, repo: RepositoryName, id: string): AnyEntity | undefined;
  /** The last version of an absent id that was deleted (0 when it never was). */
  deletedVersion(tenant: string, repo: RepositoryName, id: string): number;
  all(tenant: string, repo: RepositoryName): Iterable<AnyEntity>;
  /** A superset of the records matching `where` (all of them, or fewer through an index); the caller still filters. */
  candidates(tenant: string, repo: RepositoryName, where: BoundNode | null): Iterable<AnyEntity>;
  /** The records whose text field `field` (or id) is `value`. */
  lookup(tenant: string, repo: RepositoryName, field: string, value: string): AnyEntity[];
  write(tenant: string, repo: RepositoryName, id: string, entity: AnyEntity | null): void;
  append(tenant: string, events: readonly DomainEvent[]): StoredEvent[];
  events(tenant: string): readonly StoredEvent[];
  /** Whether this state can no longer be used (a transaction's overlay after the transaction ended). */
  ended(): boolean;
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

/** The equality index of a field, built on first use. */
function indexOn(records: Map<string, AnyEntity>, indexes: Indexes, field: string): Map<string | null, Set<AnyEntity>> {
  let index = indexes.get(field);
  if (index === undefined) {
    index = new Map();
    for (const e of records.values()) addToIndex(index, indexKey(e, field), e);
    indexes.set(field, index);
  }
  return index;
}

/** The records that can match `where`: by id lookup or an equality index when a top-level conjunct allows, else all. */
function planCandidates(
  records: Map<string, AnyEntity>,
  indexes: Indexes,
  where: BoundNode | null,
): Iterable<AnyEntity> {
  const conjuncts = where === null ? [] : where.kind === 'all' ? where.parts : [where];
  let best: AnyEntity[] | Set<AnyEntity> | null = null;
  for (const f of conjuncts) {
    if (f.kind !== 'field' || f.type !== 'text' || (f.op !== 'eq' && f.op !== 'in' && !(f.op === 'isNull' && f.value)))
      continue;
    const values = f.op === 'eq' ? [f.value as string] : f.op === 'in' ? (f.values as string[]) : [null];
    let found: AnyEntity[] | Set<AnyEntity>;
    if (f.field === 'id') {
      found = [];
      for (const v of new Set(values)) {
        const e = v === null ? undefined : records.get(v);
        if (e !== undefined) found.push(e);
      }
    } else {
      const index = indexOn(records, indexes, f.field);
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
    deletedVersion: (t, repo, id) => data().get(t)?.tombstones[repo].get(id) ?? 0,
    all: (t, repo) => data().get(t)?.records[repo].values() ?? [],
    candidates(t, repo, where) {
      const d = data().get(t);
      if (d === undefined) return [];
      return planCandidates(d.records[repo], d.indexes[repo], where);
    },
    lookup(t, repo, field, value) {
      const d = data().get(t);
      if (d === undefined) return [];
      if (field === 'id') {
        const e = d.records[repo].get(value);
        return e === undefined ? [] : [e];
      }
      return [...(indexOn(d.records[repo], d.indexes[repo], field).get(value) ?? [])];
    },
    write(t, repo, id, entity) {
      const d = tenant(t);
      const m = d.records[repo];
      const before = m.get(id);
      const tombs = d.tombstones[repo];
      if (entity === null) {
        m.delete(id);
        if (before !== undefined) tombs.set(id, Math.max(tombs.get(id) ?? 0, before.version));
      } else {
        m.set(id, entity);
        tombs.delete(id);
      }
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
      // In place: copying the whole outbox on every append made many single writes quadratic.
      for (const e of stored) d.events.push(e);
      return stored;
    },
    events: (t) => data().get(t)?.events ?? [],
    ended: () => false,
  };
}

const key = (t: string, repo: string, id: string): string => `${t}\u0000${repo}\u0000${id}`;

/** What a record's state was: its version when present, else the last version it had when deleted (`d0`: never existed). Versions never repeat, so equal stamps mean no change. */
function stampOf(access: Access, t: string, repo: RepositoryName, id: string): string {
  const e = access.read(t, repo, id);
  return e === undefined ? `d${access.deletedVersion(t, repo, id)}` : `v${e.version}`;
}

/** A transaction's copy-on-write overlay over the base, with optimistic checks at commit. */
class Overlay implements Access {
  private readonly writes = new Map<string, Map<RepositoryName, Map<string, AnyEntity | null>>>();
  /** The base state ({@link stampOf}) each written record had when the transaction first wrote it. */
  private readonly touched = new Map<string, { t: string; repo: RepositoryName; id: string; stamp: string }>();
  /** The last version of each id this transaction deleted. */
  private readonly deleted = new Map<string, number>();
  private readonly pending = new Map<string, DomainEvent[]>();
  private open = true;

  constructor(private readonly base: Access) {}

  ended(): boolean {
    return !this.open;
  }

  private layer(t: string, repo: RepositoryName): Map<string, AnyEntity | null> | undefined {
    return this.writes.get(t)?.get(repo);
  }

  read(t: string, repo: RepositoryName, id: string): AnyEntity | undefined {
    const layer = this.layer(t, repo);
    if (layer?.has(id)) return layer.get(id) ?? undefined;
    return this.base.read(t, repo, id);
  }

  deletedVersion(t: string, repo: RepositoryName, id: string): number {
    return this.deleted.get(key(t, repo, id)) ?? this.base.deletedVersion(t, repo, id);
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

  candidates(t: string, repo: RepositoryName, where: BoundNode | null): Iterable<AnyEntity> {
    return this.layer(t, repo) === undefined ? this.base.candidates(t, repo, where) : this.all(t, repo);
  }

  lookup(t: string, repo: RepositoryName, field: string, value: string): AnyEntity[] {
    if (this.layer(t, repo) === undefined) return this.base.lookup(t, repo, field, value);
    if (field === 'id') {
      const e = this.read(t, repo, value);
      return e === undefined ? [] : [e];
    }
    const out: AnyEntity[] = [];
    for (const e of this.all(t, repo)) if (indexKey(e, field) === value) out.push(e);
    return out;
  }

  write(t: string, repo: RepositoryName, id: string, entity: AnyEntity | null): void {
    const k = key(t, repo, id);
    if (!this.touched.has(k)) this.touched.set(k, { t, repo, id, stamp: stampOf(this.base, t, repo, id) });
    if (entity === null) {
      const before = this.read(t, repo, id);
      if (before !== undefined) this.deleted.set(k, Math.max(this.deletedVersion(t, repo, id), before.version));
    }
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
    if (!this.open) return err(transactionEndedError());
    this.open = false;
    for (const { t, repo, id, stamp } of this.touched.values()) {
      if (stampOf(this.base, t, repo, id) !== stamp) {
        return fail(
          'conflict',
          `Transaction conflict: ${REPOSITORY_KINDS[repo]} ${JSON.stringify(id)} was changed by another writer during the transaction; nothing was written`,
          [{ path: [repo, id], message: 'changed concurrently', code: 'stale_version' }],
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

/**
 * Runs a query's condition over records: a `CrmError` thrown by a condition extension's own test
 * comes back as a failed `Result`; any other exception it throws (the host's code) is re-thrown as
 * it is, as `transaction` re-throws what `fn` throws.
 */
function evaluating<T>(run: () => T): Result<T> {
  try {
    return ok(run());
  } catch (cause) {
    if (isCrmError(cause)) return err(cause);
    throw cause;
  }
}

/**
 * The record events of a call's writes (each `[before, after]`), computed before anything is written;
 * `null` when the store does not record events.
 */
type Recorder = (
  ctx: StoreContext,
  repo: RepositoryName,
  writes: readonly (readonly [AnyEntity | null, AnyEntity | null])[],
) => Result<readonly DomainEvent[]>;

function makeRecorder(clock: Clock): Recorder {
  return (ctx, repo, writes) => {
    const at = clock.now();
    const out: DomainEvent[] = [];
    for (const [before, after] of writes) {
      const r = recordEvents(
        REPOSITORY_KINDS[repo],
        before as unknown as Record<string, unknown> | null,
        after as unknown as Record<string, unknown> | null,
        { at, by: ctx.actor ?? null, causedBy: ctx.causedBy ?? null },
      );
      if (!r.ok) return r;
      out.push(...r.value);
    }
    return ok(out);
  };
}

/**
 * The version a record inserted at `id` is stored with: its own, or — when the id was deleted before
 * — one above the last version it had then, so that versions never repeat for an id (a stale update
 * made before the delete then fails with `conflict` instead of overwriting the new record).
 */
function insertedVersion(own: number, deleted: number): number {
  return Math.max(own, deleted + 1);
}

function makeRepository(
  repo: RepositoryName,
  access: Access,
  customFields: CustomFieldRegistry | undefined,
  recorder: Recorder | null,
): Repository<never> {
  /** Writes `[before, after]` pairs and appends their record events (when recorded), all or nothing. */
  function commitWrites(
    ctx: StoreContext,
    writes: readonly (readonly [AnyEntity | null, AnyEntity | null])[],
  ): Result<void> {
    const tenantId = ctx.tenantId;
    const events = recorder === null ? null : recorder(ctx, repo, writes);
    if (events !== null && !events.ok) return events;
    for (const [before, after] of writes) access.write(tenantId, repo, (after ?? before)!.id, after);
    if (events !== null && events.value.length > 0) access.append(tenantId, events.value);
    return ok(undefined);
  }

  const impl = {
    async get(ctx: StoreContext, id: string): Promise<Result<AnyEntity | null>> {
      const checked = checkRead({ operation: 'get', repository: repo, ctx, id });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const wanted = checked.value.id;
      const e = wanted === null ? undefined : access.read(checked.value.ctx.tenantId, repo, wanted);
      return ok(e === undefined ? null : copyOut(e));
    },
    async getMany(ctx: StoreContext, ids: readonly string[]): Promise<Result<readonly AnyEntity[]>> {
      const checked = checkRead({ operation: 'getMany', repository: repo, ctx, ids });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const { tenantId } = checked.value.ctx;
      const out: AnyEntity[] = [];
      for (const id of checked.value.ids) {
        const e = access.read(tenantId, repo, id);
        if (e !== undefined) out.push(copyOut(e));
      }
      return ok(Object.freeze(out));
    },
    async find(ctx: StoreContext, query?: Query<never>): Promise<Result<Page<AnyEntity>>> {
      const checked = checkRead({ operation: 'find', repository: repo, ctx, query });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const q = checked.value.query;
      const page = evaluating(() => runQuery(access.candidates(checked.value.ctx.tenantId, repo, q.bound), q));
      if (!page.ok) return page;
      const { items, nextCursor } = page.value;
      return ok(Object.freeze({ items: Object.freeze(items.map(copyOut)), nextCursor }));
    },
    async count(ctx: StoreContext, query?: Pick<Query<never>, 'where' | 'context'>): Promise<Result<number>> {
      const checked = checkRead({ operation: 'count', repository: repo, ctx, query });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const q = checked.value.query;
      return evaluating(() => countMatching(access.candidates(checked.value.ctx.tenantId, repo, q.bound), q));
    },
    async insert(ctx: StoreContext, entity: AnyEntity): Promise<Result<AnyEntity>> {
      const checked = checkWrite({ operation: 'insert', repository: repo, ctx, entity, customFields });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const { tenantId } = checked.value.ctx;
      const parsed = canonical(repo, checked.value.entity);
      const id = parsed.id;
      if (access.read(tenantId, repo, id) !== undefined) return err(conflictError(repo, id));
      const version = insertedVersion(parsed.version, access.deletedVersion(tenantId, repo, id));
      const stored = version === parsed.version ? parsed : Object.freeze({ ...parsed, version });
      const written = commitWrites(checked.value.ctx, [[null, stored]]);
      if (!written.ok) return written;
      return ok(copyOut(stored));
    },
    async update(ctx: StoreContext, entity: AnyEntity, options: WriteOptions): Promise<Result<AnyEntity>> {
      const checked = checkWrite({ operation: 'update', repository: repo, ctx, entity, options, customFields });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const { tenantId } = checked.value.ctx;
      const { expectedVersion } = checked.value;
      const next = canonical(repo, checked.value.entity);
      const current = access.read(tenantId, repo, next.id);
      if (current === undefined) return err(notFoundError(repo, next.id));
      if (current.version !== expectedVersion)
        return err(conflictError(repo, next.id, { stored: current.version, expected: expectedVersion }));
      const written = commitWrites(checked.value.ctx, [[current, next]]);
      if (!written.ok) return written;
      return ok(copyOut(next));
    },
    async delete(ctx: StoreContext, id: string, options: WriteOptions): Promise<Result<void>> {
      const checked = checkWrite({ operation: 'delete', repository: repo, ctx, id, options });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const { tenantId } = checked.value.ctx;
      const { expectedVersion } = checked.value;
      const current = access.read(tenantId, repo, checked.value.id);
      if (current === undefined) return err(notFoundError(repo, id));
      if (current.version !== expectedVersion)
        return err(conflictError(repo, id, { stored: current.version, expected: expectedVersion }));
      return commitWrites(checked.value.ctx, [[current, null]]);
    },
    scan(ctx: StoreContext, query?: unknown, options?: ScanOptions | null): AsyncIterable<AnyEntity> {
      // One pass selects and sorts the matching records (references to the stored, immutable records:
      // a consistent snapshot as of the first page); pages of copies are handed out from it.
      return scanPages(`scan of ${REPOSITORY_KINDS[repo]}`, () => {
        const checked = checkScan({ repository: repo, ctx, query, options });
        if (!checked.ok) return checked;
        const { pageSize, signal } = checked.value;
        const q = checked.value.query;
        const tenantId = checked.value.ctx.tenantId;
        let sorted: AnyEntity[] | null = null;
        let at = 0;
        return ok({
          signal,
          source: {
            async next(): Promise<Result<readonly AnyEntity[] | null>> {
              if (access.ended()) return err(transactionEndedError());
              if (sorted === null) {
                const selected = evaluating(() => {
                  const matches = queryPredicate(q);
                  const hits: AnyEntity[] = [];
                  for (const e of access.candidates(tenantId, repo, q.bound)) if (matches(e)) hits.push(e);
                  return hits.sort(comparatorOf(q.orderBy));
                });
                if (!selected.ok) return selected;
                sorted = selected.value;
              }
              if (at >= sorted.length) {
                sorted = [];
                return ok(null);
              }
              const page = sorted.slice(at, at + pageSize).map(copyOut);
              at += pageSize;
              return ok(page);
            },
          },
        });
      });
    },
    async insertMany(ctx: StoreContext, entities: readonly AnyEntity[]): Promise<Result<readonly AnyEntity[]>> {
      const checked = checkBulkWrite({ operation: 'insertMany', repository: repo, ctx, entities, customFields });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const { tenantId } = checked.value.ctx;
      const list = checked.value.entities;
      for (let i = 0; i < list.length; i++)
        if (access.read(tenantId, repo, list[i]!.id) !== undefined)
          return err(bulkConflictError(repo, i, 'id', list[i]!.id));
      const writes: [null, AnyEntity][] = [];
      for (const e of list) {
        const parsed = canonical(repo, e);
        const version = insertedVersion(parsed.version, access.deletedVersion(tenantId, repo, parsed.id));
        writes.push([null, version === parsed.version ? parsed : Object.freeze({ ...parsed, version })]);
      }
      const written = commitWrites(checked.value.ctx, writes);
      if (!written.ok) return written;
      return ok(Object.freeze(writes.map(([, stored]) => copyOut(stored))));
    },
    async upsertMany(
      ctx: StoreContext,
      entities: readonly AnyEntity[],
      options: unknown,
    ): Promise<Result<readonly AnyEntity[]>> {
      const checked = checkBulkWrite({
        operation: 'upsertMany',
        repository: repo,
        ctx,
        entities,
        options,
        customFields,
      });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const { tenantId } = checked.value.ctx;
      const { key, keys } = checked.value;
      const list = checked.value.entities;
      // Decide every write first (nothing is written when one fails), then write them all.
      const planned: [AnyEntity | null, AnyEntity][] = [];
      for (let i = 0; i < list.length; i++) {
        const found = access.lookup(tenantId, repo, key, keys[i]!);
        if (found.length > 1) return err(bulkConflictError(repo, i, key, keys[i]!));
        const current = found[0];
        const parsed = canonical(repo, list[i]!);
        if (current !== undefined) {
          planned.push([current, canonical(repo, { ...parsed, id: current.id, version: current.version + 1 })]);
          continue;
        }
        if (access.read(tenantId, repo, parsed.id) !== undefined)
          return err(bulkConflictError(repo, i, 'id', parsed.id));
        const version = insertedVersion(parsed.version, access.deletedVersion(tenantId, repo, parsed.id));
        planned.push([null, version === parsed.version ? parsed : Object.freeze({ ...parsed, version })]);
      }
      const written = commitWrites(checked.value.ctx, planned);
      if (!written.ok) return written;
      return ok(Object.freeze(planned.map(([, stored]) => copyOut(stored))));
    },
    async aggregate(ctx: StoreContext, query: unknown): Promise<Result<readonly AggregateRow[]>> {
      const checked = checkAggregate({ repository: repo, ctx, query });
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      const q = checked.value.query;
      const tenantId = checked.value.ctx.tenantId;
      const r = evaluating(() => {
        const matches = queryPredicate(q);
        const agg = createAggregation(checked.value);
        for (const e of access.candidates(tenantId, repo, q.bound)) if (matches(e)) agg.add(e);
        return agg.rows();
      });
      return r.ok ? r.value : r;
    },
  };
  return Object.freeze(impl) as unknown as Repository<never>;
}

function makeOutbox(access: Access): EventOutbox {
  return Object.freeze({
    async append(ctx: StoreContext, events: readonly DomainEvent[]): Promise<Result<readonly StoredEvent[]>> {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      const checked = validateEvents(events);
      if (!checked.ok) return checked;
      if (access.ended()) return err(transactionEndedError());
      return ok(Object.freeze(access.append(c.value.tenantId, checked.value).map(copyOut)));
    },
    async read(
      ctx: StoreContext,
      options?: { readonly after?: number; readonly limit?: number },
    ): Promise<Result<EventPage>> {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      const o = checkEventsRead(options);
      if (!o.ok) return o;
      if (access.ended()) return err(transactionEndedError());
      const { after, limit } = o.value;
      const all = access.events(c.value.tenantId);
      const items: StoredEvent[] = [];
      for (const e of all) {
        if (e.sequence > after) items.push(copyOut(e));
        if (items.length === limit) break;
      }
      return ok(
        Object.freeze({
          items: Object.freeze(items),
          lastSequence: items.length === 0 ? after : items[items.length - 1]!.sequence,
        }),
      );
    },
  });
}

/** The repositories of a memory store or its transaction, with the workflow ledger. */
type LedgerRepositories = RepositoriesWith<'bulk' | 'aggregate'> & { readonly ledger: WorkflowLedger };

function makeRepositories(
  access: Access,
  customFields: CustomFieldRegistry | undefined,
  recorder: Recorder | null,
  ledger: LedgerAccess,
): LedgerRepositories {
  const out: Record<string, unknown> = {};
  for (const name of REPOSITORY_NAMES) out[name] = makeRepository(name, access, customFields, recorder);
  out['events'] = makeOutbox(access);
  out['ledger'] = makeMemoryLedger(ledger);
  return Object.freeze(out) as unknown as LedgerRepositories;
}

const SNAPSHOT_FORMAT = 'crmkit.memory-store';

/** Reads a snapshot's `tombstones` ({ [repository]: { [id]: last version } }, ids absent from the records). */
function parseTombstones(raw: unknown, td: TenantData, path: readonly (string | number)[], issues: CrmIssue[]): void {
  if (raw === undefined) return;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({ path, message: 'Expected { [repository]: { [id]: version } }', code: 'invalid_type' });
    return;
  }
  for (const [name, byId] of Object.entries(raw as Record<string, unknown>)) {
    if (!REPOSITORY_NAMES.includes(name as RepositoryName)) {
      issues.push({ path: [...path, name], message: `Unknown repository '${name}'`, code: 'unrecognized_keys' });
      continue;
    }
    if (byId === null || typeof byId !== 'object' || Array.isArray(byId)) {
      issues.push({ path: [...path, name], message: 'Expected { [id]: version }', code: 'invalid_type' });
      continue;
    }
    for (const [id, v] of Object.entries(byId as Record<string, unknown>)) {
      const repo = name as RepositoryName;
      if (!isStorableId(id) || td.records[repo].has(id))
        issues.push({ path: [...path, name, id], message: 'Not the id of a deleted record', code: 'invalid_id' });
      else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
        issues.push({
          path: [...path, name, id],
          message: 'Expected a version (an integer ≥ 1)',
          code: 'invalid_value',
        });
      else td.tombstones[repo].set(id, v);
    }
  }
}

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
      if (k !== 'events' && k !== 'tombstones' && !REPOSITORY_NAMES.includes(k as RepositoryName))
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
    parseTombstones(src['tombstones'], td, ['tenants', tenantId, 'tombstones'], issues);
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
 * copies out, every write checked with the shared rules ({@link checkWrite}: context, `parse*`
 * validation, version rule), optimistic versions that never repeat for an id (a record re-inserted
 * after a delete continues above the deleted one's last version), all-or-nothing transactions (a
 * copy-on-write overlay committed at once; a record written by the transaction and changed by
 * another writer meanwhile fails the commit with `conflict`), the event outbox, and JSON snapshots.
 * With `recordEvents: true` every write (bulk and transactional ones too) appends its record events
 * (`recordEvents` of `crmkit/automation`) with the write, all or nothing.
 * Every read and write answers with a `Result`: an invalid context, id, query or options is a
 * `validation_failed` error in it (checked with {@link checkRead} / {@link checkWrite}); a
 * transactional store used after its transaction ended gives `aborted`. No method rejects, except
 * `transaction` re-throwing what its `fn` throws (other than a `CrmError`) and `find` / `count`
 * re-throwing what a condition extension's own test throws (other than a `CrmError`).
 *
 * @throws {CrmError} `validation_failed` when `options.snapshot` is not a valid snapshot.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * const deal = unwrap(createDeal({ name: 'Pilot', pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '5000.00', currency: 'USD' } }));
 * await store.deals.insert(ctx, deal);
 * unwrap(await store.deals.get(ctx, deal.id))?.name; //=> 'Pilot'
 * unwrap(await store.deals.count(ctx)); //=> 1
 * (await store.deals.find(ctx, { limit: 0 })).ok; //=> false
 * const recording = createMemoryStore({ recordEvents: true });
 * await recording.deals.insert(ctx, deal);
 * unwrap(await recording.events.read(ctx)).items[0]?.type; //=> 'deal_created'
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
  const recorder = options.recordEvents === true ? makeRecorder(options.clock ?? systemClock()) : null;
  const ledgerOf = (t: string): LedgerData => {
    let d = data.get(t);
    if (d === undefined) data.set(t, (d = emptyTenant()));
    return d.ledger;
  };
  const baseLedgerAccess = baseLedger(ledgerOf, (t) => data.get(t)?.ledger);
  /** The ledger cursors open transactions hold. */
  const held = new Set<string>();
  const repos = makeRepositories(base, customFields, recorder, baseLedgerAccess);

  async function transaction<T>(
    ctx: StoreContext,
    fn: (tx: LedgerRepositories) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const checked = checkTransaction(ctx, fn);
    if (!checked.ok) return checked;
    const overlay = new Overlay(base);
    const ledger = new LedgerOverlay(baseLedgerAccess, held, () => overlay.ended());
    const tx = makeRepositories(overlay, customFields, recorder, ledger);
    let result: Result<T>;
    try {
      result = checkTransactionResult<T>(await fn(tx));
    } catch (cause) {
      overlay.rollback();
      ledger.release();
      if (isCrmError(cause)) return err(cause);
      throw cause;
    }
    if (!result.ok) {
      overlay.rollback();
      ledger.release();
      return result;
    }
    const taken = ledger.conflict();
    if (taken !== null) {
      overlay.rollback();
      ledger.release();
      return ledgerConflict(taken);
    }
    const committed = overlay.commit();
    if (committed.ok) ledger.apply();
    ledger.release();
    return committed.ok ? result : committed;
  }

  function exportSnapshot(): string {
    const tenants: Record<string, unknown> = {};
    for (const [t, d] of [...data].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const out: Record<string, unknown> = {};
      const tombstones: Record<string, Record<string, number>> = {};
      for (const name of REPOSITORY_NAMES) {
        out[name] = [...d.records[name].values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        if (d.tombstones[name].size > 0)
          tombstones[name] = Object.fromEntries(
            [...d.tombstones[name]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          );
      }
      if (Object.keys(tombstones).length > 0) out['tombstones'] = tombstones;
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
