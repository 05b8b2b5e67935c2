/**
 * The workflow runner's queue on PostgreSQL through pg-boss 10: many worker processes on many
 * machines sharing one database. pg-boss is an optional peer dependency: only this entry needs it,
 * and it takes a pg-boss instance the host created (crmkit never imports pg-boss). docs/automation.md,
 * "Running workflows", is the guide.
 *
 * @module crmkit/pg-boss
 */
export { createPgBossQueue } from './createPgBossQueue.js';
export type { CreatePgBossQueueOptions, PgBossLike } from './createPgBossQueue.js';
