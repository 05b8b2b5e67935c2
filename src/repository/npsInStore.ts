/**
 * The Net Promoter Score of the survey responses in a store, counted where they live.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { entityCatalog } from '../conditions/catalog.js';
import type { SurveyResponse } from '../entities/index.js';
import { npsFromCounts, npsOptions, type NpsResult } from '../metrics/nps.js';
import type { NpsGroup } from '../metrics/npsBy.js';
import { compareGroupKeys } from '../metrics/_groupKey.js';
import type { Period } from '../time/period.js';
import type { AggregateRow, Repository, StoreContext } from './ports.js';
import type { Where } from './query.js';
import { aggregateOf } from './_aggregateOf.js';
import { validateCountQuery } from './validateQuery.js';
import { periodWhere } from './_periodWhere.js';

/**
 * Options of {@link npsInStore}: those of `nps` (`confidence`, `period` over `answeredAt`), a filter
 * on the responses (`where`, the shared condition language), and `by`, a text field to group by.
 *
 * @example
 * ```ts
 * const o: NpsInStoreOptions = { period: monthPeriod('2026-03-01'), where: { field: 'touchpoint', op: 'isNull', value: false } };
 * ```
 */
export interface NpsInStoreOptions {
  /** Only responses matching it count (besides the kind `nps` and the period). */
  readonly where?: Where<SurveyResponse> | null;
  /** Only responses answered in this half-open period count. */
  readonly period?: Period;
  /** Confidence of the interval, default 0.95. */
  readonly confidence?: number;
}

/**
 * Options of {@link npsInStore} with groups: as {@link NpsInStoreOptions}, plus `by`, the text field
 * whose values make the groups (`touchpoint`, `accountId`, …).
 *
 * @example
 * ```ts
 * const o: NpsInStoreByOptions = { by: 'touchpoint' };
 * ```
 */
export interface NpsInStoreByOptions extends NpsInStoreOptions {
  /** A text field of survey responses: one row per value (`null` a group of its own, last). */
  readonly by: 'touchpoint' | 'contactId' | 'accountId' | 'ticketId' | 'comment' | 'id';
}

const OPTION_KEYS = ['where', 'by', 'period', 'confidence'] as const;
const NPS_KIND = { field: 'kind', op: 'eq', value: 'nps' } as const;

function textFields(): string[] {
  const fields = entityCatalog('surveyResponse')!.fields;
  return Object.keys(fields).filter((f) => fields[f] === 'text' && f !== 'kind');
}

/** The checked options, or the error (as `nps` and `npsBy` report them). */
function checkOptions(
  options: unknown,
): Result<{ z: number; confidence: number; by: string | null; where: unknown; period: Period | undefined }> {
  const keys = checkOptionKeys(options, OPTION_KEYS, ['options']);
  if (keys.length > 0) return err(invalidInput('npsInStore', keys));
  const o = (options ?? {}) as Record<string, unknown>;
  const conf = npsOptions({
    ...(o['confidence'] === undefined ? {} : { confidence: o['confidence'] }),
    ...(o['period'] === undefined ? {} : { period: o['period'] }),
  });
  if ('code' in conf) return err(invalidInput('npsInStore', [conf as CrmIssue]));
  const by = o['by'];
  if (by !== undefined && by !== null && (typeof by !== 'string' || !textFields().includes(by)))
    return err(
      invalidInput('npsInStore', [
        crmIssue.invalidValue(['options', 'by'], 'by is a text field of survey responses', by, textFields()),
      ]),
    );
  return ok({
    ...conf,
    by: typeof by === 'string' ? by : null,
    where: o['where'] ?? null,
    period: o['period'] as Period | undefined,
  });
}

function countsOf(row: AggregateRow | undefined): { promoters: number; passives: number; detractors: number } {
  const m = row?.measures ?? {};
  return {
    promoters: (m['promoters'] as number | undefined) ?? 0,
    passives: (m['passives'] as number | undefined) ?? 0,
    detractors: (m['detractors'] as number | undefined) ?? 0,
  };
}

