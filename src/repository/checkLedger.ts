/**
 * The shared argument rules of the `WorkflowLedger` port, so that every store refuses the same
 * keys, positions and values alike.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { crmIssue, checkOptionKeys, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { hasLoneSurrogate } from '../_lib/text.js';
import type { DeadLetter } from './ports.js';

/** The longest key or cursor name the ledger stores (characters). */
const MAX_KEY = 1000;

/**
 * Checks a ledger key or cursor name: non-empty text of at most 1,000 characters without NUL or a
 * lone surrogate (so that it is stored as the same text in every database).
 *
 * @example
 * ```ts
 * checkLedgerKey('wf:lead:l1@3:tag').ok; //=> true
 * checkLedgerKey('').ok; //=> false
 * ```
 */
export function checkLedgerKey(key: unknown, what: 'key' | 'name' = 'key'): Result<string> {
  if (what !== 'key' && what !== 'name') what = 'key';
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY)
    return err(
      invalidInput(`Ledger ${what}`, [crmIssue.invalidType([what], `text of 1 to ${MAX_KEY} characters`, key)]),
    );
  if (key.includes('\u0000') || hasLoneSurrogate(key))
    return err(
      invalidInput(`Ledger ${what}`, [
        crmIssue.invalidValue([what], 'text without NUL or a lone surrogate', key.slice(0, 40)),
      ]),
    );
  return ok(key);
}

/**
 * Checks a cursor position: a safe integer ≥ 0.
 *
 * @example
 * ```ts
 * checkLedgerPosition(12).ok; //=> true
 * checkLedgerPosition(-1).ok; //=> false
 * ```
 */
export function checkLedgerPosition(position: unknown): Result<number> {
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0)
    return err(
      invalidInput('Ledger cursor position', [crmIssue.invalidType(['position'], 'an integer ≥ 0', position)]),
    );
  return ok(position);
}

/**
 * Checks a value the ledger stores and returns its JSON text: a value `JSON.stringify` can write
 * (`undefined` is stored as `null`), with no lone surrogate or NUL (PostgreSQL's `jsonb` refuses
 * `\u0000`). A value that cannot be written (a cycle, a `BigInt`, a throwing `toJSON`) fails.
 *
 * @example
 * ```ts
 * checkLedgerJson({ sent: true }); //=> { ok: true, value: '{"sent":true}' }
 * checkLedgerJson(10n).ok; //=> false
 * ```
 */
export function checkLedgerJson(value: unknown, what: 'value' | 'result' | 'plan' | 'error' = 'value'): Result<string> {
  if (what !== 'value' && what !== 'result' && what !== 'plan' && what !== 'error') what = 'value';
  let text: string | undefined;
  try {
    text = JSON.stringify(value === undefined ? null : value);
  } catch {
    text = undefined;
  }
  if (text === undefined)
    return err(invalidInput(`Ledger ${what}`, [crmIssue.invalidType([what], 'a JSON value', value)]));
  if (text.includes('\\u0000') || hasLoneSurrogate(text))
    return err(
      invalidInput(`Ledger ${what}`, [crmIssue.invalidValue([what], 'JSON without NUL or a lone surrogate', value)]),
    );
  return ok(text);
}

/**
 * Checks a dead letter for `WorkflowLedger.addDeadLetter`: its key, the plan as JSON, the
 * error as text, the attempts as an integer ≥ 0 and `failedAt` as a valid `Date`. Unknown keys are
 * refused.
 *
 * @example
 * ```ts
 * const failedAt = new Date('2026-03-01T00:00:00Z');
 * checkDeadLetter({ key: 'k', plan: {}, error: 'HTTP 500', attempts: 5, failedAt }).ok; //=> true
 * checkDeadLetter({ key: 'k', plan: {}, error: 'HTTP 500', attempts: -1, failedAt }).ok; //=> false
 * ```
 */
export function checkDeadLetter(letter: unknown): Result<{
  readonly key: string;
  readonly plan: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: Date;
}> {
  try {
    return deadLetterOf(letter);
  } catch {
    return err(
      invalidInput('Dead letter', [
        crmIssue.invalidType([], 'a readable object { key, plan, error, attempts, failedAt }', undefined),
      ]),
    );
  }
}

function deadLetterOf(letter: unknown): Result<{
  readonly key: string;
  readonly plan: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: Date;
}> {
  if (letter === null || typeof letter !== 'object' || Array.isArray(letter))
    return err(
      invalidInput('Dead letter', [
        crmIssue.invalidType([], 'an object { key, plan, error, attempts, failedAt }', letter),
      ]),
    );
  const issues: CrmIssue[] = [...checkOptionKeys(letter, ['key', 'plan', 'error', 'attempts', 'failedAt'])];
  const l = letter as Partial<Record<keyof DeadLetter, unknown>>;
  const key = checkLedgerKey(l.key);
  if (!key.ok) issues.push(...key.error.issues);
  const plan = checkLedgerJson(l.plan, 'plan');
  if (!plan.ok) issues.push(...plan.error.issues);
  const error = typeof l.error === 'string' ? checkLedgerJson(l.error, 'error') : null;
  if (error === null || !error.ok) issues.push(crmIssue.invalidType(['error'], 'text', l.error));
  if (typeof l.attempts !== 'number' || !Number.isSafeInteger(l.attempts) || l.attempts < 0)
    issues.push(crmIssue.invalidType(['attempts'], 'an integer ≥ 0', l.attempts));
  if (!(l.failedAt instanceof Date) || Number.isNaN(l.failedAt.getTime()))
    issues.push(crmIssue.invalidDate(['failedAt'], l.failedAt));
  if (issues.length > 0 || !key.ok || !plan.ok) return err(invalidInput('Dead letter', issues));
  return ok({
    key: key.value,
    plan: plan.value,
    error: l.error as string,
    attempts: l.attempts as number,
    failedAt: new Date((l.failedAt as Date).getTime()),
  });
}

/**
 * Checks the options of `WorkflowLedger.deadLetters` and returns the limit (default 100, 1 to
 * 1,000). `null` and `undefined` mean none; unknown keys are refused.
 *
 * @example
 * ```ts
 * checkDeadLettersOptions({ limit: 10 }); //=> { ok: true, value: 10 }
 * checkDeadLettersOptions(null); //=> { ok: true, value: 100 }
 * ```
 */
export function checkDeadLettersOptions(options: unknown): Result<number> {
  try {
    return limitOf(options);
  } catch {
    return err(
      invalidInput('Dead-letter options', [crmIssue.invalidType([], 'readable options { limit }', undefined)]),
    );
  }
}

function limitOf(options: unknown): Result<number> {
  const issues = checkOptionKeys(options, ['limit']);
  if (issues.length > 0) return err(invalidInput('Dead-letter options', issues));
  const limit = (options as { limit?: unknown } | null | undefined)?.limit;
  if (limit === undefined || limit === null) return ok(100);
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > 1000)
    return err(
      invalidInput('Dead-letter options', [crmIssue.invalidType(['limit'], 'an integer from 1 to 1000', limit)]),
    );
  return ok(limit);
}
