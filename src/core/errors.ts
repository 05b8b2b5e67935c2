/**
 * The one error type of crmkit, and the codes it carries.
 *
 * @module
 */

/**
 * Every error code crmkit uses. Codes are stable snake_case strings: match on them, not on messages.
 *
 * - `validation_failed` — input did not satisfy a schema or a documented range.
 * - `invalid_transition` — a stage machine does not allow the requested move.
 * - `guard_rejected` — a registered guard refused a transition.
 * - `currency_mismatch` — two amounts in different currencies were combined (a programmer error; thrown).
 * - `not_found` — a referenced record does not exist.
 * - `conflict` — an optimistic-concurrency version check failed, or a record already exists.
 * - `forbidden` — the caller may not do this (for example, another tenant's record).
 * - `insufficient_data` — too little data for a meaningful answer.
 * - `already_converted` — a lead was converted before.
 * - `not_converged` — an iterative fit stopped before meeting its tolerance.
 * - `aborted` — a long computation was cancelled through its `AbortSignal`.
 * - `adapter_failure` — a storage adapter failed for a reason outside crmkit.
 *
 * @example
 * ```ts
 * CRM_ERROR_CODES.includes('currency_mismatch'); //=> true
 * ```
 */
export const CRM_ERROR_CODES = [
  'validation_failed',
  'invalid_transition',
  'guard_rejected',
  'currency_mismatch',
  'not_found',
  'conflict',
  'forbidden',
  'insufficient_data',
  'already_converted',
  'not_converged',
  'aborted',
  'adapter_failure',
] as const;

/**
 * A stable error code; see {@link CRM_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: CrmErrorCode = 'validation_failed';
 * ```
 */
export type CrmErrorCode = (typeof CRM_ERROR_CODES)[number];

/**
 * One segment of a path into the input: an object key or an array index.
 *
 * @example
 * ```ts
 * const path: PathSegment[] = ['emails', 0, 'address'];
 * ```
 */
export type PathSegment = string | number;

/**
 * One problem found in an input, zod-style: where it is (`path`), what is wrong (`message`)
 * and a machine-readable `code` (zod's issue code, or a crmkit one).
 *
 * @example
 * ```ts
 * const issue: CrmIssue = { path: ['emails', 0], message: 'Invalid email address', code: 'invalid_format' };
 * ```
 */
export interface CrmIssue {
  /** Where the problem is, from the root of the input (`[]` for the input itself). */
  readonly path: readonly PathSegment[];
  /** What is wrong and what is allowed, for people. */
  readonly message: string;
  /** A machine-readable code: zod's issue code or a crmkit one (`invalid_amount`, `invalid_currency`, …). */
  readonly code: string;
}

/**
 * Options for {@link CrmError}.
 *
 * @example
 * ```ts
 * const options: CrmErrorOptions = { issues: [{ path: ['amount'], message: 'Required', code: 'invalid_type' }] };
 * ```
 */
export interface CrmErrorOptions {
  /** The problems found; copied and frozen by the constructor. */
  readonly issues?: readonly CrmIssue[];
  /** The underlying error, kept as the standard `Error.cause`. */
  readonly cause?: unknown;
}

/**
 * The single error type of crmkit: a stable `code`, a readable `message`, the list of `issues`
 * (each with a `path`) and an optional `cause`. The same class serves both forms: thrown for
 * programmer errors (mixing currencies) and carried in a {@link Result} for expected outcomes
 * (invalid input, a refused transition).
 *
 * @example
 * ```ts
 * const error = new CrmError('validation_failed', 'Lead is invalid', {
 *   issues: [{ path: ['email'], message: 'Invalid email address', code: 'invalid_format' }],
 * });
 * error.code; //=> 'validation_failed'
 * error.issues[0].path; //=> ['email']
 * ```
 */
export class CrmError extends Error {
  /** Always `'CrmError'`. */
  override readonly name = 'CrmError';
  /** The stable error code; match on it, not on the message. */
  readonly code: CrmErrorCode;
  /** Every problem found, each with a path; frozen. Empty when the error is not about input. */
  readonly issues: readonly CrmIssue[];

  /**
   * @param code - a stable code from {@link CRM_ERROR_CODES}
   * @param message - what went wrong, where, and what is allowed
   * @param options - the issues and the cause
   */
  constructor(code: CrmErrorCode, message: string, options: CrmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = Object.freeze(
      (options.issues ?? []).map((i) => Object.freeze({ ...i, path: Object.freeze([...i.path]) })),
    );
  }

  /**
   * A plain, JSON-serializable view: `{ name, code, message, issues }` (the cause is left out).
   *
   * @example
   * ```ts
   * JSON.stringify(new CrmError('not_found', 'No deal d1')); //=> '{"name":"CrmError","code":"not_found","message":"No deal d1","issues":[]}'
   * ```
   */
  toJSON(): { name: 'CrmError'; code: CrmErrorCode; message: string; issues: readonly CrmIssue[] } {
    return { name: this.name, code: this.code, message: this.message, issues: this.issues };
  }
}

/**
 * True when `value` is a {@link CrmError}, optionally with the given code. Works across copies of the
 * package (checks the shape, not only the prototype).
 *
 * @example
 * ```ts
 * try { addMoney(money('1', 'USD'), money('1', 'EUR')); }
 * catch (e) { isCrmError(e, 'currency_mismatch'); } //=> true
 * ```
 */
export function isCrmError(value: unknown, code?: CrmErrorCode): value is CrmError {
  if (!(value instanceof Error) || value.name !== 'CrmError') return false;
  const c = (value as { code?: unknown }).code;
  return typeof c === 'string' && (code === undefined || c === code);
}

/**
 * Prefixes every issue's path with `prefix` (used when validating a nested value). Returns new
 * issues; the input is not changed.
 *
 * @example
 * ```ts
 * prefixIssues([{ path: ['amount'], message: 'Required', code: 'invalid_type' }], ['lines', 2]);
 * //=> [{ path: ['lines', 2, 'amount'], message: 'Required', code: 'invalid_type' }]
 * ```
 */
export function prefixIssues(issues: readonly CrmIssue[], prefix: readonly PathSegment[]): CrmIssue[] {
  return issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));
}

/**
 * Formats a path for messages: `['emails', 0, 'address']` → `emails[0].address`; `[]` → `(root)`.
 *
 * @example
 * ```ts
 * formatPath(['emails', 0]); //=> 'emails[0]'
 * ```
 */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}