/**
 * The Net Promoter Score of the `nps` responses of a store, computed where they live: one aggregate
 * counts promoters (9–10), passives (7–8) and detractors (0–6) — in one SQL statement on PostgreSQL,
 * so no response travels to Node — and `nps`'s own code finishes from the counts. The result equals
 * `nps(responses, { period, confidence })` on the same responses exactly (score, shares, standard error,
 * interval); with `by`, `npsBy(responses, by, …)` (groups sorted by key, `null` last). `where` narrows
 * the responses with the shared condition language (issues at `['where', …]`); a store without the
 * aggregate capability is read through `scan` instead (same result, one page in memory).
 *
 * Bad options (an unknown key, a bad `confidence` or `period`, a `by` that is not a text field) and
 * a bad `where` give `validation_failed`; a failing store, its error. Never throws. docs/repository.md,
 * "Metrics from the store".
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * for (const score of [10, 9, 7, 3])
 *   await store.surveyResponses.insert(ctx, unwrap(createSurveyResponse({ kind: 'nps', score, answeredAt: new Date('2026-03-02T10:00:00Z') })));
 * unwrap(await npsInStore(store, ctx)).score; //=> 25
 * unwrap(await npsInStore(store, ctx, { by: 'touchpoint' }))[0]?.key; //=> null
 * ```
 */
export function npsInStore(
  store: { readonly surveyResponses: Repository<SurveyResponse> },
  ctx: StoreContext,
  options?: NpsInStoreOptions | null,
): Promise<Result<NpsResult>>;
export function npsInStore(
  store: { readonly surveyResponses: Repository<SurveyResponse> },
  ctx: StoreContext,
  options: NpsInStoreByOptions,
): Promise<Result<readonly NpsGroup[]>>;
export async function npsInStore(
  store: { readonly surveyResponses: Repository<SurveyResponse> },
  ctx: StoreContext,
  options?: NpsInStoreOptions | NpsInStoreByOptions | null,
): Promise<Result<NpsResult | readonly NpsGroup[]>> {
  let checked: ReturnType<typeof checkOptions>;
  let repo: Repository<SurveyResponse>;
  try {
    checked = checkOptions(options);
    repo = (store as { surveyResponses?: Repository<SurveyResponse> } | null | undefined)
      ?.surveyResponses as Repository<SurveyResponse>;
  } catch (e) {
    return err(
      invalidInput('npsInStore', [
        crmIssue.of(
          'invalid_type',
          [],
          `the store or options could not be read: ${String(e instanceof Error ? e.message : typeof e)}`,
        ),
      ]),
    );
  }
  if (!checked.ok) return checked;
  const { z, confidence, by, where, period } = checked.value;
  // The caller's filter is checked on its own first, so that its issues are named at ['where', …].
  const own = validateCountQuery('surveyResponse', { where });
  if (!own.ok) return own;
  const r = await aggregateOf('surveyResponses', repo, ctx, {
    where: { all: [NPS_KIND, ...periodWhere('answeredAt', period), ...(where === null ? [] : [where])] },
    ...(by === null ? {} : { groupBy: [by] }),
    measures: {
      promoters: { fn: 'countIf', where: { field: 'score', op: 'gte', value: 9 } },
      passives: { fn: 'countIf', where: { field: 'score', op: 'between', value: [7, 8] } },
      detractors: { fn: 'countIf', where: { field: 'score', op: 'lte', value: 6 } },
    },
  } as never);
  if (!r.ok) return r;
  if (by === null) return ok(npsFromCounts(countsOf(r.value[0]), z, confidence));
  const groups = r.value
    .map((row) => {
      const v = row.group[by];
      return {
        key: v === null || v === undefined ? null : String(v),
        nps: npsFromCounts(countsOf(row), z, confidence),
      };
    })
    .sort((a, b) => compareGroupKeys(a.key, b.key))
    .map((g) => Object.freeze(g));
  return ok(Object.freeze(groups));
}
