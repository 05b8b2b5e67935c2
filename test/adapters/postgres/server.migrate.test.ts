/**
 * Migrations on a real PostgreSQL server (`CRMKIT_PG_URL`, as the server contract suite): migration 3
 * upgrading a schema at version 2, migration 4 one at version 3, migration 5 one at version 4. Skipped without a server, except in CI, where that is a failure.
 */
import { afterAll, describe, it, vi } from 'vitest';
import pg from 'pg';
import { upgradeToMigration3 } from './_migration3.js';
import { upgradeToMigration4 } from './_migration4.js';
import { upgradeToMigration5 } from './_migration5.js';

const url = process.env['CRMKIT_PG_URL'];
const inCi = process.env['CI'] === 'true';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

if (url === undefined || url === '') {
  describe.skipIf(!inCi)('migrations on a PostgreSQL server', () => {
    it('needs CRMKIT_PG_URL in CI', () => {
      throw new Error('CRMKIT_PG_URL is not set: CI must start a PostgreSQL server before the tests');
    });
  });
} else {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  afterAll(async () => {
    await pool.end();
  });
  describe('migrations on a PostgreSQL server', () => {
    it('migration 3 upgrades a schema at version 2', async () => {
      const schema = `m3_${process.pid}_${Date.now().toString(36)}`;
      try {
        await upgradeToMigration3(pool, schema);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    });
    it('migration 4 upgrades a schema at version 3', async () => {
      const schema = `m4_${process.pid}_${Date.now().toString(36)}`;
      try {
        await upgradeToMigration4(pool, schema);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    });
    it('migration 5 upgrades a schema at version 4', async () => {
      const schema = `m5_${process.pid}_${Date.now().toString(36)}`;
      try {
        await upgradeToMigration5(pool, schema);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    });
  });
}
