/**
 * SLA attainment: of the targets that came due, the share met, per target and priority, with a
 * Wilson interval; and its mergeable accumulator.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { caught } from '../metrics/_guard.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { TICKET_PRIORITIES, type TicketPriority } from '../entities/enums.js';
import { checkConfidence, wilson } from '../metrics/_confidence.js';
import { countsFromJSON, defineAccumulator } from '../metrics/_defineAccumulator.js';
import { issue } from '../metrics/_checks.js';
import type { Accumulator, AccumulatorStateBase } from '../metrics/accumulator.js';
import type { ConfidenceOptions, Interval } from '../metrics/interval.js';
import { SLA_TARGETS, type SlaTargetName } from './slaPolicy.js';
import type { SlaStatus } from './slaStatus.js';

/**
 * One row of {@link slaAttainment}: a target for one priority (or for every priority, `priority:
 * null`), how many came due (`met + breached`), the share met and its Wilson interval.
 *
 * @example
 * ```ts
 * const row: SlaAttainmentRow = { target: 'firstResponse', priority: 'urgent', due: 40, met: 36, breached: 4, rate: 0.9, interval: { lower: 0.77, upper: 0.96, confidence: 0.95 } };
 * ```
 */
export interface SlaAttainmentRow {
  readonly target: SlaTargetName;
  /** The priority, or null for the row over every priority. */
  readonly priority: TicketPriority | null;
  /** Targets decided: met or breached (running and paused ones are not due yet). */
  readonly due: number;
  readonly met: number;
  readonly breached: number;
  /** `met / due` (rows exist only when `due > 0`). */
  readonly rate: number;
  /** Wilson score interval of the rate (R's `prop.test(met, due, correct = FALSE)$conf.int`). */
  readonly interval: Interval;
}

/**
 * Options of {@link slaAttainment} and its accumulator.
 *
 * @example
 * ```ts
 * const o: SlaAttainmentOptions = { confidence: 0.9 };
 * ```
 */
export type SlaAttainmentOptions = ConfidenceOptions;

/** Priorities (4) and count slots ([met, breached] per target and priority: 24); literals, so nothing runs at import. */
const P = 4;
const SLOTS = 24;

/** Folds one status into the counts ([met, breached] per target and priority), or returns the issue. */
function fold(counts: number[], status: unknown): CrmIssue | null {
  if (typeof status !== 'object' || status === null)
    return issue([], 'expected an SlaStatus from slaStatus', 'invalid_type');
  const s = status as Partial<SlaStatus>;
  const p = TICKET_PRIORITIES.indexOf(s.priority as TicketPriority);
  if (p < 0) return crmIssue.invalidValue(['priority'], 'a ticket priority', s.priority, TICKET_PRIORITIES);
  const next = s.nextResponses;
  if (!Array.isArray(next))
    return issue(['nextResponses'], 'expected the list of next-response targets', 'invalid_type');
  const items: [unknown, readonly (string | number)[], number][] = [
    [s.firstResponse, ['firstResponse'], 0],
    [s.resolution, ['resolution'], 2],
    ...next.map((t, i): [unknown, readonly (string | number)[], number] => [t, ['nextResponses', i], 1]),
  ];
  const add: number[] = [];
  for (const [t, path, k] of items) {
    if (t === null || t === undefined) continue;
    const state = typeof t === 'object' ? (t as { state?: unknown }).state : undefined;
    if (state === 'met') add.push((k * P + p) * 2);
    else if (state === 'breached') add.push((k * P + p) * 2 + 1);
    else if (state !== 'running' && state !== 'paused')
      return crmIssue.invalidValue([...path, 'state'], 'an SLA state', state, ['running', 'paused', 'met', 'breached']);
  }
  for (const i of add) counts[i]!++;
  return null;
}

function rows(counts: readonly number[], z: number, confidence: number): readonly SlaAttainmentRow[] {
  const out: SlaAttainmentRow[] = [];
  SLA_TARGETS.forEach((target, k) => {
    let allMet = 0;
    let allBreached = 0;
    const row = (priority: TicketPriority | null, met: number, breached: number): void => {
      const due = met + breached;
      if (due === 0) return;
      out.push(
        Object.freeze({
          target,
          priority,
          due,
          met,
          breached,
          rate: met / due,
          interval: wilson(met, due, z, confidence),
        }),
      );
    };
    TICKET_PRIORITIES.forEach((priority, p) => {
      const met = counts[(k * P + p) * 2]!;
      const breached = counts[(k * P + p) * 2 + 1]!;
      allMet += met;
      allBreached += breached;
      row(priority, met, breached);
    });
    row(null, allMet, allBreached);
  });
  return Object.freeze(out);
}

