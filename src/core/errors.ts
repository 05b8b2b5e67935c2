/**
 * The one error type of crmkit, and the codes it carries.
 *
 * @module
 */
import { quoteValue, showValue } from '../_lib/show.js';

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
 * Every issue code crmkit uses: one typed list, as zod's `$ZodIssueCode`. The first group are zod 4's
 * own codes (so issues from a zod schema keep theirs); the rest are crmkit's. Match on the code, not the
 * message; build issues with the constructors in {@link crmIssue} so that one template owns each message.
 *
 * Generic (zod 4):
 * - `invalid_type` — the wrong kind of value (a string where a number belongs, a required value missing).
 * - `invalid_value` — the right kind, but a value that is not allowed (an unknown enum member, a bad option).
 * - `invalid_format` — text not of the required form (an e-mail, an ISO instant, text with NUL or a lone surrogate).
 * - `too_small` / `too_big` — below or above a documented bound (a number, a length, a count).
 * - `not_multiple_of`, `invalid_union`, `invalid_key`, `invalid_element` — as in zod.
 * - `unrecognized_keys` — keys that are not allowed (unknown option keys, unknown properties).
 * - `custom` — a host's own check (a refinement, a condition extension).
 *
 * crmkit:
 * - values: `invalid_number` (NaN or ±Infinity), `lossy_number` (a number that would lose digits),
 *   `invalid_date`, `invalid_period`, `invalid_amount`, `invalid_currency`, `invalid_money`,
 *   `currency_mismatch`, `invalid_json`, `invalid_id`, `invalid_tenant`, `invalid_actor`, `invalid_cursor`;
 * - structure: `too_deep` (nesting past a documented limit), `duplicate`, `out_of_order`, `length_mismatch`,
 *   `options_mismatch`;
 * - names: `unknown_field`, `unknown_operator`, `unknown_extension`, `unknown_reference`, `unknown_stage`,
 *   `unknown_state`, `unknown_guard`;
 * - records and stores: `not_found`, `stale_version`, `immutable_field`, `access_denied` (the acting
 *   user may not read or write this: a record, a field, a filter on a field), `already_converted`,
 *   `inconsistent_history`, `inconsistent_status`, `before_creation`, `multiple_primary`,
 *   `missing_contact_point`, `missing_resolution`, `not_a_task`;
 * - pipelines and lifecycles: `guard_rejected`, `transition_not_allowed`, `wrong_pipeline`, `unmapped_stage`,
 *   `stage_kind_mismatch`, `missing_open_stage`, `missing_won_stage`, `missing_lost_stage`, `unreachable_state`;
 * - models and data: `insufficient_data`, `one_class`, `not_converged`, `invalid_start`, `not_square`,
 *   `not_symmetric`, `not_positive_definite`;
 * - loyalty: `insufficient_points` (a redemption that costs more points than the balance holds);
 * - data quality: `duplicate_found` (a record about to be created matches an existing one: a converted
 *   lead's new contact or account, by a matching rule).
 * - automation: `workflow_loop` (a cycle of workflow steps without a delay, or a `set_field` that would
 *   re-trigger its own workflow without a guard).
 *
 * @example
 * ```ts
 * CRM_ISSUE_CODES.includes('unrecognized_keys'); //=> true
 * ```
 */
export const CRM_ISSUE_CODES = [
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'too_small',
  'too_big',
  'not_multiple_of',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'unrecognized_keys',
  'custom',
  'invalid_number',
  'lossy_number',
  'invalid_date',
  'invalid_period',
  'invalid_amount',
  'invalid_currency',
  'invalid_money',
  'currency_mismatch',
  'invalid_json',
  'invalid_id',
  'invalid_tenant',
  'invalid_actor',
  'invalid_cursor',
  'too_deep',
  'duplicate',
  'out_of_order',
  'length_mismatch',
  'options_mismatch',
  'unknown_field',
  'unknown_operator',
  'unknown_extension',
  'unknown_reference',
  'unknown_stage',
  'unknown_state',
  'unknown_guard',
  'not_found',
  'stale_version',
  'immutable_field',
  'access_denied',
  'already_converted',
  'inconsistent_history',
  'inconsistent_status',
  'before_creation',
  'multiple_primary',
  'missing_contact_point',
  'missing_resolution',
  'not_a_task',
  'guard_rejected',
  'transition_not_allowed',
  'wrong_pipeline',
  'unmapped_stage',
  'stage_kind_mismatch',
  'missing_open_stage',
  'missing_won_stage',
  'missing_lost_stage',
  'unreachable_state',
  'insufficient_data',
  'one_class',
  'not_converged',
  'invalid_start',
  'not_square',
  'not_symmetric',
  'not_positive_definite',
  'insufficient_points',
  'duplicate_found',
  'workflow_loop',
] as const;

/**
 * A stable issue code; see {@link CRM_ISSUE_CODES}.
 *
 * @example
 * ```ts
 * const code: CrmIssueCode = 'unrecognized_keys';
 * ```
 */
export type CrmIssueCode = (typeof CRM_ISSUE_CODES)[number];

const ISSUE_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set(CRM_ISSUE_CODES);
const ERROR_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set<string>([
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
]);

/**
 * True when `value` is one of {@link CRM_ISSUE_CODES}.
 *
 * @example
 * ```ts
 * isCrmIssueCode('duplicate'); //=> true
 * isCrmIssueCode('duplicate_key'); //=> false
 * ```
 */
export function isCrmIssueCode(value: unknown): value is CrmIssueCode {
  return typeof value === 'string' && ISSUE_CODES.has(value);
}

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
  /** A machine-readable code from {@link CRM_ISSUE_CODES}. */
  readonly code: CrmIssueCode;
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
 * @throws CrmError `validation_failed` from the constructor for a call no type-correct program makes: a
 * code outside {@link CRM_ERROR_CODES}, a message that is not a string, or issues that are not
 * `{ path, message, code }` with a code from {@link CRM_ISSUE_CODES} and a path of strings and finite numbers.
 *
 * @example
 * ```ts
 * const error = new CrmError('validation_failed', 'Lead is invalid', {
 *   issues: [{ path: ['email'], message: 'Invalid email address', code: 'invalid_format' }],
 * });
 * error.code; //=> 'validation_failed'
 * error.issues[0]?.path; //=> ['email']
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
    // Checked before `super`, which would turn a message that is not a string into text by calling it.
    if (typeof message !== 'string') throw argumentError('CrmError', ['message'], 'a string', message);
    const { issues, cause } = readOptions(options);
    super(message, cause === undefined ? undefined : { cause });
    if (!ERROR_CODES.has(code as string)) throw codeError('code', code, CRM_ERROR_CODES);
    this.code = code;
    this.issues = Object.freeze(checkedIssues(issues, 'CrmError', ['issues']));
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

/** The error for a CrmError built with a code outside the documented lists (a programmer error). */
function codeError(where: string, value: unknown, allowed: readonly string[]): CrmError {
  const shown = typeof value === 'string' ? `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'` : typeof value;
  return new CrmError(
    'validation_failed',
    `CrmError ${where} ${shown} is not a documented code; allowed: ${allowed.join(', ')}`,
    {
      issues: [{ path: [where], message: `not a documented code: ${shown}`, code: 'invalid_value' }],
    },
  );
}

