/**
 * The engines the crmkit/sql tests run statements on: DuckDB (in memory), PGlite and the PostgreSQL
 * server (CRMKIT_PG_URL; required in CI), each in a time zone other than UTC (the statements must not
 * depend on it), the PostgreSQL ones on a schema of their own dropped after the file. Call
 * `useEngines` at the top level of a test file; the list fills in `beforeAll`.
 */
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { SqlDialect, SqlRow, SqlStatement } from '../../src/sql/index.js';

/** A column of a test table: its name and its type per dialect. */
export interface Column {
  readonly name: string;
  readonly postgres: string;
  readonly duckdb: string;
}

export interface Engine {
  readonly name: string;
  readonly dialect: SqlDialect;
  /** Where test tables go: `schema.` on PostgreSQL (tables are schema-qualified), '' on DuckDB. */
  readonly prefix: string;
  run(s: SqlStatement): Promise<readonly SqlRow[]>;
  exec(text: string): Promise<void>;
  /** Creates `table` with these columns and the rows (values as text, null as NULL). */
  load(table: string, columns: readonly Column[], rows: readonly (readonly (string | null)[])[]): Promise<void>;
}

/** DuckDB as a `query(text, params)` port, as docs/sql.md wraps it. */
export function duckdbQuery(conn: DuckDBConnection) {
  return {
    async query(text: string, params: readonly string[] = []): Promise<{ rows: readonly SqlRow[] }> {
      const reader = await conn.runAndReadAll(text, [...params]);
      return { rows: reader.getRowObjectsJson() as SqlRow[] };
    },
  };
}

const ZONE = 'America/New_York';

export function useEngines(
  prefix: string,
  which: readonly string[] = ['DuckDB', 'PGlite', 'PostgreSQL server'],
): Engine[] {
  const url = process.env['CRMKIT_PG_URL'];
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const ready = new Map<string, Engine>();
  const hasServer = url !== undefined && url !== '';
  if (!hasServer && process.env['CI'] === 'true' && which.includes('PostgreSQL server'))
    throw new Error('CRMKIT_PG_URL is not set: CI must start a PostgreSQL server');
  // The list is known when the file is collected (test.each needs it); each engine starts in beforeAll.
  const engines: Engine[] = which
    .filter((n) => n !== 'PostgreSQL server' || hasServer)
    .map((name) => {
      const get = (): Engine => {
        const e = ready.get(name);
        if (e === undefined) throw new Error(`${name} did not start`);
        return e;
      };
      return {
        name,
        dialect: name === 'DuckDB' ? 'duckdb' : 'postgres',
        prefix: name === 'DuckDB' ? '' : `${schema}.`,
        run: (s) => get().run(s),
        exec: (t) => get().exec(t),
        load: (t, c, r) => get().load(t, c, r),
      };
    });
  let duck: DuckDBInstance | undefined;
  let lite: PGlite | undefined;
  let pool: pg.Pool | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    if (which.includes('DuckDB')) {
      duck = await DuckDBInstance.create(':memory:');
      const conn = await duck.connect();
      await conn.run(`SET TimeZone = '${ZONE}'`);
      const port = duckdbQuery(conn);
      dir = mkdtempSync(join(tmpdir(), 'crmkit-sql-'));
      let files = 0;
      ready.set('DuckDB', {
        name: 'DuckDB',
        dialect: 'duckdb',
        prefix: '',
        run: async (s) => (await port.query(s.text, s.params)).rows,
        exec: async (text) => void (await conn.run(text)),
        async load(table, columns, rows) {
          await conn.run(`CREATE TABLE ${table} (${columns.map((c) => `"${c.name}" ${c.duckdb}`).join(', ')})`);
          if (rows.length === 0) return;
          const file = join(dir!, `t${files++}.csv`);
          writeFileSync(file, rows.map((r) => r.map((v) => (v === null ? '' : `"${v}"`)).join(',')).join('\n') + '\n');
          await conn.run(`COPY ${table} FROM '${file}' (HEADER false, NULLSTR '')`);
        },
      });
    }
    const pgEngine = (
      name: string,
      q: (text: string, params?: readonly string[]) => Promise<readonly SqlRow[]>,
    ): Engine => ({
      name,
      dialect: 'postgres',
      prefix: `${schema}.`,
      run: (s) => q(s.text, s.params),
      exec: async (text) => void (await q(text)),
      async load(table, columns, rows) {
        await q(`CREATE TABLE ${table} (${columns.map((c) => `"${c.name}" ${c.postgres}`).join(', ')})`);
        for (let i = 0; i < rows.length; i += 20_000) {
          const chunk = rows.slice(i, i + 20_000);
          const arrays = columns.map(
            (_, j) => `{${chunk.map((r) => (r[j] === null ? 'NULL' : `"${r[j]}"`)).join(',')}}`,
          );
          await q(
            `INSERT INTO ${table} SELECT * FROM unnest(${columns.map((c, j) => `CAST($${j + 1} AS ${c.postgres}[])`).join(', ')})`,
            arrays,
          );
        }
      },
    });
    if (which.includes('PGlite')) {
      lite = new PGlite();
      await lite.waitReady;
      await lite.exec(`SET TimeZone = '${ZONE}'; CREATE SCHEMA "${schema}"`);
      const db = lite;
      ready.set(
        'PGlite',
        pgEngine('PGlite', async (text, params) => (await db.query(text, params ? [...params] : [])).rows as SqlRow[]),
      );
    }
    if (which.includes('PostgreSQL server')) {
      if (hasServer) {
        pool = new pg.Pool({ connectionString: url, max: 2, options: `-c TimeZone=${ZONE}` });
        await pool.query(`CREATE SCHEMA "${schema}"`);
        const p = pool;
        ready.set(
          'PostgreSQL server',
          pgEngine('PostgreSQL server', async (text, params) => (await p.query(text, params ? [...params] : [])).rows),
        );
      }
    }
  }, 60_000);
  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
    await lite?.close();
    duck?.closeSync();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return engines;
}
