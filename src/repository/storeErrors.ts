/**
 * The errors every store gives for the same situations, with one wording: a missing record, a taken
 * id or a stale version, a transactional store used after its transaction ended, a stored record
 * that no longer validates. Adapters build their errors here so that every store answers alike.
 *
 * @module
 */
import { CrmError, type PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';
import { REPOSITORY_KINDS, type RepositoryName } from './ports.js';

/** The entity kind a repository holds. @throws CrmError when `repository` is not a repository name. */
function kindOf(repository: unknown, fn: string): string {
  if (typeof repository === 'string' && Object.prototype.hasOwnProperty.call(REPOSITORY_KINDS, repository))
    return REPOSITORY_KINDS[repository as RepositoryName];
  throw new CrmError('validation_failed', `${fn}: unknown repository ${quoteValue(repository)}`, {
    issues: [crmIssue.invalidValue(['repository'], 'a repository name', repository, Object.keys(REPOSITORY_KINDS))],
  });
}

function isVersion(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * The `not_found` error of a write (or a use case) naming a record that does not exist in the
 * tenant. The id is printed with a bounded printer, so any value (a bigint, a huge string) is safe.
 *
 * It builds the error (return it in a Result); any id is safe.
 *
 * @throws CrmError `validation_failed` when `repository` is not a repository name or `path` is not a
 * path (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * notFoundError('deals', 'deal-1').message; //=> 'No deal with id "deal-1" in this tenant'
 * notFoundError('leads', 'l-9', ['leadId']).issues[0]?.path; //=> ['leadId']
 * ```
 */
export function notFoundError(
  repository: RepositoryName,
  id: unknown,
  path: readonly PathSegment[] = ['id'],
): CrmError {
  const kind = kindOf(repository, 'notFoundError');
  return new CrmError('not_found', `No ${kind} with id ${quoteValue(id)} in this tenant`, {
    issues: [{ path: path ?? ['id'], message: `no ${kind} with this id`, code: 'not_found' }],
  });
}

/**
 * The `conflict` error of a write: without `versions`, the id is already taken in the tenant
 * (`insert`; issue code `duplicate`); with `versions`, the record is stored at another version than
 * the one expected (`update`, `delete`; issue code `stale_version`).
 *
 * It builds the error (return it in a Result); any id is safe.
 *
 * @throws CrmError `validation_failed` when `repository` is not a repository name or `versions` is not
 * two integers ≥ 0 (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * conflictError('deals', 'deal-1').issues[0]?.code; //=> 'duplicate'
 * conflictError('deals', 'deal-1', { stored: 3, expected: 2 }).issues[0]?.code; //=> 'stale_version'
 * ```
 */
export function conflictError(
  repository: RepositoryName,
  id: string,
  versions?: { readonly stored: number; readonly expected: number },
): CrmError {
  const kind = kindOf(repository, 'conflictError');
  if (versions === undefined || versions === null)
    return new CrmError('conflict', `A ${kind} with id ${quoteValue(id)} already exists in this tenant`, {
      issues: [{ path: ['id'], message: 'id already taken', code: 'duplicate' }],
    });
  const { stored, expected } = versions as { stored?: unknown; expected?: unknown };
  if (!isVersion(stored) || !isVersion(expected))
    throw new CrmError(
      'validation_failed',
      `conflictError: versions are { stored, expected }, two integers ≥ 0; received ${quoteValue(versions)}`,
      {
        issues: [crmIssue.invalidType(['versions'], '{ stored, expected }: two integers ≥ 0', versions)],
      },
    );
  return new CrmError(
    'conflict',
    `The ${kind} ${quoteValue(id)} is at version ${stored}, not the expected ${expected}: it was changed meanwhile; reload and retry`,
    { issues: [{ path: ['version'], message: `stored version is ${stored}`, code: 'stale_version' }] },
  );
}

/**
 * The `aborted` error a transactional store throws when it is used after its transaction ended.
 *
 * Never throws. It builds the error; return it in a Result.
 *
 * @example
 * ```ts
 * transactionEndedError().code; //=> 'aborted'
 * ```
 */
export function transactionEndedError(): CrmError {
  return new CrmError('aborted', 'This transaction has ended; use the store passed to a new transaction');
}

/**
 * The `adapter_failure` error of a read whose stored record no longer passes its entity's `parse*`
 * function (the data was changed outside crmkit, or by an incompatible version).
 *
 * It builds the error (return it in a Result); any id is safe.
 *
 * @throws CrmError `validation_failed` when `repository` is not a repository name or `cause` is not a
 * `CrmError` (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * const parsed = parseDeal({ id: 'deal-1', name: '' }); // a row changed outside crmkit
 * if (!parsed.ok) storedRecordError('deals', 'deal-1', parsed.error).code; //=> 'adapter_failure'
 * ```
 */
export function storedRecordError(repository: RepositoryName, id: unknown, cause: CrmError): CrmError {
  const kind = kindOf(repository, 'storedRecordError');
  if (!(cause instanceof CrmError))
    throw new CrmError(
      'validation_failed',
      `storedRecordError: the cause is the CrmError of parse*; received ${quoteValue(cause)}`,
      {
        issues: [crmIssue.invalidType(['cause'], 'a CrmError', cause)],
      },
    );
  return new CrmError('adapter_failure', `A stored ${kind} (${quoteValue(id)}) no longer validates: ${cause.message}`, {
    issues: cause.issues,
    cause,
  });
}

/**
 * The error of a bulk write that met a stored record it may not write over: `conflict`, its issue at
 * `[index, field]` — an id taken (`insertMany`: `field` is `'id'`) or a key value two stored records
 * share (`upsertMany`: `field` is the key). Nothing of the call is written.
 *
 * @throws CrmError `validation_failed` when `repository` is not a repository name or `index` not an
 * integer ≥ 0 (a call no type-correct program makes).
 *
 * @example
 * ```ts
 * const e = bulkConflictError('deals', 2, 'id', 'deal-7');
 * e.code; //=> 'conflict'
 * e.issues[0]?.path; //=> [2, 'id']
 * ```
 */
export function bulkConflictError(repository: RepositoryName, index: number, field: string, value: string): CrmError {
  const kind = kindOf(repository, 'bulkConflictError');
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0)
    throw new CrmError(
      'validation_failed',
      `bulkConflictError: the index is an integer ≥ 0; received ${quoteValue(index)}`,
      {
        issues: [crmIssue.invalidType(['index'], 'an integer ≥ 0', index)],
      },
    );
  const f = typeof field === 'string' ? field : 'id';
  if (f === 'id')
    return new CrmError(
      'conflict',
      `Entity ${index}: a ${kind} with id ${quoteValue(value)} already exists in this tenant; nothing was written`,
      { issues: [{ path: [index, 'id'], message: 'id already taken', code: 'duplicate' }] },
    );
  return new CrmError(
    'conflict',
    `Entity ${index}: several stored ${kind} records have ${f} ${quoteValue(value)}, so the upsert cannot tell which to replace; nothing was written`,
    { issues: [{ path: [index, f], message: `${f} is not unique among the stored records`, code: 'duplicate' }] },
  );
}