/**
 * The error for an argument no type-correct program passes (a programmer error, thrown): `fn: expected
 * <expected>; received <value>`, with an `invalid_type` issue at `path`.
 */
export function argumentError(fn: string, path: readonly PathSegment[], expected: string, received: unknown): CrmError {
  const message = `expected ${expected}; received ${quoteValue(received)}`;
  return new CrmError('validation_failed', `${fn}: ${formatPath(path)}: ${message}`, {
    issues: [{ path, message, code: 'invalid_type' }],
  });
}

/** The `issues` and `cause` of a CrmError's options, read once (a getter that throws is a programmer error). */
function readOptions(options: unknown): { issues: unknown; cause: unknown } {
  if (options === undefined || options === null) return { issues: [], cause: undefined };
  if (typeof options !== 'object')
    throw argumentError('CrmError', ['options'], 'an options object { issues, cause }', options);
  try {
    const { issues, cause } = options as { issues?: unknown; cause?: unknown };
    return { issues: issues ?? [], cause };
  } catch {
    throw argumentError('CrmError', ['options'], 'readable options (a getter threw)', options);
  }
}

/**
 * The first `limit` issues as frozen copies of `{ path, message, code }` (any other key is left out), each checked: `code`
 * from {@link CRM_ISSUE_CODES}, `message` a string, `path` an array of keys (strings) and indexes (finite
 * numbers). Anything else is a programmer error, thrown as a `CrmError` naming `fn` and the place.
 */
