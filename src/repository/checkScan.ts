/**
 * The checks of a `scan` before a store reads: the context, the query (a `find` query without
 * `limit` or `cursor`) and the options (`pageSize`, `signal`).
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { thrownText } from '../_lib/show.js';
import { checkRead } from './checkRead.js';
import type { RepositoryName, StoreContext } from './ports.js';
import { MAX_LIMIT } from './query.js';
import type { NormalizedQuery } from './validateQuery.js';

/**
 * A `scan` to check: the repository, and the context, query and options as given (anything: they are
 * checked).
 *
 * @example
 * ```ts
 * const request: ScanRequest = { repository: 'deals', ctx: { tenantId: 'acme' }, query: null, options: { pageSize: 500 } };
 * ```
 */
export interface ScanRequest {
  /** The repository scanned. */
  readonly repository: RepositoryName;
  /** The store context. */
  readonly ctx: unknown;
  /** The scan query (`undefined` or `null`: every record, by id). */
  readonly query: unknown;
  /** The scan options (`undefined` or `null`: none). */
  readonly options: unknown;
}

/**
 * A checked `scan`: a frozen copy of the context, the validated query (its `limit` is the page size,
 * its `after` null), the page size and the signal (`null` when none).
 *
 * @example
 * ```ts
 * const r = checkScan({ repository: 'deals', ctx: { tenantId: 'acme' }, query: null, options: { pageSize: 200 } });
 * if (r.ok) r.value.pageSize; //=> 200
 * ```
 */
export interface CheckedScan {
  /** The checked context (a frozen copy). */
  readonly ctx: StoreContext;
  /** The validated query of the first page. */
  readonly query: NormalizedQuery;
  /** Records per page. */
  readonly pageSize: number;
  /** The signal that ends the scan, or `null`. */
  readonly signal: AbortSignal | null;
}

/** The keys a scan query may have. */
const SCAN_QUERY_KEYS = ['where', 'context', 'orderBy'] as const;
/** The keys of the scan options. */
const SCAN_OPTION_KEYS = ['pageSize', 'signal'] as const;

/** Whether `v` is an AbortSignal (of this realm, or one that looks like it). */
function isSignal(v: unknown): v is AbortSignal {
  if (typeof AbortSignal === 'function' && v instanceof AbortSignal) return true;
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { aborted?: unknown }).aborted === 'boolean' &&
    typeof (v as { addEventListener?: unknown }).addEventListener === 'function' &&
    typeof (v as { removeEventListener?: unknown }).removeEventListener === 'function'
  );
}

/** The own enumerable keys of a plain object, read once (a getter is not called twice). */
function copyKeys(v: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v))
    Object.defineProperty(out, k, {
      value: (v as Record<string, unknown>)[k],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/**
 * The scan options, checked: `pageSize` an integer from 1 to `MAX_LIMIT` (default `MAX_LIMIT`),
 * `signal` an `AbortSignal`; unknown keys refused; `undefined` or `null` mean none. Never throws.
 *
 * @example
 * ```ts
 * const r = checkScanOptions({ pageSize: 250 });
 * if (r.ok) r.value.pageSize; //=> 250
 * checkScanOptions({ limit: 10 }).ok; //=> false
 * ```
 */
export function checkScanOptions(options: unknown): Result<{ pageSize: number; signal: AbortSignal | null }> {
  return guard('The scan options', () => {
    const issues: CrmIssue[] = checkOptionKeys(options, SCAN_OPTION_KEYS, ['options']);
    if (issues.length > 0) return err(invalidInput('The scan options', issues));
    const o = options === undefined || options === null ? {} : copyKeys(options as object);
    const pageSize = o['pageSize'] ?? MAX_LIMIT;
    if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_LIMIT)
      issues.push(crmIssue.invalidType(['options', 'pageSize'], `an integer from 1 to ${MAX_LIMIT}`, pageSize));
    const signal = o['signal'] ?? null;
    if (signal !== null && !isSignal(signal))
      issues.push(crmIssue.invalidType(['options', 'signal'], 'an AbortSignal', signal));
    if (issues.length > 0) return err(invalidInput('The scan options', issues));
    return ok({ pageSize: pageSize as number, signal: signal as AbortSignal | null });
  });
}

/**
 * A scan query, checked for its keys (`where`, `context`, `orderBy`: a scan has no `limit` or
 * `cursor`) and copied once; `undefined` or `null` mean none. Its content is checked by the store's
 * `find` (or `validateQuery`). Never throws.
 *
 * @example
 * ```ts
 * checkScanQuery({ where: { field: 'stageId', op: 'eq', value: 'won' } }).ok; //=> true
 * checkScanQuery({ cursor: 'abc' }).ok; //=> false
 * ```
 */
export function checkScanQuery(query: unknown): Result<Record<string, unknown>> {
  return guard('The scan query', () => {
    if (query === undefined || query === null) return ok({});
    if (typeof query !== 'object' || Array.isArray(query))
      return err(
        invalidInput('The scan query', [crmIssue.invalidType(['query'], 'a query { where, context, orderBy }', query)]),
      );
    const issues = checkOptionKeys(query, SCAN_QUERY_KEYS, ['query']);
    if (issues.length > 0)
      return err(
        invalidInput('The scan query (a scan reads every page: set the page size with options.pageSize)', issues),
      );
    return ok(copyKeys(query));
  });
}

function guard<T>(what: string, run: () => Result<T>): Result<T> {
  try {
    return run();
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    return err(invalidInput(what, [crmIssue.of('invalid_type', [], `it could not be read: ${thrownText(e)}`)]));
  }
}

/**
 * Checks a `scan` before a store reads, as both built-in stores do: the context (`validateContext`),
 * the query (`where`, `context` and `orderBy` of a `find` query, checked by `validateQuery`; a `limit`
 * or `cursor` is refused, naming the allowed keys) and the options (`pageSize` from 1 to `MAX_LIMIT`,
 * default `MAX_LIMIT`; `signal` an `AbortSignal`; unknown keys refused). `undefined` or `null` query
 * and options mean none. Returns what the store scans with, or `validation_failed` (the scan's
 * iterator then rejects with it, having read nothing). Never throws.
 *
 * @example
 * ```ts
 * checkScan({ repository: 'deals', ctx: { tenantId: 'acme' }, query: { orderBy: [{ field: 'name' }] }, options: null }).ok; //=> true
 * checkScan({ repository: 'deals', ctx: { tenantId: 'acme' }, query: { limit: 10 }, options: null }).ok; //=> false
 * checkScan({ repository: 'deals', ctx: { tenantId: 'acme' }, query: null, options: { pageSize: 0 } }).ok; //=> false
 * ```
 */
export function checkScan(request: ScanRequest): Result<CheckedScan> {
  return guard('The scan request', () => {
    const r = request as unknown as Record<string, unknown> | null;
    if (r === null || typeof r !== 'object')
      return err(invalidInput('The scan request', [crmIssue.invalidType([], 'a scan request', request)]));
    const options = checkScanOptions(r['options']);
    if (!options.ok) return options;
    const query = checkScanQuery(r['query']);
    if (!query.ok) return query;
    const checked = checkRead({
      operation: 'find',
      repository: r['repository'] as RepositoryName,
      ctx: r['ctx'],
      query: { ...query.value, limit: options.value.pageSize },
    });
    if (!checked.ok) return checked;
    return ok(
      Object.freeze({
        ctx: checked.value.ctx,
        query: checked.value.query,
        pageSize: options.value.pageSize,
        signal: options.value.signal,
      }),
    );
  });
}
