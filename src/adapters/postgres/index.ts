/**
 * The PostgreSQL adapter: a `Store` on PostgreSQL through the *shape* of a driver (`query`
 * plus a way to run a transaction) — `pg`'s `Pool`, `@electric-sql/pglite`, or one connection
 * wrapped with `singleConnection` — without importing any driver. `migratePostgres` creates the
 * tables (versioned, idempotent DDL); `createPostgresStore` is a drop-in replacement for
 * `createMemoryStore` that passes the same contract suite.
 *
 * @module crmkit/postgres
 */
export { createPostgresStore } from './store.js';
export type { PostgresStoreOptions, PostgresStore } from './store.js';
export { migratePostgres, DEFAULT_SCHEMA, LATEST_MIGRATION } from './migrate.js';
export type { MigrationReport, PostgresSchemaOptions } from './migrate.js';
export { singleConnection } from './client.js';
export type {
  PostgresClient,
  SqlPool,
  SqlPoolConnection,
  SqlQueryable,
  SqlResult,
  SqlTransactionRunner,
} from './client.js';
