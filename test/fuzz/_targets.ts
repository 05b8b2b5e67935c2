/**
 * The fuzzer's targets: every function exported by every entry of entries.json, de-duplicated (one
 * function re-exported by several entries is one target, named by its export name), each with its
 * seeds — or an exclusion with the reason it is not fuzzed here.
 */
import { readFileSync } from 'node:fs';
import type { FuzzSpec, SeedTable } from './_spec.js';
import { ACCESS_SEEDS } from './seeds/access.js';
import { CAMPAIGNS_SEEDS } from './seeds/campaigns.js';
import { CHARTS_SEEDS } from './seeds/charts.js';
import { QUALITY_SEEDS } from './seeds/quality.js';
import { CLV_SEEDS } from './seeds/clv.js';
import { CONDITIONS_SEEDS } from './seeds/conditions.js';
import { CORE_SEEDS } from './seeds/core.js';
import { ENTITIES_SEEDS } from './seeds/entities.js';
import { METRICS_SEEDS } from './seeds/metrics.js';
import { MONEY_SEEDS } from './seeds/money.js';
import { PIPELINE_SEEDS } from './seeds/pipeline.js';
import { REPOSITORY_SEEDS } from './seeds/repository.js';
import { RFM_SEEDS } from './seeds/rfm.js';
import { SCORING_SEEDS } from './seeds/scoring.js';
import { SEGMENTS_SEEDS } from './seeds/segments.js';
import { SERVICE_SEEDS } from './seeds/service.js';
import { SERVICE_METRICS_SEEDS } from './seeds/serviceMetrics.js';
import { TIME_SEEDS } from './seeds/time.js';
import { GOALS_SEEDS } from './seeds/goals.js';
import { LOYALTY_SEEDS } from './seeds/loyalty.js';
import { SQL_SEEDS } from './seeds/sql.js';
import { AUTOMATION_SEEDS, RUNNER_SEEDS } from './seeds/automation.js';

/** Every seed table, merged; a name in two tables is an error (see {@link mergeTables}). */
const TABLES: readonly SeedTable[] = [
  CORE_SEEDS,
  MONEY_SEEDS,
  TIME_SEEDS,
  CONDITIONS_SEEDS,
  ENTITIES_SEEDS,
  PIPELINE_SEEDS,
  SCORING_SEEDS,
  METRICS_SEEDS,
  CLV_SEEDS,
  REPOSITORY_SEEDS,
  SEGMENTS_SEEDS,
  SERVICE_SEEDS,
  SERVICE_METRICS_SEEDS,
  RFM_SEEDS,
  ACCESS_SEEDS,
  CHARTS_SEEDS,
  QUALITY_SEEDS,
  GOALS_SEEDS,
  LOYALTY_SEEDS,
  CAMPAIGNS_SEEDS,
  SQL_SEEDS,
  AUTOMATION_SEEDS,
  RUNNER_SEEDS,
];

const ARBITRARY =
  'a fast-check arbitrary for tests (crmkit/testing), whose options are trusted test configuration; it makes no Result and reads no caller data at run time';

