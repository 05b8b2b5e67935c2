/**
 * The PostgreSQL {@link Store}.
 *
 * @module
 */
import {
  checkEventsRead,
  checkRead,
  checkTransaction,
  checkTransactionResult,
  checkWrite,
  checkBulkWrite,
  checkScan,
  checkAggregate,
  createAggregation,
  scanPages,
  bulkConflictError,
  conflictError,
  CrmError,
  encodeCursor,
  ENTITY_PARSERS,
  err,
  isCrmError,
  notFoundError,
  ok,
  queryPredicate,
  readField,
  storedRecordError,
  transactionEndedError,
  validateContext,
  validateEvents,
  type CursorPosition,
  type CustomFieldRegistry,
  type DomainEvent,
  type EntityContext,
  type EventOutbox,
  type EventPage,
  type NormalizedQuery,
  type Page,
  type Query,
  type AggregateRow,
  type RepositoriesWith,
  type StoreWith,
  type ScanOptions,
  type Repositories,
  type Repository,
  type Result,
  type SortValue,
  type StoreContext,
  type StoredEvent,
  type WriteOptions,
  type WorkflowLedger,
  MAX_LIMIT,
  recordEvents,
  systemClock,
  type Clock,
} from '../../repository/index.js';
import { makePostgresLedger } from './ledger.js';

import { runInTransaction, type PostgresClient, type SqlQueryable, type SqlTransactionRunner } from './client.js';
import { encodeJson, hasLoneSurrogate, readJsonColumn } from './codec.js';
import { deepFreeze } from './freeze.js';
import { compileAggregate, compileCount, compileFind, hasExtension } from './compile.js';
import { readAggregateRows } from './aggregate.js';
import { checkSchemaName, type PostgresSchemaOptions } from './migrate.js';
import { columnsOf, qualified, TABLES, type TableSpec } from './tables.js';

/**
 * Options of {@link createPostgresStore}.
 *
 * @example
 * ```ts
 * declare const registry: CustomFieldRegistry; // from defineCustomFields
 * const options: PostgresStoreOptions = { schema: 'crm', customFields: registry };
 * ```
 */
export interface PostgresStoreOptions extends PostgresSchemaOptions {
  /** Custom-field definitions every written entity is validated against (as the memory store does). */
  readonly customFields?: CustomFieldRegistry;
  /**
   * Whether every write appends its record events (`recordEvents` of `crmkit/automation`) to the
   * outbox, in the same database transaction as the write; default `false` (writes append nothing).
   */
  readonly recordEvents?: boolean;
  /** Tells the time of recorded events (their `at`: when the store made the write); default the system clock. */
  readonly clock?: Clock;
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

/** SQLSTATEs of a transaction the database aborted so that another could go on: retrying it may succeed. */
const RETRYABLE = /* @__PURE__ */ new Set(['40001', '40P01']);

/**
 * The error of a failed statement: `conflict` for a serialization failure (40001) or a deadlock
 * (40P01) — the database rolled the transaction back in favour of another, as the memory store
 * reports a concurrent change, so the same retry logic works on every store — and
 * `adapter_failure` for anything else (a dropped connection, a refused statement).
 */
function databaseError(what: string, cause: unknown): CrmError {
  const code = cause !== null && typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && RETRYABLE.has(code)) {
    const reason = code === '40P01' ? 'a deadlock' : 'a serialization failure';
    return new CrmError(
      'conflict',
      `PostgreSQL ${what} failed: ${reason} with a concurrent transaction (${describeCause(cause)}); nothing was written, retry the transaction`,
      { cause },
    );
  }
  return new CrmError('adapter_failure', `PostgreSQL ${what} failed: ${describeCause(cause)}`, { cause });
}

/**
 * Carries an exception thrown by the host's own code — a condition extension's test, evaluated over
 * the candidates a query selected — past the handling of database errors, so that it is re-thrown
 * as it is (as `transaction` re-throws what `fn` throws) instead of being reported as a database
 * failure.
 */
class HostException {
  constructor(readonly cause: unknown) {}
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
  /** `update` that also returns the replaced row's document (a self-join on the row it updates). */
  readonly updateReturningPrevious: string;
  readonly remove: string;
  /** `remove` that also returns the deleted row's document. */
  readonly removeReturning: string;
  readonly version: string;
  /** Inserts the rows of unnest($2 ids, $3… columns) with the version rule of `insert`; returns id and version of those inserted. */
  readonly insertMany: string;
  /** Replaces the rows of unnest($2 ids, $3… columns) (versions decided by the caller, who holds the row locks). */
  readonly updateMany: string;
  /** Locks (FOR UPDATE) and returns the id, key and version (and with `docs` the documents) of the rows whose `key` column is in $2; per key column. */
  lockByKey(key: string, docs?: boolean): string;
  /** Takes a transaction-level advisory lock on each key value of $2 (prefixed by $1), in a fixed order. */
  readonly lockKeys: string;
}

/** Rows per statement of a bulk write. */
const BULK_CHUNK = 2000;

/** A PostgreSQL array literal of text values (`NULL` for null), passed as one `text[]` parameter. */
function arrayLiteral(values: readonly (string | null)[]): string {
  // Joined, not concatenated: a flat string, which the driver measures and copies without first
  // flattening a rope of thousands of pieces. Only values holding `\` or `"` are escaped.
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? 'NULL' : `"${ARRAY_ESCAPED.test(v) ? v.replace(/[\\"]/g, '\\$&') : v}"`;
  }
  return `{${parts.join(',')}}`;
}

