/**
 * Telling whether a repository or a store has aggregates (the `AggregateRepository` capability).
 *
 * @module
 */
import {
  REPOSITORY_KINDS,
  type AggregateRepository,
  type AggregateStore,
  type Repository,
  type Store,
} from './ports.js';

type AnyEntity = { readonly id: string; readonly version: number };

/**
 * Whether a repository has the {@link AggregateRepository} capability (an `aggregate` method). Never
 * throws.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * isAggregateRepository(store.surveyResponses); //=> true
 * ```
 */
export function isAggregateRepository<E extends { readonly id: string; readonly version: number }>(
  repository: Repository<E>,
): repository is Repository<E> & AggregateRepository<E> {
  try {
    return (
      repository !== null &&
      typeof repository === 'object' &&
      typeof (repository as Partial<AggregateRepository<E>>).aggregate === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * Whether every repository of a store has the {@link AggregateRepository} capability, so the store is
 * an `AggregateStore` (both built-in stores are; their transactions and `withAccess` over them too).
 * Never throws.
 *
 * @example
 * ```ts
 * isAggregateStore(createMemoryStore()); //=> true
 * ```
 */
export function isAggregateStore(store: Store): store is Store & AggregateStore {
  try {
    if (store === null || typeof store !== 'object') return false;
    return Object.keys(REPOSITORY_KINDS).every((name) =>
      isAggregateRepository((store as unknown as Record<string, Repository<AnyEntity>>)[name]!),
    );
  } catch {
    return false;
  }
}
