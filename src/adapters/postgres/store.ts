/**
 * The PostgreSQL {@link Store}.
 *
 * @module
 */
import { CrmError, formatPath, isCrmError } from '../../core/errors.js';
import type { DomainEvent } from '../../core/events.js';
import { err, fail, ok, type Result } from '../../core/result.js';
import { deepFreeze } from '../../_lib/freeze.js';
import { type CustomFieldRegistry, type EntityContext } from '../../entities/index.js';
import { ENTITY_PARSERS } from '../../repository/parsers.js';
import {
  cursorAfter,
  encodeCursor,
  readField,
  validateQuery,
  type NormalizedQuery,
  type SortValue,
} from '../../repository/evaluate.js';
import type {
  EventOutbox,
  Repositories,
  Repository,
  Store,
  StoreContext,
  StoredEvent,
  WriteOptions,
} from '../../repository/ports.js';
import { DEFAULT_EVENT_LIMIT, MAX_LIMIT, type Page, type Query } from '../../repository/query.js';
import { validateContext, validateEvents } from '../../repository/validate.js';
import { runInTransaction, type PostgresClient, type SqlQueryable, type SqlTransactionRunner } from './client.js';
import { encodeJson, findUnstorableText, hasLoneSurrogate, readJsonColumn } from './codec.js';
import { compileCount, compileFind } from './compile.js';
import { checkSchemaName, type PostgresSchemaOptions } from './migrate.js';
import { columnsOf, qualified, TABLES, type TableSpec } from './tables.js';
import { quoteValue } from '../../_lib/show.js';

/**
 * Options of {@link createPostgresStore}.
 *
 * @example
 * ```ts
 * const options: PostgresStoreOptions = { schema: 'crm', customFields: registry };
 * ```
 */
export interface PostgresStoreOptions extends PostgresSchemaOptions {
  /** Custom-field definitions every written entity is validated against (as the memory store does). */
  readonly customFields?: CustomFieldRegistry;
}

type RepoName = keyof typeof TABLES;
type AnyEntity = { readonly id: string; readonly version: number; readonly customFields?: Record<string, unknown> };
const PARSERS = ENTITY_PARSERS as Readonly<
  Record<RepoName, (input: unknown, ctx?: EntityContext) => Result<AnyEntity>>
>;