/** Exports that are not fuzzed, each with its reason. */
export const EXCLUDED: Readonly<Record<string, string>> = {
  createMemoryStore:
    'a store factory: a store is I/O-shaped state, fuzzed through its port by the repository contract suite; src/repository is being changed by another helper (store reads return Results)',
  createPostgresStore:
    'a store factory taking a driver client (a trusted port, not data); its methods are checked by the repository contract suite on PostgreSQL',
  migratePostgres:
    'runs DDL on a live database through a trusted driver client; tested by the PostgreSQL adapter tests',
  singleConnection: 'wraps a trusted driver connection (a port, not data); tested by the PostgreSQL adapter tests',
  scanWithFind:
    "builds an AsyncIterable over a repository's find (a port, not data); its input is checked when iterated and the scan is checked by the repository contract suite (test/repository/scan.test.ts)",
  scanPages:
    'builds an AsyncIterable over a page source the adapter implements (a port, not data); tested in test/repository/scan.test.ts and through every store scan',
  collect:
    'folds an async stream (a port: a store scan) into an accumulator, awaiting it; tested in test/repository/scan.test.ts and the PostgreSQL server scan test',
  createWorkflowRunner:
    'a runner factory over a store, a queue and host handlers (ports and code, not data); its options are checked (test/automation/createWorkflowRunner.test.ts) and its work is tested on memory, PGlite and PostgreSQL',
  createPgBossQueue:
    'wraps a started pg-boss instance (a driver, not data) and awaits it; tested on the PostgreSQL server by the kill test',
  createClvWorkerPool:
    'starts worker threads (I/O-shaped: a pool, not data) that load the built package; its options and every call are tested against the synchronous batch functions in test/workers, whose inputs the fuzzer covers',
  runRepositoryContract: 'registers a vitest suite (describe/it) for a store factory: test configuration, not data',
  runAccessContract: 'registers a vitest suite (describe/it) for a store factory: test configuration, not data',
  accountArbitrary: ARBITRARY,
  contactArbitrary: ARBITRARY,
  leadArbitrary: ARBITRARY,
  dealArbitrary: ARBITRARY,
  activityArbitrary: ARBITRARY,
  ticketArbitrary: ARBITRARY,
  campaignArbitrary: ARBITRARY,
  surveyResponseArbitrary: ARBITRARY,
  subscriptionArbitrary: ARBITRARY,
  userArbitrary: ARBITRARY,
  teamArbitrary: ARBITRARY,
  campaignMemberArbitrary: ARBITRARY,
  loyaltyTransactionArbitrary: ARBITRARY,
  referralArbitrary: ARBITRARY,
  entityArbitraries: ARBITRARY,
  customFieldsArbitrary: ARBITRARY,
  conditionArbitrary: ARBITRARY,
};

/** The seed tables as one, failing on a name given twice. */
export function mergeTables(tables: readonly SeedTable[]): Readonly<Record<string, FuzzSpec>> {
  const out: Record<string, FuzzSpec> = {};
  for (const t of tables)
    for (const [name, spec] of Object.entries(t)) {
      if (name in out) throw new Error(`${name} has seeds in two tables`);
      out[name] = spec;
    }
  return out;
}

export const SEEDS = mergeTables(TABLES);

/** A public function: its export name, other names it is exported as, the entries that export it. */
export interface PublicFunction {
  readonly name: string;
  /** Other export names of the same function (deprecated aliases). */
  readonly aliases: readonly string[];
  readonly entries: readonly string[];
  readonly fn: (...args: unknown[]) => unknown;
}

/** Every function exported by every entry of entries.json, once each, in entry order. */
export async function publicFunctions(): Promise<PublicFunction[]> {
  const entries = (
    JSON.parse(readFileSync(new URL('../../entries.json', import.meta.url), 'utf8')) as {
      entries: Record<string, string>;
    }
  ).entries;
  const byFn = new Map<
    unknown,
    { name: string; aliases: string[]; entries: string[]; fn: (...args: unknown[]) => unknown }
  >();
  for (const [entry, file] of Object.entries(entries)) {
    const mod = (await import(/* @vite-ignore */ `../../${file}`)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function') continue;
      const known = byFn.get(value);
      if (known !== undefined) {
        if (known.name !== name && !known.aliases.includes(name)) known.aliases.push(name);
        if (!known.entries.includes(entry)) known.entries.push(entry);
      } else byFn.set(value, { name, aliases: [], entries: [entry], fn: value as (...args: unknown[]) => unknown });
    }
  }
  const list = [...byFn.values()];
  const names = new Set<string>();
  for (const f of list)
    for (const n of [f.name, ...f.aliases]) {
      if (names.has(n)) throw new Error(`two different functions are exported as ${n}`);
      names.add(n);
    }
  return list;
}
