/**
 * The read rules every store keeps, in one place: the context check, the id or ids, and the query.
 * The memory store and the PostgreSQL adapter both call {@link checkRead} before they read; so can a
 * third-party adapter, which then refuses exactly what they refuse, with the same errors, as failed
 * `Result`s (a read never rejects for its input).
 *
 * @module
 */
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { CrmError, type CrmIssue } from '../core/errors.js';
import { thrownText } from '../_lib/show.js';
import { isStorableId } from './checkWrite.js';
import { REPOSITORY_KINDS, type RepositoryName, type StoreContext } from './ports.js';
import { validateContext } from './validate.js';
import { validateCountQuery, validateQuery, type NormalizedQuery } from './validateQuery.js';

/**
 * A `get` to check: the store context, the repository and the id (anything: it is checked).
 *
 * @example
 * ```ts
 * const request: GetRequest = { operation: 'get', repository: 'deals', ctx: { tenantId: 'acme' }, id: 'deal-1' };
 * ```
 */
export interface GetRequest {
  readonly operation: 'get';
  readonly repository: RepositoryName;
  readonly ctx: unknown;
  readonly id: unknown;
}

/**
 * A `getMany` to check: the store context, the repository and the ids.
 *
 * @example
 * ```ts
 * const request: GetManyRequest = { operation: 'getMany', repository: 'deals', ctx: { tenantId: 'acme' }, ids: ['d1', 'd2'] };
 * ```
 */
export interface GetManyRequest {
  readonly operation: 'getMany';
  readonly repository: RepositoryName;
  readonly ctx: unknown;
  readonly ids: unknown;
}

/**
 * A `find` to check: the store context, the repository and the query (`undefined` or `null`: none).
 *
 * @example
 * ```ts
 * const request: FindRequest = { operation: 'find', repository: 'deals', ctx: { tenantId: 'acme' }, query: { limit: 10 } };
 * ```
 */
export interface FindRequest {
  readonly operation: 'find';
  readonly repository: RepositoryName;
  readonly ctx: unknown;
  readonly query: unknown;
}

/**
 * A `count` to check: the store context, the repository and the query (`undefined` or `null`: none;
 * a `find` query's sort, page size and cursor are ignored).
 *
 * @example
 * ```ts
 * const request: CountRequest = { operation: 'count', repository: 'deals', ctx: { tenantId: 'acme' }, query: null };
 * ```
 */
export interface CountRequest {
  readonly operation: 'count';
  readonly repository: RepositoryName;
  readonly ctx: unknown;
  readonly query: unknown;
}

/**
 * Any read to check; see {@link checkRead}.
 *
 * @example
 * ```ts
 * const request: ReadRequest = { operation: 'count', repository: 'leads', ctx: { tenantId: 'acme' }, query: {} };
 * ```
 */
export type ReadRequest = GetRequest | GetManyRequest | FindRequest | CountRequest;

/**
 * A checked `get`: a frozen copy of the context, and the id — or `null` when no record can have it
 * (see `isStorableId`: the read then finds nothing, without asking the database).
 *
 * @example
 * ```ts
 * const c: CheckedGet = { operation: 'get', ctx: { tenantId: 'acme' }, id: 'deal-1' };
 * ```
 */
export interface CheckedGet {
  readonly operation: 'get';
  readonly ctx: StoreContext;
  readonly id: string | null;
}

/**
 * A checked `getMany`: a frozen copy of the context, and the ids a record can have, in the order
 * given (repeated ids stay repeated; ids no record can have are left out: they find nothing).
 *
 * @example
 * ```ts
 * const c: CheckedGetMany = { operation: 'getMany', ctx: { tenantId: 'acme' }, ids: ['d2', 'd1'] };
 * ```
 */
export interface CheckedGetMany {
  readonly operation: 'getMany';
  readonly ctx: StoreContext;
  readonly ids: readonly string[];
}

/**
 * A checked `find`: a frozen copy of the context and the validated query (see `validateQuery`).
 *
 * @example
 * ```ts
 * const r = checkRead({ operation: 'find', repository: 'deals', ctx: { tenantId: 'acme' }, query: { limit: 5 } });
 * if (r.ok) r.value.query.limit; //=> 5
 * ```
 */
export interface CheckedFind {
  readonly operation: 'find';
  readonly ctx: StoreContext;
  readonly query: NormalizedQuery;
}

/**
 * A checked `count`: a frozen copy of the context and the validated filter (see `validateCountQuery`).
 *
 * @example
 * ```ts
 * const r = checkRead({ operation: 'count', repository: 'deals', ctx: { tenantId: 'acme' }, query: null });
 * if (r.ok) r.value.query.bound; //=> null
 * ```
 */
export interface CheckedCount {
  readonly operation: 'count';
  readonly ctx: StoreContext;
  readonly query: NormalizedQuery;
}

/** Ids of `getMany` reported one by one, up to this many (past it the error says how many more). */
const MAX_ID_ISSUES = 100;

function isRepositoryName(v: unknown): v is RepositoryName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(REPOSITORY_KINDS, v);
}