/** State shared by the repositories of one transaction: closed once the transaction ends. */
interface Scope {
  readonly q: SqlQueryable;
  open: boolean;
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function adapterError(what: string, cause: unknown): CrmError {
  return new CrmError('adapter_failure', `PostgreSQL ${what} failed: ${describeCause(cause)}`, { cause });
}

function requireContext(ctx: unknown): StoreContext {
  const r = validateContext(ctx);
  if (!r.ok) throw r.error;
  return r.value;
}

function checkOpen(scope: Scope): void {
  if (!scope.open)
    throw new CrmError('aborted', 'This transaction has ended; use the store passed to a new transaction');
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

function wellFormed(s: string): string {
  return hasLoneSurrogate(s)
    ? s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    : s;
}

function isStructured(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !(v instanceof Date);
}

/** The row of an entity: column values in table-map order, then doc, custom_fields, custom_sort. */
function rowValues(spec: TableSpec, entity: AnyEntity): (string | null)[] {
  const e = entity as unknown as Record<string, unknown>;
  const out: (string | null)[] = [];
  for (const f of spec.fields) {
    if (f.field === 'id') continue;
    const v = e[f.field];
    switch (f.type) {
      case 'text':
        // The column serves queries only (the document keeps the exact text): a lone surrogate, which
        // UTF-8 cannot encode, becomes U+FFFD there, as drivers would make it anyway.
        out.push(v === null || v === undefined ? null : wellFormed(String(v)));
        break;
      case 'number':
      case 'integer':
        out.push(typeof v === 'number' ? String(v) : null);
        break;
      case 'instant':
        out.push(v instanceof Date ? String(v.getTime()) : null);
        break;
      case 'boolean':
        out.push(typeof v === 'boolean' ? String(v) : null);
        break;
      case 'money': {
        const m = v as { amount: string; currency: string } | null | undefined;
        out.push(m?.amount ?? null, m?.currency ?? null);
        break;
      }
      case 'json':
        break;
    }
  }
  const { customFields, ...rest } = e;
  const custom = (customFields ?? {}) as Record<string, unknown>;
  const sort: Record<string, string> = {};
  for (const [k, v] of Object.entries(custom)) if (isStructured(v)) sort[k] = JSON.stringify(v);
  out.push(JSON.stringify(encodeJson(rest)), JSON.stringify(encodeJson(custom)), JSON.stringify(sort));
  return out;
}

/** Column names in the order {@link rowValues} produces their values (after tenant_id and id). */
function rowColumns(spec: TableSpec): string[] {
  return [
    ...spec.fields
      .filter((f) => f.field !== 'id')
      .flatMap(columnsOf)
      .map((c) => c.name),
    'doc',
    'custom_fields',
    'custom_sort',
  ];
}

function rowCasts(spec: TableSpec): string[] {
  return [
    ...spec.fields
      .filter((f) => f.field !== 'id')
      .flatMap(columnsOf)
      .map((c) => `::${c.sqlType.replace(/ COLLATE "C"$/, '')}`),
    '::jsonb',
    '::jsonb',
    '::jsonb',
  ];
}

interface Statements {
  readonly select: string;
  readonly selectMany: string;
  readonly insert: string;
  readonly update: string;
  readonly remove: string;
  readonly version: string;
}

function statementsFor(schema: string, spec: TableSpec): Statements {
  const table = qualified(schema, spec.table);
  const cols = rowColumns(spec);
  const casts = rowCasts(spec);
  const values = cols.map((_, i) => `$${i + 3}${casts[i]}`);
  const columns = `"doc"::text AS "doc", "custom_fields"::text AS "custom_fields", "custom_sort"::text AS "custom_sort"`;
  const versionParam = `$${cols.length + 3}`;
  return {
    select: `SELECT ${columns} FROM ${table} WHERE "tenant_id" = $1 AND "id" = $2`,
    selectMany: `SELECT "id", ${columns} FROM ${table} WHERE "tenant_id" = $1 AND "id" IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    insert: `INSERT INTO ${table} ("tenant_id", "id", ${cols.map((c) => `"${c}"`).join(', ')}) VALUES ($1, $2, ${values.join(', ')}) ON CONFLICT ("tenant_id", "id") DO NOTHING RETURNING 1 AS "ok"`,
    update: `UPDATE ${table} SET ${cols.map((c, i) => `"${c}" = ${values[i]}`).join(', ')} WHERE "tenant_id" = $1 AND "id" = $2 AND "version" = ${versionParam}::bigint RETURNING 1 AS "ok"`,
    remove: `DELETE FROM ${table} WHERE "tenant_id" = $1 AND "id" = $2 AND "version" = $3::bigint RETURNING 1 AS "ok"`,
    version: `SELECT "version"::text AS "version" FROM ${table} WHERE "tenant_id" = $1 AND "id" = $2`,
  };
}

/** Turns a stored row back into a validated, frozen entity; a row that no longer validates is an adapter failure. */
function fromRow(name: RepoName, row: Record<string, unknown>): AnyEntity {
  const doc = readJsonColumn(row['doc']) as Record<string, unknown>;
  const customFields = readJsonColumn(row['custom_fields']) ?? {};
  const parsed = PARSERS[name]({ ...doc, customFields });
  if (!parsed.ok) {
    throw new CrmError(
      'adapter_failure',
      `A stored ${TABLES[name].kind} (${quoteValue(doc['id'])}) no longer validates: ${parsed.error.message}`,
      { issues: parsed.error.issues, cause: parsed.error },
    );
  }
  return parsed.value;
}

/** Validates an entity to be written, and refuses text PostgreSQL cannot hold. */
function validateEntity(
  name: RepoName,
  entity: unknown,
  customFields: CustomFieldRegistry | undefined,
): Result<AnyEntity> {
  let copy: unknown;
  try {
    copy = structuredClone(entity);
  } catch (cause) {
    return fail(
      'validation_failed',
      `${TABLES[name].kind} cannot be stored: it holds values that are not data (functions, symbols, …)`,
      [{ path: [], message: 'Not cloneable', code: 'invalid_type' }],
      cause,
    );
  }
  const parsed = PARSERS[name](copy, customFields === undefined ? undefined : { customFields });
  if (!parsed.ok) return parsed;
  const bad = findUnstorableText(parsed.value);
  if (bad !== null) {
    return fail(
      'validation_failed',
      `${TABLES[name].kind} cannot be stored: the text at ${formatPath(bad.path)} ${bad.reason}`,
      [{ path: bad.path, message: `Text ${bad.reason}`, code: 'invalid_format' }],
    );
  }
  return parsed;
}

function notFound(kind: string, id: unknown): Result<never> {
  return fail('not_found', `No ${kind} with id ${JSON.stringify(id)} in this tenant`, [
    { path: ['id'], message: 'Not found', code: 'not_found' },
  ]);
}

function stale(kind: string, id: string, stored: number, expected: number): Result<never> {
  return fail(
    'conflict',
    `The ${kind} ${id} is at version ${stored}, not the expected ${expected}: it was changed meanwhile; reload and retry`,
    [{ path: ['version'], message: `Stored version is ${stored}`, code: 'stale_version' }],
  );
}

function makeRepository(
  name: RepoName,
  schema: string,
  scope: Scope,
  customFields: CustomFieldRegistry | undefined,
): Repository<never> {
  const spec = TABLES[name];
  const kind = spec.kind;
  const sql = statementsFor(schema, spec);
  const q = scope.q;

  async function read<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (cause) {
      if (isCrmError(cause)) throw cause;
      throw adapterError(`${what} of ${kind}`, cause);
    }
  }

  async function write<T>(what: string, run: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await run();
    } catch (cause) {
      if (isCrmError(cause)) return err(cause);
      return err(adapterError(`${what} of ${kind}`, cause));
    }
  }

  async function storedVersion(tenantId: string, id: string): Promise<number | null> {
    const r = await q.query(sql.version, [tenantId, id]);
    const row = r.rows[0];
    return row === undefined ? null : Number(row['version']);
  }

  function nextCursor(query: NormalizedQuery, last: AnyEntity, row: Record<string, unknown>): string {
    if (!query.orderBy.some((k) => k.type === 'custom')) return cursorAfter(query.orderBy, last);
    // Structured custom values sort by the JSON text they had when written (kept in custom_sort,
    // since jsonb reorders object keys); the cursor carries that form.
    const sortText = (readJsonColumn(row['custom_sort']) ?? {}) as Record<string, string>;
    const values: SortValue[] = query.orderBy.map((k) => {
      const v = readField(last, k.field, k.type);
      if (k.type === 'custom' && v !== null && typeof v === 'object' && !(v instanceof Date)) {
        const text = sortText[k.field.slice('customFields.'.length)];
        return text === undefined ? v : { json: JSON.parse(text) as unknown };
      }
      return v;
    });
    return encodeCursor(query.orderBy, { values, id: last.id });
  }

  const impl = {
    async get(ctx: StoreContext, id: string): Promise<AnyEntity | null> {
      const c = requireContext(ctx);
      checkOpen(scope);
      if (typeof id !== 'string') return null;
      return read('get', async () => {
        const r = await q.query(sql.select, [c.tenantId, id]);
        const row = r.rows[0];
        return row === undefined ? null : fromRow(name, row);
      });
    },
    async getMany(ctx: StoreContext, ids: readonly string[]): Promise<readonly AnyEntity[]> {
      const c = requireContext(ctx);
      checkOpen(scope);
      if (!Array.isArray(ids))
        throw new CrmError('validation_failed', 'getMany takes an array of ids', {
          issues: [{ path: ['ids'], message: 'Expected an array', code: 'invalid_type' }],
        });
      const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
      if (wanted.length === 0) return Object.freeze([]);
      return read('getMany', async () => {
        const r = await q.query(sql.selectMany, [c.tenantId, JSON.stringify(wanted)]);
        const byId = new Map<string, AnyEntity>();
        for (const row of r.rows) byId.set(String(row['id']), fromRow(name, row));
        const out: AnyEntity[] = [];
        for (const id of ids) {
          const e = typeof id === 'string' ? byId.get(id) : undefined;
          if (e !== undefined) out.push(e);
        }
        return Object.freeze(out);
      });
    },
    async find(ctx: StoreContext, query?: Query<never>): Promise<Page<AnyEntity>> {
      const c = requireContext(ctx);
      checkOpen(scope);
      const v = validateQuery(kind, query);
      if (!v.ok) throw v.error;
      const normalized = v.value;
      return read('find', async () => {
        const stmt = compileFind(schema, spec, c.tenantId, normalized);
        const r = await q.query(stmt.text, stmt.params);
        const rows = r.rows.slice(0, normalized.limit);
        const items = rows.map((row) => fromRow(name, row));
        const more = r.rows.length > normalized.limit;
        const next =
          more && items.length > 0 ? nextCursor(normalized, items[items.length - 1]!, rows[rows.length - 1]!) : null;
        return Object.freeze({ items: Object.freeze(items), nextCursor: next });
      });
    },
    async count(ctx: StoreContext, query?: Pick<Query<never>, 'where'>): Promise<number> {
      const c = requireContext(ctx);
      checkOpen(scope);
      const v = validateQuery(kind, query === undefined ? undefined : { where: query.where });
      if (!v.ok) throw v.error;
      const where = v.value.where;
      return read('count', async () => {
        const stmt = compileCount(schema, spec, c.tenantId, where);
        const r = await q.query(stmt.text, stmt.params);
        return Number(r.rows[0]?.['n'] ?? 0);
      });
    },
    async insert(ctx: StoreContext, entity: AnyEntity): Promise<Result<AnyEntity>> {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      checkOpen(scope);
      const parsed = validateEntity(name, entity, customFields);
      if (!parsed.ok) return parsed;
      const e = parsed.value;
      return write('insert', async () => {
        const r = await q.query(sql.insert, [c.value.tenantId, e.id, ...rowValues(spec, e)]);
        if (r.rows.length === 0) {
          return fail('conflict', `A ${kind} with id ${JSON.stringify(e.id)} already exists in this tenant`, [
            { path: ['id'], message: 'Id already taken', code: 'duplicate' },
          ]);
        }
        return ok(e);
      });
    },
    async update(ctx: StoreContext, entity: AnyEntity, options: WriteOptions): Promise<Result<AnyEntity>> {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      checkOpen(scope);
      const expected = validateWriteOptions(options);
      if (!expected.ok) return expected;
      const parsed = validateEntity(name, entity, customFields);
      if (!parsed.ok) return parsed;
      const next = parsed.value;
      if (next.version !== expected.value + 1) {
        return fail(
          'validation_failed',
          `The updated ${kind} must carry version ${expected.value + 1} (expectedVersion + 1); it has ${next.version}. Build it with update*, which bumps the version`,
          [{ path: ['version'], message: `Expected ${expected.value + 1}`, code: 'invalid_value' }],
        );
      }
      const tenantId = c.value.tenantId;
      return write('update', async () => {
        const r = await q.query(sql.update, [tenantId, next.id, ...rowValues(spec, next), String(expected.value)]);
        if (r.rows.length > 0) return ok(next);
        const stored = await storedVersion(tenantId, next.id);
        return stored === null ? notFound(kind, next.id) : stale(kind, next.id, stored, expected.value);
      });
    },
    async delete(ctx: StoreContext, id: string, options: WriteOptions): Promise<Result<void>> {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      checkOpen(scope);
      const expected = validateWriteOptions(options);
      if (!expected.ok) return expected;
      if (typeof id !== 'string') return notFound(kind, id);
      const tenantId = c.value.tenantId;
      return write('delete', async () => {
        const r = await q.query(sql.remove, [tenantId, id, String(expected.value)]);
        if (r.rows.length > 0) return ok(undefined);
        const stored = await storedVersion(tenantId, id);
        return stored === null ? notFound(kind, id) : stale(kind, id, stored, expected.value);
      });
    },
  };
  return Object.freeze(impl) as unknown as Repository<never>;
}

function makeOutbox(
  schema: string,
  scope: Scope,
  inTransaction: (
    fn: (q: SqlQueryable) => Promise<Result<readonly StoredEvent[]>>,
  ) => Promise<Result<readonly StoredEvent[]>>,
): EventOutbox {
  const sequences = qualified(schema, 'outbox_sequences');
  const events = qualified(schema, 'outbox_events');
  // Taking the next numbers locks the tenant's counter row until commit, so sequences are gapless
  // and increase in commit order: a reader that has seen N never misses a later-committed N - 1.
  const reserve = `INSERT INTO ${sequences} ("tenant_id", "last_sequence") VALUES ($1, $2::bigint) ON CONFLICT ("tenant_id") DO UPDATE SET "last_sequence" = ${sequences}."last_sequence" + EXCLUDED."last_sequence" RETURNING "last_sequence"::text AS "last"`;
  const insert = `INSERT INTO ${events} ("tenant_id", "sequence", "event_id", "type", "at", "by", "aggregate_kind", "aggregate_id", "payload") SELECT $1, (e->>'sequence')::bigint, e->>'id', e->>'type', (e->>'at')::bigint, e->>'by', e->>'kind', e->>'aggregateId', e->'payload' FROM jsonb_array_elements($2::jsonb) AS e`;
  const select = `SELECT "sequence"::text AS "sequence", "event_id", "type", "at"::text AS "at", "by", "aggregate_kind", "aggregate_id", "payload"::text AS "payload" FROM ${events} WHERE "tenant_id" = $1 AND "sequence" > $2::bigint ORDER BY "sequence" LIMIT $3::integer`;

  return Object.freeze({
    async append(ctx: StoreContext, list: readonly DomainEvent[]): Promise<Result<readonly StoredEvent[]>> {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      checkOpen(scope);
      const checked = validateEvents(list);
      if (!checked.ok) return checked;
      const evs = checked.value;
      const bad = findUnstorableText(evs);
      if (bad !== null)
        return fail(
          'validation_failed',
          `Domain events cannot be stored: the text at ${formatPath(bad.path)} ${bad.reason}`,
          [{ path: bad.path, message: `Text ${bad.reason}`, code: 'invalid_format' }],
        );
      if (evs.length === 0) return ok(Object.freeze([]));
      const tenantId = c.value.tenantId;
      try {
        return await inTransaction(async (q) => {
          const r = await q.query(reserve, [tenantId, String(evs.length)]);
          const last = Number(r.rows[0]?.['last']);
          const first = last - evs.length + 1;
          const stored = evs.map(
            (e, i) => deepFreeze({ ...e, at: new Date(e.at.getTime()), sequence: first + i }) as StoredEvent,
          );
          const rows = stored.map((e) => ({
            sequence: e.sequence,
            id: e.id,
            type: e.type,
            at: e.at.getTime(),
            by: e.by,
            kind: e.aggregate.kind,
            aggregateId: e.aggregate.id,
            payload: encodeJson(e.payload),
          }));
          await q.query(insert, [tenantId, JSON.stringify(rows)]);
          return ok(Object.freeze(stored));
        });
      } catch (cause) {
        if (isCrmError(cause)) return err(cause);
        return err(adapterError('append to the outbox', cause));
      }
    },
    async read(ctx: StoreContext, options: { readonly after?: number; readonly limit?: number } = {}) {
      const c = requireContext(ctx);
      checkOpen(scope);
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
      let rows: readonly Record<string, unknown>[];
      try {
        rows = (await scope.q.query(select, [c.tenantId, String(after), String(limit)])).rows;
      } catch (cause) {
        throw adapterError('reading the outbox', cause);
      }
      const items = rows.map(
        (row) =>
          deepFreeze({
            id: String(row['event_id']),
            type: String(row['type']),
            at: new Date(Number(row['at'])),
            by: row['by'] === null || row['by'] === undefined ? null : String(row['by']),
            aggregate: { kind: String(row['aggregate_kind']), id: String(row['aggregate_id']) },
            payload: readJsonColumn(row['payload']),
            sequence: Number(row['sequence']),
          }) as StoredEvent,
      );
      return Object.freeze({
        items: Object.freeze(items),
        lastSequence: items.length === 0 ? after : items[items.length - 1]!.sequence,
      });
    },
  });
}

function makeRepositories(
  schema: string,
  scope: Scope,
  customFields: CustomFieldRegistry | undefined,
  inTransaction: (
    fn: (q: SqlQueryable) => Promise<Result<readonly StoredEvent[]>>,
  ) => Promise<Result<readonly StoredEvent[]>>,
): Repositories {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(TABLES) as RepoName[]) out[name] = makeRepository(name, schema, scope, customFields);
  out['events'] = makeOutbox(schema, scope, inTransaction);
  return Object.freeze(out) as unknown as Repositories;
}

function isResult(value: unknown): value is Result<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function notAResult(): TypeError {
  return new TypeError('transaction(ctx, fn): fn must return a Result (ok(value) or err(error)); nothing was written');
}

const ROLLBACK = /* @__PURE__ */ Symbol('rollback');

/**
 * A transaction on a single-connection client that begins at the first write: reads go to the
 * client until then, every statement after it to the transaction. `end` commits or rolls back.
 */
class LazySession {
  private opened: Promise<SqlQueryable> | null = null;
  private outcome: Promise<unknown> = Promise.resolve();
  private finish: (commit: boolean) => void = () => undefined;
  /** Routes reads (SELECT) to the client until the transaction has begun, everything else into it. */
  readonly queryable: SqlQueryable;

  constructor(private readonly client: SqlTransactionRunner) {
    this.queryable = {
      query: async (text, params) => {
        const target = this.opened === null && /^\s*SELECT\b/i.test(text) ? this.client : await this.begin();
        return target.query(text, params);
      },
    };
  }

  private begin(): Promise<SqlQueryable> {
    if (this.opened === null) {
      const gate = new Promise<boolean>((resolve) => (this.finish = resolve));
      this.opened = new Promise<SqlQueryable>((resolve, reject) => {
        this.outcome = this.client
          .transaction(async (tx) => {
            resolve(tx);
            if (!(await gate)) throw ROLLBACK;
          })
          .catch((e: unknown) => {
            reject(e);
            if (e !== ROLLBACK) throw e;
          });
      });
      // end() reports the outcome; until then a failure must not surface as an unhandled rejection.
      this.outcome.catch(() => undefined);
      this.opened.catch(() => undefined);
    }
    return this.opened;
  }

  /** Commits (or rolls back) the transaction if one began; rejects when the database refuses. */
  async end(commit: boolean): Promise<void> {
    if (this.opened === null) return;
    this.finish(commit);
    await this.outcome;
  }
}

/** Carries a failed `Result` out of the driver's transaction callback, so the driver rolls back. */
class Rollback {
  constructor(readonly result: Result<unknown>) {}
}

/** Carries an exception thrown by the caller's function (as opposed to one from the driver). */
class Thrown {
  constructor(readonly cause: unknown) {}
}

/**
 * Creates a {@link Store} on PostgreSQL through a structural client: a `pg.Pool`, a PGlite
 * instance, or one connection wrapped with {@link singleConnection}. Run {@link migratePostgres}
 * on the same schema first.
 *
 * Behaves as the memory store does (the contract suite `crmkit/testing` checks it):
 * - every statement is parameterised; identifiers come from a fixed map of tables and columns
 *   (and the validated schema name), never from input;
 * - every entity is validated with its `parse*` function before it is written and after it is read
 *   (a stored row that no longer validates rejects with `adapter_failure`); NUL characters, which
 *   PostgreSQL text cannot hold, fail with `validation_failed` (as the entity schemas refuse them);
 *   strings with lone UTF-16 surrogates are kept exactly in the document (escaped);
 * - `update` and `delete` check the version in the statement (`… WHERE version = $n`), so of N
 *   concurrent writers at the same version exactly one wins and the others get `conflict`;
 * - records of another tenant are invisible: every statement is scoped by `tenant_id`;
 * - Money round-trips exactly (decimal strings in the document, `numeric` columns for queries), as
 *   do instants (epoch milliseconds);
 * - `transaction(ctx, fn)` runs `fn` in one database transaction: a failed `Result` or an exception
 *   rolls everything back (outbox events included); a thrown `CrmError` comes back as its `Result`,
 *   any other exception is re-thrown;
 * - queries compile to SQL with the evaluator's semantics (see `validateQuery`), and cursors are the
 *   same opaque keyset cursors the memory store makes.
 *
 * Reads reject with `validation_failed` for an invalid context or query and with `adapter_failure`
 * when the database fails; writes return those as failed `Result`s.
 *
 * On a single-connection client (PGlite, {@link singleConnection}) operations outside a transaction
 * wait until an open transaction ends: inside `fn`, use the transactional store `fn` receives, never
 * the outer store (that would wait for itself).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db = new PGlite();
 * unwrap(await migratePostgres(db));
 * const store = createPostgresStore(db); // instead of createMemoryStore()
 * await store.deals.insert({ tenantId: 'acme' }, deal);
 * ```
 */
export function createPostgresStore(client: PostgresClient, options: PostgresStoreOptions = {}): Store {
  const checked = checkSchemaName(options.schema);
  if (!checked.ok) throw checked.error;
  const schema = checked.value;
  const { customFields } = options;
  if (client === null || typeof client !== 'object' || typeof (client as { query?: unknown }).query !== 'function') {
    throw new CrmError(
      'validation_failed',
      'createPostgresStore needs a client with query(text, params): a pg.Pool, a PGlite instance or singleConnection(client)',
      {
        issues: [{ path: ['client'], message: 'Expected an object with a query method', code: 'invalid_type' }],
      },
    );
  }

  // Outside a transaction, appending events takes its own short transaction (counter and rows together).
  const rootScope: Scope = { q: client, open: true };
  const standalone = (fn: (q: SqlQueryable) => Promise<Result<readonly StoredEvent[]>>) => runInTransaction(client, fn);
  const repos = makeRepositories(schema, rootScope, customFields, standalone);

  const singleSession = typeof (client as Partial<SqlTransactionRunner>).transaction === 'function';

  async function transaction<T>(ctx: StoreContext, fn: (tx: Repositories) => Promise<Result<T>>): Promise<Result<T>> {
    const c = validateContext(ctx);
    if (!c.ok) return c;
    if (typeof fn !== 'function')
      throw new TypeError('transaction(ctx, fn): fn must be an async function receiving the transactional store');
    return singleSession ? lazyTransaction(fn) : poolTransaction(fn);
  }

  /** On a pool: BEGIN on a checked-out connection, run fn, COMMIT or ROLLBACK. */
  async function poolTransaction<T>(fn: (tx: Repositories) => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await runInTransaction(client, async (q) => {
        const scope: Scope = { q, open: true };
        // Inside a transaction, appending events runs on the transaction itself.
        const tx = makeRepositories(schema, scope, customFields, (f) => f(q));
        let result: Result<T>;
        try {
          result = await fn(tx);
        } catch (cause) {
          throw new Thrown(cause);
        } finally {
          scope.open = false;
        }
        if (!isResult(result)) throw new Thrown(notAResult());
        if (!result.ok) throw new Rollback(result);
        return result;
      });
    } catch (caught) {
      if (caught instanceof Rollback) return caught.result as Result<T>;
      if (caught instanceof Thrown) {
        if (isCrmError(caught.cause)) return err(caught.cause);
        throw caught.cause;
      }
      if (isCrmError(caught)) return err(caught);
      return err(adapterError('transaction', caught));
    }
  }

  /**
   * On a single connection (PGlite, singleConnection): the database transaction opens at the first
   * write. Until then fn's reads run as plain statements — under READ COMMITTED, PostgreSQL's
   * default, a statement inside a transaction sees the same committed data as one outside it, and
   * reads take no locks — so the one connection stays free for other writers (a concurrent update
   * between fn's read and its write is then caught by the version check, as on a server). From the
   * first write on, every statement of fn runs in the transaction and others wait for it.
   */
  async function lazyTransaction<T>(fn: (tx: Repositories) => Promise<Result<T>>): Promise<Result<T>> {
    const session = new LazySession(client as SqlTransactionRunner);
    const scope: Scope = { q: session.queryable, open: true };
    const tx = makeRepositories(schema, scope, customFields, (f) => f(session.queryable));
    let result: Result<T>;
    try {
      result = await fn(tx);
    } catch (cause) {
      scope.open = false;
      await session.end(false).catch(() => undefined);
      if (isCrmError(cause)) return err(cause);
      throw cause;
    }
    scope.open = false;
    if (!isResult(result)) {
      await session.end(false).catch(() => undefined);
      throw notAResult();
    }
    if (!result.ok) {
      await session.end(false).catch(() => undefined);
      return result;
    }
    try {
      await session.end(true);
    } catch (cause) {
      return err(isCrmError(cause) ? cause : adapterError('commit', cause));
    }
    return result;
  }

  return Object.freeze({ ...repos, transaction });
}
