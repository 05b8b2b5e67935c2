/**
 * The rules of `transaction(ctx, fn)` shared by every store: what it is given, and what `fn` must
 * return.
 *
 * @module
 */
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, type Result } from '../core/result.js';
import type { StoreContext } from './ports.js';
import { validateContext } from './validate.js';

/**
 * Checks the arguments of `transaction(ctx, fn)`: the context (see {@link validateContext}) and
 * that `fn` is a function. Returns a frozen copy of the context, or `validation_failed` (a store
 * returns it as the transaction's failed `Result`, having run nothing). Never throws.
 *
 * @example
 * ```ts
 * checkTransaction({ tenantId: 'acme' }, async () => ok(1)).ok; //=> true
 * checkTransaction({ tenantId: 'acme' }, 'not a function').ok; //=> false
 * ```
 */
export function checkTransaction(ctx: unknown, fn: unknown): Result<StoreContext> {
  const c = validateContext(ctx);
  if (!c.ok) return c;
  if (typeof fn !== 'function')
    return err(
      invalidInput('transaction(ctx, fn)', [
        crmIssue.invalidType(['fn'], 'an async function receiving the transactional store', fn),
      ]),
    );
  return c;
}

/**
 * Checks what a transaction's `fn` resolved to: a `Result` is returned as it is; anything else is
 * `validation_failed` (the store then rolls back, as for a failed `Result`). Never throws.
 *
 * @example
 * ```ts
 * checkTransactionResult(ok(1)); //=> ok(1)
 * checkTransactionResult(undefined).ok; //=> false
 * ```
 */
export function checkTransactionResult<T>(value: unknown): Result<T> {
  if (
    value !== null &&
    typeof value === 'object' &&
    ((value as { ok?: unknown }).ok === true || (value as { ok?: unknown }).ok === false)
  )
    return value as Result<T>;
  return err(
    invalidInput('transaction(ctx, fn)', [
      crmIssue.invalidType(['fn'], 'fn to return a Result (ok(value) or err(error)); nothing was written', value),
    ]),
  );
}
