/**
 * The checks of a use case over a store (`convertLeadInStore`, `transitionDealInStore`) before it
 * opens a transaction: the store, the context, and input that may be unreadable.
 *
 * @module
 */
import { CrmError, type PathSegment } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { thrownText } from '../_lib/show.js';
import type { StoreContext } from './ports.js';
import { validateContext } from './validate.js';

/**
 * The store context of a use case, checked (a frozen copy), after checking that `store` is a store (an
 * object with a `transaction` method): `validation_failed` otherwise.
 */
export function checkStoreCall(fn: string, store: unknown, ctx: unknown): Result<StoreContext> {
  const isStore = readInput(fn, ['store'], () => {
    return (
      store !== null &&
      typeof store === 'object' &&
      typeof (store as { transaction?: unknown }).transaction === 'function'
    );
  });
  if (!isStore.ok) return isStore;
  if (!isStore.value)
    return err(invalidInput(fn, [crmIssue.invalidType(['store'], 'a Store (with a transaction method)', store)]));
  return validateContext(ctx);
}

/**
 * What `read` returns, or `validation_failed` at `path` when it threw something other than a
 * `CrmError` (a getter or a proxy of the caller's input; or a pure step that failed on input it should
 * have refused): reported with `what`, never passed on. A thrown `CrmError` is returned as it is.
 */
export function readInput<T>(
  fn: string,
  path: readonly PathSegment[],
  read: () => T,
  what = 'could not be read',
): Result<T> {
  try {
    return ok(read());
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    const why = thrownText(e);
    return err(invalidInput(fn, [crmIssue.of('invalid_type', path, `${what}: ${why}`)], undefined));
  }
}