/** The characters escaped in an element of an array literal. */
const ARRAY_ESCAPED = /[\\"]/;

/**
 * The statements of one entity table. Versions never repeat for an id: `record_versions` has a row
 * for every id ever inserted, holding the last version of its deleted records (0 when none was
 * deleted). `insert` upserts that row first without changing it — which takes its row lock, so an
 * insert waits for a concurrent delete of the same id and then reads the row as committed — and
 * stores the record at `max(entity.version, last + 1)` (the document's `version` too); `remove`
 * records the deleted version there in the same statement.
 */
function statementsFor(schema: string, spec: TableSpec): Statements {
  const table = qualified(schema, spec.table);
  const versions = qualified(schema, 'record_versions');
  const cols = rowColumns(spec);
  const casts = rowCasts(spec);
  const values = cols.map((_, i) => `$${i + 3}${casts[i]}`);
  const columns = `"doc"::text AS "doc", "custom_fields"::text AS "custom_fields", "custom_sort"::text AS "custom_sort"`;
  const versionParam = `$${cols.length + 3}`;
  const kind = `'${spec.kind}'`; // from the fixed map: letters only
  const insertValues = cols.map((c, i) =>
    c === 'version'
      ? `"v"."version"`
      : c === 'doc'
        ? `jsonb_set(${values[i]}, '{version}', to_jsonb("v"."version"))`
        : values[i],
  );
  // Bulk: one text[] parameter per column ($2 the ids, $3… the columns in rowColumns order).
  const unnestCols = cols.map((_, i) => `"c${i}"`);
  const unnestArgs = ['$2::text[]', ...cols.map((_, i) => `$${i + 3}::text[]`)].join(', ');
  const input = `SELECT * FROM unnest(${unnestArgs}) WITH ORDINALITY AS "u"("id", ${unnestCols.join(', ')}, "ord")`;
  const typed = (i: number): string => `"i"."c${i}"${casts[i]}`;
  const verIdx = cols.indexOf('version');
  const newVersion = `GREATEST(${typed(verIdx)}, "v"."last_version" + 1)`;
  const bulkValues = cols.map((c, i) =>
    c === 'version'
      ? newVersion
      : c === 'doc'
        ? `jsonb_set(${typed(i)}, '{version}', to_jsonb(${newVersion}))`
        : typed(i),
  );
  const keyColumns = new Map(spec.fields.filter((f) => f.type === 'text').map((f) => [f.field, f.column]));
  return {
    insertMany:
      `WITH "i" AS (${input}), ` +
      `"v" AS (INSERT INTO ${versions} AS "rv" ("tenant_id", "kind", "id", "last_version") SELECT $1, ${kind}, "id", 0 FROM "i" ORDER BY "id" ` +
      `ON CONFLICT ("tenant_id", "kind", "id") DO UPDATE SET "last_version" = "rv"."last_version" RETURNING "rv"."id", "rv"."last_version") ` +
      `INSERT INTO ${table} ("tenant_id", "id", ${cols.map((c) => `"${c}"`).join(', ')}) ` +
      `SELECT $1, "i"."id", ${bulkValues.join(', ')} FROM "i" JOIN "v" ON "v"."id" = "i"."id" ORDER BY "i"."ord" ` +
      `ON CONFLICT ("tenant_id", "id") DO NOTHING RETURNING "id", "version"::text AS "version"`,
    updateMany:
      `WITH "i" AS (${input}) UPDATE ${table} AS "t" SET ${cols.map((c, i) => `"${c}" = ${typed(i)}`).join(', ')} ` +
      `FROM "i" WHERE "t"."tenant_id" = $1 AND "t"."id" = "i"."id" RETURNING 1 AS "ok"`,
    lockByKey: (key: string, docs = false) => {
      const column = keyColumns.get(key);
      if (column === undefined) throw new CrmError('validation_failed', `Not a key field of ${spec.kind}: ${key}`);
      const extra = docs ? `, "t"."doc"::text AS "doc", "t"."custom_fields"::text AS "custom_fields"` : '';
      return (
        `SELECT "t"."id", "t"."${column}" AS "key", "t"."version"::text AS "version"${extra} FROM ${table} AS "t" ` +
        `JOIN unnest($2::text[]) AS "k"("v") ON "t"."${column}" = "k"."v" COLLATE "C" ` +
        `WHERE "t"."tenant_id" = $1 ORDER BY "t"."id" FOR UPDATE OF "t"`
      );
    },
    lockKeys:
      `WITH "k" AS (SELECT DISTINCT hashtextextended($1 || '|' || "v", 0) AS "h" FROM unnest($2::text[]) AS "x"("v") ORDER BY 1) ` +
      `SELECT count(pg_advisory_xact_lock("h"))::text AS "n" FROM "k"`,
    select: `SELECT ${columns} FROM ${table} WHERE "tenant_id" = $1 AND "id" = $2`,
    selectMany: `SELECT "id", ${columns} FROM ${table} WHERE "tenant_id" = $1 AND "id" IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    insert:
      `WITH "v" AS (INSERT INTO ${versions} AS "rv" ("tenant_id", "kind", "id", "last_version") VALUES ($1, ${kind}, $2, 0) ` +
      `ON CONFLICT ("tenant_id", "kind", "id") DO UPDATE SET "last_version" = "rv"."last_version" ` +
      `RETURNING GREATEST(${values[cols.indexOf('version')]!}, "rv"."last_version" + 1) AS "version") ` +
      `INSERT INTO ${table} ("tenant_id", "id", ${cols.map((c) => `"${c}"`).join(', ')}) SELECT $1, $2, ${insertValues.join(', ')} FROM "v" ` +
      `ON CONFLICT ("tenant_id", "id") DO NOTHING RETURNING "version"::text AS "version"`,
    update: `UPDATE ${table} SET ${cols.map((c, i) => `"${c}" = ${values[i]}`).join(', ')} WHERE "tenant_id" = $1 AND "id" = $2 AND "version" = ${versionParam}::bigint RETURNING 1 AS "ok"`,
    // The joined "p" is the row as the statement found it: the record before the update (a row
    // changed concurrently has another version, which the version test then refuses).
    updateReturningPrevious:
      `UPDATE ${table} AS "t" SET ${cols.map((c, i) => `"${c}" = ${values[i]}`).join(', ')} FROM ${table} AS "p" ` +
      `WHERE "t"."tenant_id" = $1 AND "t"."id" = $2 AND "t"."version" = ${versionParam}::bigint AND "p"."tenant_id" = $1 AND "p"."id" = $2 ` +
      `RETURNING "p"."doc"::text AS "doc", "p"."custom_fields"::text AS "custom_fields"`,
    removeReturning:
      `WITH "d" AS (DELETE FROM ${table} WHERE "tenant_id" = $1 AND "id" = $2 AND "version" = $3::bigint RETURNING "version", "doc", "custom_fields"), ` +
      `"v" AS (INSERT INTO ${versions} AS "rv" ("tenant_id", "kind", "id", "last_version") SELECT $1, ${kind}, $2, "d"."version" FROM "d" ` +
      `ON CONFLICT ("tenant_id", "kind", "id") DO UPDATE SET "last_version" = GREATEST("rv"."last_version", EXCLUDED."last_version")) ` +
      `SELECT "d"."doc"::text AS "doc", "d"."custom_fields"::text AS "custom_fields" FROM "d"`,
    remove:
      `WITH "d" AS (DELETE FROM ${table} WHERE "tenant_id" = $1 AND "id" = $2 AND "version" = $3::bigint RETURNING "version") ` +
      `INSERT INTO ${versions} AS "rv" ("tenant_id", "kind", "id", "last_version") SELECT $1, ${kind}, $2, "d"."version" FROM "d" ` +
      `ON CONFLICT ("tenant_id", "kind", "id") DO UPDATE SET "last_version" = GREATEST("rv"."last_version", EXCLUDED."last_version") RETURNING 1 AS "ok"`,
    version: `SELECT "version"::text AS "version" FROM ${table} WHERE "tenant_id" = $1 AND "id" = $2`,
  };
}

/** Turns a stored row back into a validated, frozen entity; a row that no longer validates is an adapter failure. */
function fromRow(name: RepoName, row: Record<string, unknown>): AnyEntity {
  const doc = readJsonColumn(row['doc']) as Record<string, unknown>;
  const customFields = readJsonColumn(row['custom_fields']) ?? {};
  const parsed = PARSERS[name]({ ...doc, customFields });
  if (!parsed.ok) throw storedRecordError(name, doc['id'], parsed.error);
  return parsed.value;
}

/** Runs `fn` as one unit: its own transaction outside a store transaction, a savepoint inside one. */
type Atomic = <T>(fn: (q: SqlQueryable) => Promise<Result<T>>) => Promise<Result<T>>;

/** What a store with `recordEvents: true` needs to record the events of writes. */
interface Recording {
  readonly clock: Clock;
  readonly outbox: OutboxStatements;
}

/** A write of a call: the record before (`null` when created) and after (`null` when deleted). */
type WritePair = readonly [AnyEntity | null, AnyEntity | null];

/**
 * A store's entity statements, built once per table on first use: they depend on the schema alone,
 * and building them is most of the CPU time of a short transaction (repositories are made per
 * transaction).
 */
type StatementCache = Map<RepoName, Statements>;

function makeRepository(
  name: RepoName,
  schema: string,
  statements: StatementCache,
  scope: Scope,
  customFields: CustomFieldRegistry | undefined,
  atomic: Atomic,
  recording: Recording | null,
): Repository<never> {
  const spec = TABLES[name];
  const kind = spec.kind;
  const cached = statements.get(name);
  const sql = cached ?? statementsFor(schema, spec);
  if (cached === undefined) statements.set(name, sql);
  const q = scope.q;

  /** Appends the record events of a call's writes on `tq` (the write's own transaction or savepoint). */
  async function appendRecorded(
    tq: SqlQueryable,
    ctx: StoreContext,
    writes: readonly WritePair[],
  ): Promise<Result<void>> {
    if (recording === null) return ok(undefined);
    const at = recording.clock.now();
    const events: DomainEvent[] = [];
    for (const [before, after] of writes) {
      const r = recordEvents(
        kind,
        before as unknown as Record<string, unknown> | null,
        after as unknown as Record<string, unknown> | null,
        { at, by: ctx.actor ?? null, causedBy: ctx.causedBy ?? null },
      );
      if (!r.ok) return r;
      for (const e of r.value) events.push(e);
    }
    for (let i = 0; i < events.length; i += BULK_CHUNK)
      await appendEventRows(tq, recording.outbox, ctx.tenantId, events.slice(i, i + BULK_CHUNK));
    return ok(undefined);
  }

  /** Runs a single write: as it is, or — when events are recorded — atomically with its events. */
  function single<T>(fn: (tq: SqlQueryable) => Promise<Result<T>>): Promise<Result<T>> {
    return recording === null ? fn(q) : atomic(fn);
  }

  /** Runs a read: a failed statement is a failed `Result` (`adapter_failure`, or `conflict` for 40001/40P01). */
  async function read<T>(what: string, run: () => Promise<T>): Promise<Result<T>> {
    try {
      return ok(await run());
    } catch (cause) {
      if (cause instanceof HostException) throw cause.cause;
      if (isCrmError(cause)) return err(cause);
      return err(databaseError(`${what} of ${kind}`, cause));
    }
  }

  async function write<T>(what: string, run: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await run();
    } catch (cause) {
      if (isCrmError(cause)) return err(cause);
      return err(databaseError(`${what} of ${kind}`, cause));
    }
  }

  async function storedVersion(tq: SqlQueryable, tenantId: string, id: string): Promise<number | null> {
    const r = await tq.query(sql.version, [tenantId, id]);
    const row = r.rows[0];
    return row === undefined ? null : Number(row['version']);
  }

  function positionAfter(query: NormalizedQuery, last: AnyEntity, row: Record<string, unknown>): CursorPosition {
    // Structured custom values sort by the JSON text they had when written (kept in custom_sort,
    // since jsonb reorders object keys); the cursor carries that form.
    const sortText = query.orderBy.some((k) => k.type === 'custom')
      ? ((readJsonColumn(row['custom_sort']) ?? {}) as Record<string, string>)
      : {};
    const values: SortValue[] = query.orderBy.map((k) => {
      const v = readField(last, k.field, k.type);
      if (k.type === 'custom' && v !== null && typeof v === 'object' && !(v instanceof Date)) {
        const text = sortText[k.field.slice('customFields.'.length)];
        return text === undefined ? v : { json: JSON.parse(text) as unknown };
      }
      return v;
    });
    return { values, id: last.id };
  }

  function nextCursor(query: NormalizedQuery, last: AnyEntity, row: Record<string, unknown>): string {
    return encodeCursor(query.orderBy, positionAfter(query, last, row));
  }

  /**
   * Rows matching a query whose condition holds extension tests: the SQL selects a superset of the
   * matches (see compileWhere), read in keyset chunks, and the whole condition is evaluated on each
   * record until `want` matches are found or the rows run out.
   */
  async function scanResidual(
    tenantId: string,
    query: NormalizedQuery,
    want: number,
  ): Promise<{ matches: { entity: AnyEntity; row: Record<string, unknown> }[]; exhausted: boolean; scanned: number }> {
    const matches: { entity: AnyEntity; row: Record<string, unknown> }[] = [];
    let residual: (record: object) => boolean;
    try {
      residual = queryPredicate(query);
    } catch (cause) {
      throw isCrmError(cause) ? cause : new HostException(cause);
    }
    let after = query.after;
    let scanned = 0;
    const chunk = MAX_LIMIT;
    for (;;) {
      const stmt = compileFind(schema, spec, tenantId, { ...query, after, limit: chunk });
      const r = await q.query(stmt.text, stmt.params);
      const rows = r.rows.slice(0, chunk);
      for (const row of rows) {
        scanned++;
        const entity = fromRow(name, row);
        let matched: boolean;
        try {
          matched = residual(entity);
        } catch (cause) {
          throw isCrmError(cause) ? cause : new HostException(cause);
        }
        if (!matched) continue;
        matches.push({ entity, row });
        if (matches.length >= want) return { matches, exhausted: false, scanned };
      }
      if (r.rows.length <= chunk || rows.length === 0) return { matches, exhausted: true, scanned };
      const lastRow = rows[rows.length - 1]!;
      after = positionAfter(query, fromRow(name, lastRow), lastRow);
    }
  }

  /** The parameters of a bulk statement over entities: the tenant, the ids, then one array per column. */
  function bulkParams(tenantId: string, list: readonly AnyEntity[]): string[] {
    const columns = rowColumns(spec).map(() => [] as (string | null)[]);
    const ids: string[] = [];
    for (const e of list) {
      ids.push(e.id);
      const values = rowValues(spec, e);
      for (let c = 0; c < values.length; c++) columns[c]!.push(values[c]!);
    }
    return [tenantId, arrayLiteral(ids), ...columns.map(arrayLiteral)];
  }

  /** Inserts a chunk (ids free, checked by the caller's statement): the stored entities, or the conflict at `offset + index`. */
  async function insertChunk(
    tq: SqlQueryable,
    tenantId: string,
    list: readonly AnyEntity[],
    indexes: readonly number[],
  ): Promise<Result<AnyEntity[]>> {
    if (list.length === 0) return ok([]);
    const r = await tq.query(sql.insertMany, bulkParams(tenantId, list));
    const versions = new Map<string, number>();
    for (const row of r.rows) versions.set(String(row['id']), Number(row['version']));
    const out: AnyEntity[] = [];
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      const version = versions.get(e.id);
      if (version === undefined) return err(bulkConflictError(name, indexes[i]!, 'id', e.id));
      out.push(version === e.version ? e : Object.freeze({ ...e, version }));
    }
    return ok(out);
  }

  /** Pages of a scan: keyset statements from the last position read (condition extensions tested on each row). */
  function scanSource(tenantId: string, query: NormalizedQuery, pageSize: number) {
    let after: CursorPosition | null = null;
    let done = false;
    const residual = hasExtension(query.bound);
    return {
      async next(): Promise<Result<readonly AnyEntity[] | null>> {
        if (done) return ok(null);
        if (!scope.open) return err(transactionEndedError());
        return read('scan', async () => {
          if (residual) {
            const { matches, exhausted } = await scanResidual(tenantId, { ...query, after }, pageSize);
            const last = matches[matches.length - 1];
            if (exhausted || last === undefined) done = true;
            else after = positionAfter(query, last.entity, last.row);
            return matches.map((m) => m.entity);
          }
          const stmt = compileFind(schema, spec, tenantId, { ...query, after, limit: pageSize });
          const r = await q.query(stmt.text, stmt.params);
          const rows = r.rows.slice(0, pageSize);
          const items = rows.map((row) => fromRow(name, row));
          if (r.rows.length <= pageSize || items.length === 0) done = true;
          else after = positionAfter(query, items[items.length - 1]!, rows[rows.length - 1]!);
          return items;
        });
      },
    };
  }

  const impl = {
    async aggregate(ctx: StoreContext, query: unknown): Promise<Result<readonly AggregateRow[]>> {
      const checked = checkAggregate({ repository: name, ctx, query });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const a = checked.value;
      const inSql =
        !hasExtension(a.query.bound) && a.measures.every((m) => m.fn !== 'countIf' || !hasExtension(m.query.bound));
      if (!inSql) {
        // Extension tests cannot run in SQL: fold the matching records of a scan (one page in memory).
        const agg = createAggregation(a);
        try {
          for await (const e of impl.scan(a.ctx, { where: a.query.where, context: a.query.context })) agg.add(e);
        } catch (cause) {
          if (isCrmError(cause)) return err(cause);
          throw cause;
        }
        return agg.rows();
      }
      return read('aggregate', async () => {
        const stmt = compileAggregate(schema, spec, a.ctx.tenantId, a);
        const r = await q.query(stmt.text, stmt.params);
        return readAggregateRows(spec, a, r.rows);
      });
    },
    scan(ctx: StoreContext, query?: unknown, options?: ScanOptions | null): AsyncIterable<AnyEntity> {
      return scanPages(`scan of ${kind}`, () => {
        const checked = checkScan({ repository: name, ctx, query, options });
        if (!checked.ok) return checked;
        const { pageSize, signal } = checked.value;
        return ok({ signal, source: scanSource(checked.value.ctx.tenantId, checked.value.query, pageSize) });
      });
    },
    async insertMany(ctx: StoreContext, entities: readonly AnyEntity[]): Promise<Result<readonly AnyEntity[]>> {
      const checked = checkBulkWrite({ operation: 'insertMany', repository: name, ctx, entities, customFields });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const list = checked.value.entities as readonly AnyEntity[];
      if (list.length === 0) return ok(Object.freeze([]));
      const tenantId = checked.value.ctx.tenantId;
      return write('insertMany', () =>
        atomic(async (tq) => {
          const out: AnyEntity[] = [];
          for (let at = 0; at < list.length; at += BULK_CHUNK) {
            const chunk = list.slice(at, at + BULK_CHUNK);
            const r = await insertChunk(
              tq,
              tenantId,
              chunk,
              chunk.map((_, i) => at + i),
            );
            if (!r.ok) return r;
            out.push(...r.value);
          }
          const recorded = await appendRecorded(
            tq,
            checked.value.ctx,
            out.map((e) => [null, e] as const),
          );
          if (!recorded.ok) return recorded;
          return ok(Object.freeze(out));
        }),
      );
    },
    async upsertMany(
      ctx: StoreContext,
      entities: readonly AnyEntity[],
      options: unknown,
    ): Promise<Result<readonly AnyEntity[]>> {
      const checked = checkBulkWrite({
        operation: 'upsertMany',
        repository: name,
        ctx,
        entities,
        options,
        customFields,
      });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const list = checked.value.entities as readonly AnyEntity[];
      if (list.length === 0) return ok(Object.freeze([]));
      const { key, keys } = checked.value;
      const tenantId = checked.value.ctx.tenantId;
      const lockByKey = sql.lockByKey(key, recording !== null);
      return write('upsertMany', () =>
        atomic(async (tq) => {
          const out: AnyEntity[] = new Array<AnyEntity>(list.length);
          // The records the upserts replace, by index (kept only when events are recorded).
          const previous: (AnyEntity | null)[] = new Array<AnyEntity | null>(list.length).fill(null);
          for (let at = 0; at < list.length; at += BULK_CHUNK) {
            const chunk = list.slice(at, at + BULK_CHUNK);
            const chunkKeys = keys.slice(at, at + BULK_CHUNK);
            // Serialise upserts of the same key values: the version rows of the ids (as insert takes
            // them), or advisory locks on the values of another key. Then lock the stored rows.
            if (key === 'id')
              await tq.query(
                `INSERT INTO ${qualified(schema, 'record_versions')} AS "rv" ("tenant_id", "kind", "id", "last_version") ` +
                  `SELECT $1, '${kind}', "v", 0 FROM unnest($2::text[]) AS "x"("v") ORDER BY "v" ` +
                  `ON CONFLICT ("tenant_id", "kind", "id") DO UPDATE SET "last_version" = "rv"."last_version"`,
                [tenantId, arrayLiteral(chunkKeys)],
              );
            else await tq.query(sql.lockKeys, [`${schema}|${kind}|${key}|${tenantId}`, arrayLiteral(chunkKeys)]);
            const lockedRows = (await tq.query(lockByKey, [tenantId, arrayLiteral(chunkKeys)])).rows;
            const stored = new Map<string, { id: string; version: number; row: Record<string, unknown> }[]>();
            for (const row of lockedRows) {
              const k = String(row['key']);
              const found = stored.get(k) ?? [];
              found.push({ id: String(row['id']), version: Number(row['version']), row });
              stored.set(k, found);
            }
            const updates: AnyEntity[] = [];
            const inserts: AnyEntity[] = [];
            const insertAt: number[] = [];
            for (let i = 0; i < chunk.length; i++) {
              const found = stored.get(chunkKeys[i]!) ?? [];
              if (found.length > 1) return err(bulkConflictError(name, at + i, key, chunkKeys[i]!));
              const current = found[0];
              if (current === undefined) {
                inserts.push(chunk[i]!);
                insertAt.push(at + i);
                continue;
              }
              const next = Object.freeze({ ...chunk[i]!, id: current.id, version: current.version + 1 });
              updates.push(next);
              out[at + i] = next;
              if (recording !== null) previous[at + i] = fromRow(name, current.row);
            }
            if (updates.length > 0) await tq.query(sql.updateMany, bulkParams(tenantId, updates));
            const inserted = await insertChunk(tq, tenantId, inserts, insertAt);
            if (!inserted.ok) return inserted;
            inserted.value.forEach((e, j) => (out[insertAt[j]!] = e));
          }
          const recorded = await appendRecorded(
            tq,
            checked.value.ctx,
            out.map((e, i) => [previous[i]!, e] as const),
          );
          if (!recorded.ok) return recorded;
          return ok(Object.freeze(out));
        }),
      );
    },
    async get(ctx: StoreContext, id: string): Promise<Result<AnyEntity | null>> {
      const checked = checkRead({ operation: 'get', repository: name, ctx, id });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const wanted = checked.value.id;
      if (wanted === null) return ok(null);
      const { tenantId } = checked.value.ctx;
      return read('get', async () => {
        const r = await q.query(sql.select, [tenantId, wanted]);
        const row = r.rows[0];
        return row === undefined ? null : fromRow(name, row);
      });
    },
    async getMany(ctx: StoreContext, ids: readonly string[]): Promise<Result<readonly AnyEntity[]>> {
      const checked = checkRead({ operation: 'getMany', repository: name, ctx, ids });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const wanted = checked.value.ids;
      if (wanted.length === 0) return ok(Object.freeze([]));
      const { tenantId } = checked.value.ctx;
      return read('getMany', async () => {
        const r = await q.query(sql.selectMany, [tenantId, JSON.stringify([...new Set(wanted)])]);
        const byId = new Map<string, AnyEntity>();
        for (const row of r.rows) byId.set(String(row['id']), fromRow(name, row));
        const out: AnyEntity[] = [];
        for (const id of wanted) {
          const e = byId.get(id);
          if (e !== undefined) out.push(e);
        }
        return Object.freeze(out);
      });
    },
    async find(ctx: StoreContext, query?: Query<never>): Promise<Result<Page<AnyEntity>>> {
      const checked = checkRead({ operation: 'find', repository: name, ctx, query });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const c = checked.value.ctx;
      const normalized = checked.value.query;
      return read('find', async () => {
        if (hasExtension(normalized.bound)) {
          const { matches } = await scanResidual(c.tenantId, normalized, normalized.limit + 1);
          const page = matches.slice(0, normalized.limit);
          const items = page.map((m) => m.entity);
          const last = page[page.length - 1];
          const next =
            matches.length > normalized.limit && last !== undefined
              ? nextCursor(normalized, last.entity, last.row)
              : null;
          return Object.freeze({ items: Object.freeze(items), nextCursor: next });
        }
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
    async count(ctx: StoreContext, query?: Pick<Query<never>, 'where' | 'context'>): Promise<Result<number>> {
      const checked = checkRead({ operation: 'count', repository: name, ctx, query });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const c = checked.value.ctx;
      const normalized = checked.value.query;
      return read('count', async () => {
        if (hasExtension(normalized.bound)) {
          const { matches } = await scanResidual(c.tenantId, normalized, Infinity);
          return matches.length;
        }
        const stmt = compileCount(schema, spec, c.tenantId, normalized.bound);
        const r = await q.query(stmt.text, stmt.params);
        return Number(r.rows[0]?.['n'] ?? 0);
      });
    },
    async insert(ctx: StoreContext, entity: AnyEntity): Promise<Result<AnyEntity>> {
      const checked = checkWrite({ operation: 'insert', repository: name, ctx, entity, customFields });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const e = checked.value.entity as AnyEntity;
      return write('insert', () =>
        single(async (tq) => {
          const r = await tq.query(sql.insert, [checked.value.ctx.tenantId, e.id, ...rowValues(spec, e)]);
          const row = r.rows[0];
          if (row === undefined) return err(conflictError(name, e.id));
          // Stored above the last version of a deleted record with this id, when there was one.
          const version = Number(row['version']);
          const stored = version === e.version ? e : Object.freeze({ ...e, version });
          const recorded = await appendRecorded(tq, checked.value.ctx, [[null, stored]]);
          return recorded.ok ? ok(stored) : recorded;
        }),
      );
    },
    async update(ctx: StoreContext, entity: AnyEntity, options: WriteOptions): Promise<Result<AnyEntity>> {
      const checked = checkWrite({ operation: 'update', repository: name, ctx, entity, options, customFields });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const next = checked.value.entity as AnyEntity;
      const { expectedVersion } = checked.value;
      const tenantId = checked.value.ctx.tenantId;
      return write('update', () =>
        single(async (tq) => {
          const params = [tenantId, next.id, ...rowValues(spec, next), String(expectedVersion)];
          const r = await tq.query(recording === null ? sql.update : sql.updateReturningPrevious, params);
          const row = r.rows[0];
          if (row !== undefined) {
            const recorded =
              recording === null
                ? ok(undefined)
                : await appendRecorded(tq, checked.value.ctx, [[fromRow(name, row), next]]);
            return recorded.ok ? ok(next) : recorded;
          }
          const stored = await storedVersion(tq, tenantId, next.id);
          return err(
            stored === null
              ? notFoundError(name, next.id)
              : conflictError(name, next.id, { stored, expected: expectedVersion }),
          );
        }),
      );
    },
    async delete(ctx: StoreContext, id: string, options: WriteOptions): Promise<Result<void>> {
      const checked = checkWrite({ operation: 'delete', repository: name, ctx, id, options });
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const { expectedVersion } = checked.value;
      const tenantId = checked.value.ctx.tenantId;
      return write('delete', () =>
        single(async (tq) => {
          const r = await tq.query(recording === null ? sql.remove : sql.removeReturning, [
            tenantId,
            checked.value.id,
            String(expectedVersion),
          ]);
          const row = r.rows[0];
          if (row !== undefined)
            return recording === null
              ? ok(undefined)
              : appendRecorded(tq, checked.value.ctx, [[fromRow(name, row), null]]);
          const stored = await storedVersion(tq, tenantId, checked.value.id);
          return err(
            stored === null
              ? notFoundError(name, checked.value.id)
              : conflictError(name, checked.value.id, { stored, expected: expectedVersion }),
          );
        }),
      );
    },
  };
  return Object.freeze(impl) as unknown as Repository<never>;
}

/** The outbox statements of a schema. */
interface OutboxStatements {
  readonly reserve: string;
  readonly insert: string;
  readonly select: string;
}

function outboxStatements(schema: string): OutboxStatements {
  const sequences = qualified(schema, 'outbox_sequences');
  const events = qualified(schema, 'outbox_events');
  // Taking the next numbers locks the tenant's counter row until commit, so sequences are gapless
  // and increase in commit order: a reader that has seen N never misses a later-committed N - 1.
  // `select` orders by the table's column ("o"."sequence"): the bare name would be the text output
  // column, which sorts 10 before 9.
  return {
    reserve: `INSERT INTO ${sequences} ("tenant_id", "last_sequence") VALUES ($1, $2::bigint) ON CONFLICT ("tenant_id") DO UPDATE SET "last_sequence" = ${sequences}."last_sequence" + EXCLUDED."last_sequence" RETURNING "last_sequence"::text AS "last"`,
    insert: `INSERT INTO ${events} ("tenant_id", "sequence", "event_id", "type", "at", "by", "aggregate_kind", "aggregate_id", "payload") SELECT $1, (e->>'sequence')::bigint, e->>'id', e->>'type', (e->>'at')::bigint, e->>'by', e->>'kind', e->>'aggregateId', e->'payload' FROM jsonb_array_elements($2::jsonb) AS e`,
    select: `SELECT "sequence"::text AS "sequence", "event_id", "type", "at"::text AS "at", "by", "aggregate_kind", "aggregate_id", "payload"::text AS "payload" FROM ${events} AS "o" WHERE "o"."tenant_id" = $1 AND "o"."sequence" > $2::bigint ORDER BY "o"."sequence" LIMIT $3::integer`,
  };
}

/** Appends validated events on `q` (which must be a transaction: the counter and the rows go together). */
async function appendEventRows(
  q: SqlQueryable,
  sql: OutboxStatements,
  tenantId: string,
  evs: readonly DomainEvent[],
): Promise<StoredEvent[]> {
  if (evs.length === 0) return [];
  const r = await q.query(sql.reserve, [tenantId, String(evs.length)]);
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
  await q.query(sql.insert, [tenantId, JSON.stringify(rows)]);
  return stored;
}

function makeOutbox(
  schema: string,
  scope: Scope,
  inTransaction: (
    fn: (q: SqlQueryable) => Promise<Result<readonly StoredEvent[]>>,
  ) => Promise<Result<readonly StoredEvent[]>>,
): EventOutbox {
  const statements = outboxStatements(schema);
  const { select } = statements;

  return Object.freeze({
    async append(ctx: StoreContext, list: readonly DomainEvent[]): Promise<Result<readonly StoredEvent[]>> {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      const checked = validateEvents(list);
      if (!checked.ok) return checked;
      if (!scope.open) return err(transactionEndedError());
      const evs = checked.value;
      if (evs.length === 0) return ok(Object.freeze([]));
      const tenantId = c.value.tenantId;
      try {
        return await inTransaction(async (q) => ok(Object.freeze(await appendEventRows(q, statements, tenantId, evs))));
      } catch (cause) {
        if (isCrmError(cause)) return err(cause);
        return err(databaseError('append to the outbox', cause));
      }
    },
    async read(
      ctx: StoreContext,
      options?: { readonly after?: number; readonly limit?: number },
    ): Promise<Result<EventPage>> {
      const c = validateContext(ctx);
      if (!c.ok) return c;
      const o = checkEventsRead(options);
      if (!o.ok) return o;
      if (!scope.open) return err(transactionEndedError());
      const { after, limit } = o.value;
      let rows: readonly Record<string, unknown>[];
      try {
        rows = (await scope.q.query(select, [c.value.tenantId, String(after), String(limit)])).rows;
      } catch (cause) {
        return err(databaseError('reading the outbox', cause));
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
      return ok(
        Object.freeze({
          items: Object.freeze(items),
          lastSequence: items.length === 0 ? after : items[items.length - 1]!.sequence,
        }),
      );
    },
  });
}

function makeRepositories(
  schema: string,
  statements: StatementCache,
  scope: Scope,
  customFields: CustomFieldRegistry | undefined,
  inTransaction: (
    fn: (q: SqlQueryable) => Promise<Result<readonly StoredEvent[]>>,
  ) => Promise<Result<readonly StoredEvent[]>>,
  atomic: Atomic,
  recording: Recording | null,
  transactional: boolean,
): LedgerRepositories {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(TABLES) as RepoName[])
    out[name] = makeRepository(name, schema, statements, scope, customFields, atomic, recording);
  out['events'] = makeOutbox(schema, scope, inTransaction);
  out['ledger'] = makePostgresLedger(schema, scope, transactional, databaseError);
  return Object.freeze(out) as unknown as LedgerRepositories;
}

type LedgerRepositories = RepositoriesWith<'bulk' | 'aggregate'> & { readonly ledger: WorkflowLedger };

/**
 * What {@link createPostgresStore} returns: a `BulkStore` whose `ledger` (and `tx.ledger` inside
 * `transaction`) is the workflow runner's bookkeeping, committed with the store's writes.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const store: PostgresStore = createPostgresStore(new PGlite());
 * ```
 */
export interface PostgresStore extends StoreWith<'bulk' | 'aggregate'> {
  /** The workflow ledger (migration 6), each call its own statement. */
  readonly ledger: WorkflowLedger;
  /** Runs `fn` in one database transaction, its ledger included: everything persists at once, or nothing does. */
  transaction<T>(
    ctx: StoreContext,
    fn: (tx: RepositoriesWith<'bulk' | 'aggregate'> & { readonly ledger: WorkflowLedger }) => Promise<Result<T>>,
  ): Promise<Result<T>>;
}

/** A bulk write's own transaction on the client: committed when `fn` succeeds, rolled back otherwise. */
function ownTransaction(client: PostgresClient): Atomic {
  return async <T>(fn: (q: SqlQueryable) => Promise<Result<T>>): Promise<Result<T>> => {
    try {
      return await runInTransaction(client, async (tq) => {
        const r = await fn(tq);
        if (!r.ok) throw new Rollback(r);
        return r;
      });
    } catch (caught) {
      if (caught instanceof Rollback) return caught.result as Result<T>;
      throw caught;
    }
  };
}

/** A bulk write inside a store transaction: a savepoint, released when `fn` succeeds, rolled back to otherwise. */
function savepoint(q: SqlQueryable): Atomic {
  return async <T>(fn: (tq: SqlQueryable) => Promise<Result<T>>): Promise<Result<T>> => {
    await q.query('SAVEPOINT "crmkit_bulk"');
    let r: Result<T>;
    try {
      r = await fn(q);
    } catch (cause) {
      await q.query('ROLLBACK TO SAVEPOINT "crmkit_bulk"').catch(() => undefined);
      throw cause;
    }
    await q.query(r.ok ? 'RELEASE SAVEPOINT "crmkit_bulk"' : 'ROLLBACK TO SAVEPOINT "crmkit_bulk"');
    return r;
  };
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
 * Creates a `Store` (crmkit/repository) on PostgreSQL through a structural client: a `pg.Pool`, a PGlite
 * instance, or one connection wrapped with {@link singleConnection}. Run {@link migratePostgres}
 * on the same schema first.
 *
 * Behaves as the memory store does (the contract suite `crmkit/testing` checks it):
 * - every statement is parameterised; identifiers come from a fixed map of tables and columns
 *   (and the validated schema name), never from input;
 * - every write is checked with the shared rules of `crmkit/repository` (`checkWrite`: context,
 *   `parse*` validation, version rule), every read with `checkRead` (context, id or ids, query), and
 *   every read row is validated again (a stored row that no longer validates gives
 *   `adapter_failure`); NUL characters, which PostgreSQL text cannot
 *   hold, fail with `validation_failed` in every store; tenant ids, ids, references and object keys
 *   with a lone UTF-16 surrogate too (PostgreSQL would store it as U+FFFD, merging distinct keys);
 *   other strings with lone surrogates are kept exactly in the document (escaped);
 * - `update` and `delete` check the version in the statement (`… WHERE version = $n`), so of N
 *   concurrent writers at the same version exactly one wins and the others get `conflict`; versions
 *   never repeat for an id (`record_versions`): a record re-inserted after a delete is stored above
 *   the deleted one's last version;
 * - a deadlock or serialization failure (SQLSTATE 40P01, 40001) gives `conflict`, as a concurrent
 *   change does in the memory store, so retry logic works alike; other database errors, a dropped
 *   connection included, give `adapter_failure` (on a pool the adapter listens for the checked-out
 *   connection's `'error'` event, so a backend killed mid-transaction never ends the process);
 * - records of another tenant are invisible: every statement is scoped by `tenant_id`;
 * - Money round-trips exactly (decimal strings in the document, `numeric` columns for queries), as
 *   do instants (epoch milliseconds);
 * - `transaction(ctx, fn)` runs `fn` in one database transaction: a failed `Result` or an exception
 *   rolls everything back (outbox events included); a thrown `CrmError` comes back as its `Result`,
 *   any other exception is re-thrown; an `fn` that is not a function, or that resolves to something
 *   other than a `Result`, gives `validation_failed`;
 * - queries compile to SQL with the evaluator's semantics (see `validateQuery`), and cursors are the
 *   same opaque keyset cursors the memory store makes;
 * - with `recordEvents: true` every write appends its record events (`recordEvents` of
 *   `crmkit/automation`) to the outbox in the write's database transaction (a single write then runs
 *   in its own transaction, or a savepoint inside `transaction`), bulk writes one set per row.
 *
 * Every read and write answers with a `Result`, never a rejected promise: `validation_failed` for an
 * invalid context, id, query or options, `adapter_failure` when the database fails (the driver's
 * error as `cause`), `aborted` for a transactional store used after its transaction ended. Two
 * exceptions are re-thrown as they are: what `transaction`'s `fn` throws (other than a `CrmError`),
 * and what a condition extension's own test throws (other than a `CrmError`) while `find` or
 * `count` evaluates it over the candidate rows.
 *
 * On a single-connection client (PGlite, {@link singleConnection}) operations outside a transaction
 * wait until an open transaction ends: inside `fn`, use the transactional store `fn` receives, never
 * the outer store (that would wait for itself).
 *
 * @throws {CrmError} `validation_failed` for an invalid schema name or a client without `query()`.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * declare const deal: Deal;
 * const db = new PGlite();
 * unwrap(await migratePostgres(db));
 * const store = createPostgresStore(db); // instead of createMemoryStore()
 * const ctx = { tenantId: 'acme' };
 * unwrap(await store.deals.insert(ctx, deal));
 * const r = await store.deals.get(ctx, deal.id); // a Result, as every read and write
 * if (r.ok) r.value?.name; // the deal's name
 * ```
 */
export function createPostgresStore(client: PostgresClient, options: PostgresStoreOptions = {}): PostgresStore {
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
  const recording: Recording | null =
    options.recordEvents === true ? { clock: options.clock ?? systemClock(), outbox: outboxStatements(schema) } : null;
  const statements: StatementCache = new Map();
  const repos = makeRepositories(
    schema,
    statements,
    rootScope,
    customFields,
    standalone,
    ownTransaction(client),
    recording,
    false,
  );

  const singleSession = typeof (client as Partial<SqlTransactionRunner>).transaction === 'function';

  async function transaction<T>(
    ctx: StoreContext,
    fn: (tx: LedgerRepositories) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const checked = checkTransaction(ctx, fn);
    if (!checked.ok) return checked;
    return singleSession ? lazyTransaction(fn) : poolTransaction(fn);
  }

  /** On a pool: BEGIN on a checked-out connection, run fn, COMMIT or ROLLBACK. */
  async function poolTransaction<T>(fn: (tx: LedgerRepositories) => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await runInTransaction(client, async (q) => {
        const scope: Scope = { q, open: true };
        // Inside a transaction, appending events runs on the transaction itself.
        const tx = makeRepositories(
          schema,
          statements,
          scope,
          customFields,
          (f) => f(q),
          savepoint(q),
          recording,
          true,
        );
        let result: Result<T>;
        try {
          result = checkTransactionResult<T>(await fn(tx));
        } catch (cause) {
          throw new Thrown(cause);
        } finally {
          scope.open = false;
        }
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
      return err(databaseError('transaction', caught));
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
  async function lazyTransaction<T>(fn: (tx: LedgerRepositories) => Promise<Result<T>>): Promise<Result<T>> {
    const session = new LazySession(client as SqlTransactionRunner);
    const scope: Scope = { q: session.queryable, open: true };
    const tx = makeRepositories(
      schema,
      statements,
      scope,
      customFields,
      (f) => f(session.queryable),
      savepoint(session.queryable),
      recording,
      true,
    );
    let result: Result<T>;
    try {
      result = checkTransactionResult<T>(await fn(tx));
    } catch (cause) {
      scope.open = false;
      await session.end(false).catch(() => undefined);
      if (isCrmError(cause)) return err(cause);
      throw cause;
    }
    scope.open = false;
    if (!result.ok) {
      await session.end(false).catch(() => undefined);
      return result;
    }
    try {
      await session.end(true);
    } catch (cause) {
      return err(isCrmError(cause) ? cause : databaseError('commit', cause));
    }
    return result;
  }

  return Object.freeze({ ...repos, transaction });
}
