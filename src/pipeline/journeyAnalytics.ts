/**
 * Journey analytics: how long contacts and leads spend in each lifecycle stage, and how far along
 * the journey they get — the pipeline's stage analytics run over lifecycle and status histories.
 *
 * @module
 */
import { err, ok, type Result } from '../core/result.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { caught } from '../metrics/_guard.js';
import { LEAD_LIFECYCLE_STATES, LIFECYCLE_STAGES } from '../entities/enums.js';
import type { Deal } from '../entities/deal.js';
import { StagePass, type StageDuration, type StageFunnel } from './analytics.js';
import type { Pipeline, StageKind } from './define.js';
import { isRecord } from './_records.js';

/**
 * A record with a lifecycle history: a Contact (`lifecycleHistory`) or a Lead (`statusHistory`).
 * Only the history is read.
 *
 * @example
 * ```ts
 * declare const contacts: readonly Contact[];
 * const records: readonly JourneyRecord[] = contacts;
 * ```
 */
export type JourneyRecord =
  | { readonly lifecycleHistory: readonly { readonly to: string; readonly at: Date }[] }
  | { readonly statusHistory: readonly { readonly to: string; readonly at: Date }[] };

type Kind = 'customer' | 'lead';

const STAGE_NAMES: Readonly<Record<string, string>> = {
  awareness: 'Awareness',
  consideration: 'Consideration',
  decision: 'Decision',
  growth: 'Growth',
  advocacy: 'Advocacy',
  churned: 'Churned',
  new: 'New',
  contacted: 'Contacted',
  nurturing: 'Nurturing',
  mql: 'MQL',
  sql: 'SQL',
  converted: 'Converted',
  unqualified: 'Unqualified',
};

/** The journey as the stage pass reads a pipeline: open stages in order, then the exits. */
function journeyOf(kind: Kind): Pipeline {
  const stages: readonly (readonly [string, StageKind])[] =
    kind === 'customer'
      ? LIFECYCLE_STAGES.map((s) => [s, s === 'churned' ? 'lost' : 'open'] as const)
      : LEAD_LIFECYCLE_STATES.map(
          (s) => [s, s === 'converted' ? 'won' : s === 'unqualified' ? 'lost' : 'open'] as const,
        );
  const list = stages.map(([id, k], index) => ({ id, name: STAGE_NAMES[id]!, kind: k, index }));
  // Only the parts the stage pass reads: id, and each stage's id, name, kind and index.
  return { id: kind === 'customer' ? 'customer_lifecycle' : 'lead_lifecycle', stages: list } as unknown as Pipeline;
}

/**
 * Runs the records through a stage pass over `kind`'s journey; the issues of the first record that
 * is not a journey record of that kind.
 */
function run(fn: string, records: unknown, wantDurations: boolean): Result<{ pass: StagePass; kind: Kind }> {
  try {
    const issues = new IssueList();
    if (!Array.isArray(records)) {
      issues.push(crmIssue.invalidType(['records'], 'an array of contacts or leads', records));
      return err(issues.error(fn));
    }
    let kind: Kind | undefined;
    let pass: StagePass | undefined;
    const wrapper = { pipelineId: '', stageHistory: [] as unknown };
    for (let i = 0; i < records.length; i++) {
      const r: unknown = records[i];
      const k: Kind | undefined = !isRecord(r)
        ? undefined
        : Array.isArray(r['lifecycleHistory'])
          ? 'customer'
          : Array.isArray(r['statusHistory'])
            ? 'lead'
            : undefined;
      if (k === undefined) {
        issues.push(crmIssue.invalidType(['records', i], 'a contact (lifecycleHistory) or a lead (statusHistory)', r));
        return err(issues.error(fn));
      }
      if (kind === undefined) {
        kind = k;
        const journey = journeyOf(k);
        pass = new StagePass(journey, wantDurations);
        wrapper.pipelineId = journey.id;
      } else if (k !== kind) {
        issues.push(
          crmIssue.invalidType(
            ['records', i],
            kind === 'customer' ? 'a contact, as the first record' : 'a lead, as the first record',
            r,
          ),
        );
        return err(issues.error(fn));
      }
      const key = k === 'customer' ? 'lifecycleHistory' : 'statusHistory';
      wrapper.stageHistory = (r as Record<string, unknown>)[key];
      if (!pass!.add(wrapper as unknown as Deal, i)) {
        issues.push(
          crmIssue.invalidType(['records', i, key], 'a history of entries { to, at: Date }', wrapper.stageHistory),
        );
        return err(issues.error(fn));
      }
    }
    const k = kind ?? 'customer';
    return ok({ pass: pass ?? new StagePass(journeyOf(k), wantDurations), kind: k });
  } catch (e) {
    return caught(fn, e);
  }
}

/**
 * Duration statistics of every lifecycle stage, from the completed stays in the records' histories
 * (contacts' `lifecycleHistory` or leads' `statusHistory`; a stay ends when the record moves on — the
 * current stage's open stay is not counted): `stageDurations` of `crmkit/pipeline` over journeys.
 * Days are fractional; median and p90 use R's quantile type 7. Stages in order of first appearance;
 * no records give `[]`. One pass.
 *
 * Bad data is a `validation_failed` error, never a throw: not an array, a record that is neither a
 * contact nor a lead (or of the other kind than the first), a history whose entries lack a `to` or a
 * valid `at` (path `['records', i, …]`).
 *
 * @example
 * ```ts
 * declare const contacts: readonly Contact[];
 * const r = lifecycleDurations(contacts);
 * if (r.ok) r.value.find((s) => s.stageId === 'decision')?.medianDays; //=> e.g. 12
 * ```
 */
export function lifecycleDurations(records: readonly JourneyRecord[]): Result<readonly StageDuration[]> {
  const r = run('lifecycleDurations', records, true);
  return r.ok ? ok(r.value.pass.durationsResult()) : r;
}

/**
 * The journey funnel: how many contacts (or leads) entered each lifecycle stage and how many got at
 * least that far — `stageFunnel` of `crmkit/pipeline` over journeys. For contacts the stages are
 * awareness → consideration → decision → growth → advocacy, with `churned` an exit (counted as
 * entered); for leads new → contacted → nurturing → mql → sql, then `converted` (past every open
 * stage, as a won stage) and `unqualified` (an exit). `reached` is cumulative: a record that skipped
 * a stage (created at decision, or moved with `force`) still passed it. `pipelineId` is
 * `customer_lifecycle` or `lead_lifecycle`, `deals` the number of records. No records give the
 * customer journey with zero counts.
 *
 * Bad data is a `validation_failed` error, never a throw, as for {@link lifecycleDurations}.
 *
 * @example
 * ```ts
 * declare const leads: readonly Lead[];
 * const r = journeyFunnel(leads);
 * if (r.ok) r.value.stages.map((s) => [s.stageId, s.reached]); //=> [['new', 100], ['contacted', 80], …]
 * ```
 */
export function journeyFunnel(records: readonly JourneyRecord[]): Result<StageFunnel> {
  const r = run('journeyFunnel', records, false);
  return r.ok ? ok(r.value.pass.funnelResult()) : r;
}