/**
 * SLA attainment over the statuses {@link slaStatus} gives: for each target (first response, next
 * response — every wait counts — and resolution) and each priority, how many targets came due
 * (met or breached; running and paused ones are not due yet), how many were met, the rate
 * `met / due`, and its Wilson score interval (Wilson 1927; R's `prop.test(met, due, correct =
 * FALSE)$conf.int`). After each target's priority rows comes its row over every priority
 * (`priority: null`). Rows with nothing due are left out, so empty input gives an empty list.
 *
 * Bad input is a `validation_failed` error: a status that is not one (at its index), a confidence
 * outside (0, 1), unknown option keys. Never throws for its input.
 *
 * @example
 * ```ts
 * declare const statuses: readonly SlaStatus[];
 * const r = slaAttainment(statuses);
 * if (r.ok) r.value.find((row) => row.target === 'firstResponse' && row.priority === null)?.rate;
 * ```
 */
export function slaAttainment(
  statuses: readonly SlaStatus[],
  options?: SlaAttainmentOptions | null,
): Result<readonly SlaAttainmentRow[]> {
  try {
    return slaAttainmentUnguarded(statuses, options);
  } catch (e) {
    return caught('slaAttainment', e);
  }
}

function slaAttainmentUnguarded(
  statuses: readonly SlaStatus[],
  options?: SlaAttainmentOptions | null,
): Result<readonly SlaAttainmentRow[]> {
  const keyIssues = checkOptionKeys(options, ['confidence'], ['options']);
  if (keyIssues.length > 0) return err(invalidInput('slaAttainment', keyIssues));
  const c = checkConfidence(options);
  if ('path' in c) return err(invalidInput('slaAttainment', [c]));
  if (!Array.isArray(statuses))
    return err(invalidInput('slaAttainment', [crmIssue.invalidType(['statuses'], 'a list of SLA statuses', statuses)]));
  const counts = new Array<number>(SLOTS).fill(0);
  for (let i = 0; i < statuses.length; i++) {
    const bad = fold(counts, statuses[i]);
    if (bad !== null) return err(invalidInput('slaAttainment', [{ ...bad, path: ['statuses', i, ...bad.path] }]));
  }
  return ok(rows(counts, c.z, c.confidence));
}

/**
 * JSON state of an SLA attainment accumulator: `[met, breached]` per target (first response, next
 * response, resolution) and priority (low, normal, high, urgent), flattened.
 *
 * @example
 * ```ts
 * const s: SlaAttainmentAccumulatorState = createSlaAttainmentAccumulator().toJSON();
 * ```
 */
export interface SlaAttainmentAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly confidence: number };
  readonly data: readonly number[];
}

/**
 * A mergeable SLA attainment accumulator: items are {@link SlaStatus} values.
 *
 * @example
 * ```ts
 * const acc: SlaAttainmentAccumulator = createSlaAttainmentAccumulator();
 * ```
 */
export type SlaAttainmentAccumulator = Accumulator<
  SlaStatus,
  readonly SlaAttainmentRow[],
  SlaAttainmentAccumulatorState
>;

const attainmentKit = /* @__PURE__ */ defineAccumulator<
  SlaAttainmentAccumulatorState,
  SlaStatus,
  readonly SlaAttainmentRow[],
  number[],
  { z: number; confidence: number }
>({
  kind: 'slaAttainment',
  label: 'SLA attainment accumulator',
  optionKeys: ['confidence'],
  resolve: (options) => checkConfidence(options),
  stateOptions: ({ confidence }) => ({ confidence }),
  behaviour: ({ z, confidence }) => ({
    empty: () => new Array<number>(SLOTS).fill(0),
    add: (data, item) => fold(data, item),
    mergeInto(t, s) {
      for (let i = 0; i < SLOTS; i++) t[i]! += s[i]!;
    },
    result: (d) => ok(rows(d, z, confidence)),
    toJSON: (d) => d.slice(),
    fromJSON: (j) => countsFromJSON(j, SLOTS),
  }),
});

/**
 * Creates a mergeable SLA attainment accumulator (24 counts): `result()` equals
 * {@link slaAttainment} of every status added, and merging equals one pass.
 *
 * @throws {CrmError} `validation_failed` for a bad confidence or an unknown option.
 *
 * @example
 * ```ts
 * declare const statuses: readonly SlaStatus[];
 * const acc = createSlaAttainmentAccumulator();
 * for (const s of statuses) acc.add(s);
 * acc.result();
 * ```
 */
export function createSlaAttainmentAccumulator(options?: SlaAttainmentOptions | null): SlaAttainmentAccumulator {
  return attainmentKit.create(options, undefined);
}

/**
 * Rebuilds an SLA attainment accumulator from its JSON state (object or text); a malformed state
 * gives `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * slaAttainmentAccumulatorFromJSON(createSlaAttainmentAccumulator().toJSON()).ok; //=> true
 * ```
 */
export function slaAttainmentAccumulatorFromJSON(json: unknown): Result<SlaAttainmentAccumulator> {
  return attainmentKit.fromJSON(json);
}