/**
 * Checks a read before a store runs it, as every store does:
 * - the context (`validateContext`): an invalid one fails with `validation_failed`;
 * - `get`: the id must be a string (anything else fails with `validation_failed`); a string no
 *   record can have (`isStorableId`: empty, over 200 characters, NUL, a lone surrogate) comes back
 *   as `id: null`, and the read finds nothing;
 * - `getMany`: `ids` must be an array of strings (else `validation_failed`, an issue per bad
 *   element); ids no record can have are left out;
 * - `find`: the query must pass `validateQuery` (`undefined` or `null` mean none); `count`:
 *   `validateCountQuery`.
 *
 * Returns what the store reads with, or `validation_failed` (a store returns it as the read's
 * failed `Result`, having read nothing; an unknown `operation` or `repository` fails the same way).
 * Never throws.
 *
 * @example
 * ```ts
 * checkRead({ operation: 'get', repository: 'deals', ctx: { tenantId: 'acme' }, id: 'deal-1' }).ok; //=> true
 * checkRead({ operation: 'get', repository: 'deals', ctx: { tenantId: '' }, id: 'deal-1' }).ok; //=> false
 * checkRead({ operation: 'get', repository: 'deals', ctx: { tenantId: 'acme' }, id: 10n }).ok; //=> false
 * const r = checkRead({ operation: 'getMany', repository: 'deals', ctx: { tenantId: 'acme' }, ids: ['d1', 'd-\uD800'] });
 * if (r.ok) r.value.ids; //=> ['d1']
 * ```
 */
export function checkRead(request: GetRequest): Result<CheckedGet>;
export function checkRead(request: GetManyRequest): Result<CheckedGetMany>;
export function checkRead(request: FindRequest): Result<CheckedFind>;
export function checkRead(request: CountRequest): Result<CheckedCount>;
export function checkRead(request: ReadRequest): Result<CheckedGet | CheckedGetMany | CheckedFind | CheckedCount>;
export function checkRead(request: ReadRequest): Result<CheckedGet | CheckedGetMany | CheckedFind | CheckedCount> {
  try {
    return check(request);
  } catch (e) {
    // A getter or proxy that throws while the request is read: reported, never passed on.
    if (e instanceof CrmError) return err(e);
    const why = thrownText(e);
    return err(invalidInput('The read request', [crmIssue.of('invalid_type', [], `it could not be read: ${why}`)]));
  }
}

function check(request: ReadRequest): Result<CheckedGet | CheckedGetMany | CheckedFind | CheckedCount> {
  const r = request as unknown as Partial<Record<string, unknown>> | null | undefined;
  const operation = r === null || typeof r !== 'object' ? undefined : r['operation'];
  const repository = r === null || typeof r !== 'object' ? undefined : r['repository'];
  if (operation !== 'get' && operation !== 'getMany' && operation !== 'find' && operation !== 'count')
    return err(
      invalidInput('The read request', [
        crmIssue.invalidValue(['operation'], 'unknown read operation', operation, ['get', 'getMany', 'find', 'count']),
      ]),
    );
  if (!isRepositoryName(repository))
    return err(
      invalidInput('The read request', [
        crmIssue.invalidValue(['repository'], 'unknown repository', repository, Object.keys(REPOSITORY_KINDS)),
      ]),
    );
  const ctx = validateContext(request.ctx);
  if (!ctx.ok) return ctx;
  const kind = REPOSITORY_KINDS[repository];
  switch (request.operation) {
    case 'get': {
      const id = request.id;
      if (typeof id !== 'string')
        return err(invalidInput(`get(ctx, id) of ${kind}`, [crmIssue.invalidType(['id'], 'an id (a string)', id)]));
      return ok(Object.freeze({ operation: 'get', ctx: ctx.value, id: isStorableId(id) ? id : null }));
    }
    case 'getMany': {
      const ids = request.ids;
      if (!Array.isArray(ids))
        return err(
          invalidInput(`getMany(ctx, ids) of ${kind}`, [crmIssue.invalidType(['ids'], 'an array of ids', ids)]),
        );
      const issues: CrmIssue[] = [];
      let bad = 0;
      const out: string[] = [];
      // A plain loop visits holes of a sparse array too (as undefined: not an id).
      for (let i = 0; i < ids.length; i++) {
        const id: unknown = ids[i];
        if (typeof id !== 'string') {
          if (++bad <= MAX_ID_ISSUES) issues.push(crmIssue.invalidType(['ids', i], 'an id (a string)', id));
        } else if (isStorableId(id)) out.push(id);
      }
      if (bad > 0) return err(invalidInput(`getMany(ctx, ids) of ${kind}`, issues, bad));
      return ok(Object.freeze({ operation: 'getMany', ctx: ctx.value, ids: Object.freeze(out) }));
    }
    case 'find': {
      const q = validateQuery(kind, request.query);
      if (!q.ok) return q;
      return ok(Object.freeze({ operation: 'find', ctx: ctx.value, query: q.value }));
    }
    case 'count': {
      const q = validateCountQuery(kind, request.query);
      if (!q.ok) return q;
      return ok(Object.freeze({ operation: 'count', ctx: ctx.value, query: q.value }));
    }
  }
}