export function checkedIssues(
  issues: unknown,
  fn: string,
  at: readonly PathSegment[],
  limit = Number.POSITIVE_INFINITY,
): CrmIssue[] {
  if (!Array.isArray(issues)) throw argumentError(fn, at, 'an array of issues { path, message, code }', issues);
  const out: CrmIssue[] = new Array<CrmIssue>(Math.min(issues.length, limit));
  let i = 0;
  try {
    for (; i < out.length; i++) out[i] = checkedIssue(issues[i], fn, [...at, i]);
  } catch (e) {
    if (e instanceof CrmError) throw e;
    throw argumentError(fn, [...at, i], 'a readable issue (a getter threw)', undefined);
  }
  return out;
}

function checkedIssue(value: unknown, fn: string, at: readonly PathSegment[]): CrmIssue {
  if (typeof value !== 'object' || value === null)
    throw argumentError(fn, at, 'an issue { path, message, code }', value);
  const { path, message, code } = value as { path?: unknown; message?: unknown; code?: unknown };
  if (!ISSUE_CODES.has(code as string)) throw codeError(`${formatPath(at)}.code`, code, CRM_ISSUE_CODES);
  if (typeof message !== 'string') throw argumentError(fn, [...at, 'message'], 'a string', message);
  return Object.freeze({ path: checkedPath(path, fn, [...at, 'path']), message, code: code as CrmIssueCode });
}

/** A path as a frozen copy, each segment a string or a finite number; anything else is thrown. */
export function checkedPath(path: unknown, fn: string, at: readonly PathSegment[]): readonly PathSegment[] {
  if (!Array.isArray(path)) throw argumentError(fn, at, 'a path (an array of keys and indexes)', path);
  const out: PathSegment[] = new Array<PathSegment>(path.length);
  for (let i = 0; i < path.length; i++) {
    const seg: unknown = path[i];
    if (typeof seg === 'string' || (typeof seg === 'number' && Number.isFinite(seg))) out[i] = seg;
    else throw argumentError(fn, [...at, i], 'a key (a string) or an index (a finite number)', seg);
  }
  return Object.freeze(out);
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
 * issues (`{ path, message, code }` only); the input is not changed.
 *
 * @throws CrmError `validation_failed` when an issue or the prefix is malformed (see {@link CrmError}).
 *
 * @throws CrmError `validation_failed` when `issues` or `prefix` is not an array.
 *
 * @example
 * ```ts
 * prefixIssues([{ path: ['amount'], message: 'Required', code: 'invalid_type' }], ['lines', 2]);
 * //=> [{ path: ['lines', 2, 'amount'], message: 'Required', code: 'invalid_type' }]
 * ```
 */
export function prefixIssues(issues: readonly CrmIssue[], prefix: readonly PathSegment[]): CrmIssue[] {
  const head = checkedPath(prefix, 'prefixIssues', ['prefix']);
  return checkedIssues(issues, 'prefixIssues', ['issues']).map((i) => ({ ...i, path: [...head, ...i.path] }));
}

/**
 * Formats a path for messages: `['emails', 0, 'address']` → `emails[0].address`; `[]` → `(root)`.
 *
 * Never throws. Segments that are neither text nor numbers print through the bounded value printer.
 *
 * @example
 * ```ts
 * formatPath(['emails', 0]); //=> 'emails[0]'
 * ```
 */
export function formatPath(path: readonly PathSegment[]): string {
  if (!Array.isArray(path) || path.length === 0) return '(root)';
  let out = '';
  for (const seg of path as readonly unknown[]) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const text = typeof seg === 'string' ? seg : showValue(seg);
      out += out === '' ? text : `.${text}`;
    }
  }
  return out;
}
