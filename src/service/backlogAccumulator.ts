/**
 * The mergeable backlog accumulator.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { issue } from '../metrics/_checks.js';
import { countsFromJSON, defineAccumulator } from '../metrics/_defineAccumulator.js';
import type { Accumulator, AccumulatorStateBase } from '../metrics/accumulator.js';
import {
  backlogResult,
  countBacklogTicket,
  emptyBacklogCounts,
  readBacklogOptions,
  BACKLOG_KEYS,
  type BacklogAgeUnit,
  type BacklogCounts,
  type BacklogOptions,
  type BacklogResult,
  type BacklogSettings,
  type BacklogTicket,
} from './backlog.js';

/**
 * The JSON state of a backlog accumulator: the options (`asOf` as ISO text, the age edges and their
 * unit) and the counts per age bucket, per priority (`low`, `normal`, `high`, `urgent`) and per status
 * (`new`, `open`, `pending`).
 *
 * @example
 * ```ts
 * const s: BacklogAccumulatorState = createBacklogAccumulator({ asOf: new Date('2026-03-31T00:00:00Z') }).toJSON();
 * ```
 */
export interface BacklogAccumulatorState extends AccumulatorStateBase {
  readonly options: { readonly asOf: string; readonly buckets: readonly number[]; readonly bucketUnit: BacklogAgeUnit };
  readonly data: {
    readonly byAge: readonly number[];
    readonly byPriority: readonly number[];
    readonly byStatus: readonly number[];
  };
}

/**
 * A mergeable backlog accumulator: `add` tickets.
 *
 * @example
 * ```ts
 * const acc: BacklogAccumulator = createBacklogAccumulator({ asOf: new Date('2026-03-31T00:00:00Z') });
 * ```
 */
export type BacklogAccumulator = Accumulator<BacklogTicket, BacklogResult, BacklogAccumulatorState>;

/**
 * Options of {@link createBacklogAccumulator}: those of `backlog` (`asOf` required, `buckets`,
 * `bucketUnit`).
 *
 * @example
 * ```ts
 * const o: BacklogAccumulatorOptions = { asOf: new Date('2026-03-31T00:00:00Z'), buckets: [1, 7] };
 * ```
 */
export type BacklogAccumulatorOptions = BacklogOptions;

const kit = /* @__PURE__ */ defineAccumulator<
  BacklogAccumulatorState,
  BacklogTicket,
  BacklogResult,
  BacklogCounts,
  BacklogSettings
>({
  kind: 'backlog',
  label: 'backlog accumulator',
  optionKeys: BACKLOG_KEYS,
  resolve: (options) => readBacklogOptions(options),
  stateOptions: (s) => ({ asOf: new Date(s.asOf).toISOString(), buckets: [...s.edges], bucketUnit: s.unit }),
  fromState: {
    keys: BACKLOG_KEYS,
    read(o) {
      const a = o['asOf'];
      if (typeof a !== 'string') return issue(['options', 'asOf'], 'must be an ISO instant', 'invalid_type');
      return { options: { ...o, asOf: new Date(Date.parse(a)) }, args: undefined };
    },
  },
  behaviour: (s) => ({
    empty: () => emptyBacklogCounts(s),
    add: (data, ticket) => countBacklogTicket(ticket, [], s, data),
    mergeInto(t, src) {
      for (const key of ['byAge', 'byPriority', 'byStatus'] as const) src[key].forEach((c, i) => (t[key][i]! += c));
    },
    result: (d) => ok(backlogResult(s, d)),
    toJSON: (d) => ({ byAge: [...d.byAge], byPriority: [...d.byPriority], byStatus: [...d.byStatus] }),
    fromJSON(j): BacklogCounts | CrmIssue[] {
      if (j === null || typeof j !== 'object' || Array.isArray(j))
        return [issue([], 'expected { byAge, byPriority, byStatus }', 'invalid_type')];
      const o = j as Record<string, unknown>;
      const empty = emptyBacklogCounts(s);
      const out: Record<string, number[]> = {};
      for (const key of ['byAge', 'byPriority', 'byStatus'] as const) {
        const c = countsFromJSON(o[key], empty[key].length);
        if (c.length > 0 && typeof c[0] === 'object')
          return (c as CrmIssue[]).map((i) => ({ ...i, path: [key, ...i.path] }));
        out[key] = c as number[];
      }
      return out as unknown as BacklogCounts;
    },
  }),
});

/**
 * Creates a mergeable backlog accumulator: `add` tickets, merge shards; `result()` equals `backlog`
 * over all the tickets with the same options. The state is the counts: memory O(buckets).
 *
 * @throws {CrmError} `validation_failed` for a missing or invalid `asOf`, bad age edges or unit, or an
 * unknown option key.
 *
 * @example
 * ```ts
 * const asOf = new Date('2026-03-31T00:00:00Z');
 * const acc = createBacklogAccumulator({ asOf }).add({ createdAt: new Date('2026-03-30T00:00:00Z'), status: 'open', priority: 'high' });
 * acc.merge(createBacklogAccumulator({ asOf }).add({ createdAt: new Date('2026-03-01T00:00:00Z'), status: 'pending', priority: 'low' }).toJSON());
 * const r = acc.result();
 * if (r.ok) [r.value.total, r.value.byAge.map((b) => b.count)]; //=> [2, [0, 1, 0, 0, 1]]
 * ```
 */
export function createBacklogAccumulator(options: BacklogAccumulatorOptions): BacklogAccumulator {
  return kit.create(options, undefined);
}

/**
 * Rebuilds a backlog accumulator from its JSON state (object or text); a malformed state gives
 * `validation_failed`, never a throw.
 *
 * @example
 * ```ts
 * const acc = createBacklogAccumulator({ asOf: new Date('2026-03-31T00:00:00Z') });
 * backlogAccumulatorFromJSON(JSON.stringify(acc)).ok; //=> true
 * ```
 */
export function backlogAccumulatorFromJSON(json: unknown): Result<BacklogAccumulator> {
  return kit.fromJSON(json);
}
