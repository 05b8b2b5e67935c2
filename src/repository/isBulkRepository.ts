/**
 * Telling whether a repository or a store has bulk writes (the `BulkRepository` capability).
 *
 * @module
 */
import { REPOSITORY_KINDS, type BulkRepository, type BulkStore, type Repository, type Store } from './ports.js';

type AnyEntity = { readonly id: string; readonly version: number };

/**
 * Whether a repository has the {@link BulkRepository} capability (`insertMany` and `upsertMany`
 * methods). Never throws.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * isBulkRepository(store.deals); //=> true
 * ```
 */
export function isBulkRepository<E extends { readonly id: string; readonly version: number }>(
  repository: Repository<E>,
): repository is Repository<E> & BulkRepository<E> {
  try {
    return (
      repository !== null &&
      typeof repository === 'object' &&
      typeof (repository as Partial<BulkRepository<E>>).insertMany === 'function' &&
      typeof (repository as Partial<BulkRepository<E>>).upsertMany === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * Whether every repository of a store has the {@link BulkRepository} capability, so the store is a
 * `BulkStore` (both built-in stores are; their transactions too). Never throws.
 *
 * @example
 * ```ts
 * isBulkStore(createMemoryStore()); //=> true
 * ```
 */
export function isBulkStore(store: Store): store is Store & BulkStore {
  try {
    if (store === null || typeof store !== 'object') return false;
    return Object.keys(REPOSITORY_KINDS).every((name) =>
      isBulkRepository((store as unknown as Record<string, Repository<AnyEntity>>)[name]!),
    );
  } catch {
    return false;
  }
}
