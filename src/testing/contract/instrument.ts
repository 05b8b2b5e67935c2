/**
 * The fault injector of the contract suite.
 *
 * @module
 */
import { CrmError } from '../../core/errors.js';
import { fail, type Result } from '../../core/result.js';
import type { Repositories, Store, StoreContext } from '../../repository/ports.js';
import { REPO_NAMES } from './shared.js';

/**
 * Wraps a store so that the `failAt`-th repository call (read or write) fails: by returning an
 * `adapter_failure` as a failed Result (`failed_result`: what a store whose database fails does),
 * by rejecting with a CrmError `adapter_failure` (`crm_error`), or by rejecting with a plain Error
 * (`throw`). The use cases must answer the first two with the failed Result and the third by
 * re-throwing, and persist nothing either way.
 */
export function instrument(
  store: Store,
  failAt: number,
  mode: 'throw' | 'crm_error' | 'failed_result',
): { store: Store; calls: () => number } {
  let n = 0;
  const wrapRepo = (repo: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const m of ['get', 'getMany', 'find', 'count', 'insert', 'update', 'delete', 'append', 'read']) {
      const fn = repo[m];
      if (typeof fn !== 'function') continue;
      out[m] = async (...args: unknown[]) => {
        n++;
        if (n === failAt) {
          if (mode === 'throw') throw new Error(`injected fault at call ${n} (${m})`);
          if (mode === 'failed_result') return fail('adapter_failure', `injected fault at call ${n} (${m})`);
          throw new CrmError('adapter_failure', `injected fault at call ${n} (${m})`);
        }
        return (fn as (...a: unknown[]) => unknown).apply(repo, args);
      };
    }
    return out;
  };
  const wrapAll = (repos: Repositories): Repositories => {
    const out: Record<string, unknown> = {};
    for (const name of [...REPO_NAMES, 'events'] as const)
      out[name] = wrapRepo(repos[name] as unknown as Record<string, unknown>);
    return out as unknown as Repositories;
  };
  const wrapped = {
    ...wrapAll(store),
    transaction: <T>(ctx: StoreContext, fn: (tx: Repositories) => Promise<Result<T>>) =>
      store.transaction(ctx, (tx) => fn(wrapAll(tx))),
  } as Store;
  return { store: wrapped, calls: () => n };
}
