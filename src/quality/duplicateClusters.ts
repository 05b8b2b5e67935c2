/**
 * Clusters of duplicates in a list of records.
 *
 * @module
 */
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { comparePair, engineOf, groupKeys, type Engine, type Prepared } from './_engine.js';
import { refuse } from './_results.js';
import { drive, driveAsync, PROGRESS_EVERY, readControl, type Steps } from './_progress.js';
import { readRecordsSteps } from './_readRecordsSteps.js';
import type { ProgressOptions, ScoringProgress } from '../scoring/progress.js';
import type { DroppedKey, Matcher, MatchRecord } from './types.js';

/**
 * Options of {@link duplicateClusters}.
 *
 * @example
 * ```ts
 * const o: DuplicateClustersOptions = { maxBlock: 500 };
 * ```
 */
export interface DuplicateClustersOptions {
  /** Keys shared by more records than this are dropped (default: the rule's `maxBlock`, 1,000 unless set). */
  readonly maxBlock?: number;
  /**
   * Called with `{ phase, done, total }`: phase `read` (records read, `total` the records), then phase
   * `cluster` (`total` = 2 × records × rule groups: per group, the records blocked, then the blocks compared).
   * At most one report per 16,384 records or pairs; within a phase `done` never decreases and ends at
   * `total`. What it throws propagates to the caller.
   */
  readonly onProgress?: (progress: ScoringProgress) => void;
  /**
   * Stops the work at its next pause point with a `CrmError` `aborted` and no partial result. The
   * synchronous function sees only the signal's state at its pause points (an abort from `onProgress`, or
   * before the call); use {@link duplicateClustersAsync} to abort from a timer or a UI.
   */
  readonly signal?: AbortSignal;
}

/**
 * What {@link duplicateClusters} found.
 *
 * @example
 * ```ts
 * const sizes = (r: DuplicateClusters) => r.clusters.map((c) => c.length);
 * ```
 */
export interface DuplicateClusters {
  /** The clusters of two or more records, each its ids sorted; clusters sorted by their first id. */
  readonly clusters: readonly (readonly string[])[];
  /**
   * How many pairs were compared (a pair found in several blocks counts each time). A pair whose records
   * are already in one cluster is not compared again, so this count (unlike the clusters and the dropped
   * keys) can vary with the order of the records.
   */
  readonly comparedPairs: number;
  /** The blocking keys left out because more than `maxBlock` records share them. */
  readonly droppedKeys: readonly DroppedKey[];
}

/** Union-find with path halving and union by size, on indices. */
class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    const p = this.parent;
    while (p[i]! !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }
}

/**
 * The members of each key of one group; singletons kept as a bare index. Reports phase `cluster` from
 * `base` to `base + records` as the records are blocked.
 */
function* blocksOf(
  engine: Engine,
  prepared: readonly (Prepared | null)[],
  g: number,
  base: number,
  total: number,
): Generator<ScoringProgress | undefined, Map<string, number | number[]>> {
  const blocks = new Map<string, number | number[]>();
  for (let i = 0; i < prepared.length; i++) {
    if (i > 0 && i % PROGRESS_EVERY === 0) yield { phase: 'cluster', done: base + i, total };
    const p = prepared[i];
    if (p === null || p === undefined) continue;
    for (const key of groupKeys(engine, p, g)) {
      const b = blocks.get(key);
      if (b === undefined) blocks.set(key, i);
      else if (typeof b === 'number') blocks.set(key, [b, i]);
      else if (b[b.length - 1] !== i) b.push(i);
    }
  }
  yield { phase: 'cluster', done: base + prepared.length, total };
  return blocks;
}

/**
 * Finds the clusters of duplicates among `records` with a matching rule or a trained model: records are
 * grouped by their blocking keys (see {@link matchKeys}), each group's records compared pairwise, and
 * matching pairs joined by union-find, so a cluster is a connected set of matches (A matches B, B matches
 * C: one cluster, even when A and C do not match). A key shared by more than `maxBlock` records is
 * dropped and reported, so no block costs more than `maxBlock²/2` comparisons. Blocks are built one rule
 * group at a time: memory is O(records).
 *
 * The clusters and dropped keys do not depend on the order of `records` (`comparedPairs` may: see
 * {@link DuplicateClusters}). Records the rule's `where` excludes are in no
 * cluster. Empty input gives no clusters.
 *
 * Long runs report progress to `onProgress` and stop with `aborted` when `signal` is aborted (see
 * {@link DuplicateClustersOptions}); {@link duplicateClustersAsync} gives the event loop a turn meanwhile.
 *
 * Never throws for its data: records that are not objects with unique string ids, or bad options, are a
 * `validation_failed` error listing every issue.
 *
 * @throws CrmError `validation_failed` when `matcher` was not made by `defineMatchingRule` or
 * `trainMatchModel`; and what your `onProgress` callback throws (unchanged).
 *
 * @example
 * ```ts
 * const leads = [
 *   { id: 'l1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
 *   { id: 'l2', firstName: 'Ada', lastName: 'Lovelace', email: 'ADA@example.com ' },
 *   { id: 'l3', firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.mil' },
 * ];
 * const r = duplicateClusters(STANDARD_LEAD_RULE, leads);
 * if (r.ok) r.value.clusters; //=> [['l1', 'l2']]
 * ```
 */
export function duplicateClusters<R extends MatchRecord>(
  matcher: Matcher,
  records: readonly R[],
  options?: DuplicateClustersOptions,
): Result<DuplicateClusters> {
  const start = begin(matcher, records, options, 'duplicateClusters');
  if (!start.ok) return start;
  return drive('duplicateClusters', start.value.steps, start.value.control, unreadable);
}

/**
 * {@link duplicateClusters} that gives the event loop a turn at every pause point (every 16,384 records
 * read or blocked, and about as many pairs compared), so that clustering a million records keeps a server
 * responsive and can be aborted by `signal` from a timer or a UI (code `aborted`, no partial result). The
 * clusters are the same as the synchronous call's.
 *
 * @throws CrmError `validation_failed` (synchronously) when `matcher` was not made by `defineMatchingRule`
 * or `trainMatchModel`; the promise rejects only with what your `onProgress` callback throws.
 *
 * @example
 * ```ts
 * declare const contacts: readonly Contact[];
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 30_000);
 * const r = await duplicateClustersAsync(STANDARD_CONTACT_RULE, contacts, {
 *   signal: controller.signal,
 *   onProgress: (p) => console.log(p.phase, p.done, p.total),
 * });
 * if (!r.ok && r.error.code === 'aborted') console.log('stopped');
 * ```
 */
export async function duplicateClustersAsync<R extends MatchRecord>(
  matcher: Matcher,
  records: readonly R[],
  options?: DuplicateClustersOptions,
): Promise<Result<DuplicateClusters>> {
  const start = begin(matcher, records, options, 'duplicateClustersAsync');
  if (!start.ok) return start;
  return driveAsync('duplicateClusters', start.value.steps, start.value.control, unreadable);
}

function unreadable(): Result<never> {
  return refuse('duplicateClusters records', [
    crmIssue.invalidType(['records'], 'readable records (a property threw when read)', undefined),
  ]);
}

/** Checks the options and makes the steps of the work. */
function begin(
  matcher: Matcher,
  records: unknown,
  options: DuplicateClustersOptions | undefined,
  fn: string,
): Result<{ steps: Steps<DuplicateClusters>; control: ProgressOptions }> {
  const engine = engineOf(matcher, fn);
  const optionIssues = checkOptionKeys(options, ['maxBlock', 'onProgress', 'signal'], ['options']);
  const maxBlock = optionIssues.length === 0 ? ((options ?? undefined)?.maxBlock ?? engine.maxBlock) : 0;
  const control = optionIssues.length === 0 ? readControl(options, ['options'], optionIssues) : {};
  if (optionIssues.length === 0 && (typeof maxBlock !== 'number' || !Number.isSafeInteger(maxBlock) || maxBlock < 2))
    optionIssues.push({
      path: ['options', 'maxBlock'],
      code: 'invalid_value',
      message: 'expected an integer of at least 2',
    });
  if (optionIssues.length > 0) return refuse('duplicateClusters options', optionIssues);
  return ok({ steps: clusterSteps(engine, records, maxBlock), control });
}

/**
 * The work of {@link duplicateClusters}: read the records (phase `read`), then, per rule group, block
 * them and compare the pairs of each block (phase `cluster`: `2 × records` units per group, the first
 * half blocking, the second the blocks compared).
 */
function* clusterSteps(engine: Engine, records: unknown, maxBlock: number): Steps<DuplicateClusters> {
  const read = yield* readRecordsSteps(engine, records, ['records'], 'duplicateClusters records');
  if (!read.ok) return read;
  const { ids, prepared } = read.value;
  const n = prepared.length;
  const groups = engine.groups.length;
  const total = 2 * n * groups;
  const uf = new UnionFind(n);
  let comparedPairs = 0;
  const droppedKeys: DroppedKey[] = [];
  for (let g = 0; g < groups; g++) {
    const base = 2 * n * g;
    const blocks = yield* blocksOf(engine, prepared, g, base, total);
    let done = 0;
    let sinceReport = 0;
    const count = blocks.size;
    for (const [key, members] of blocks) {
      done++;
      if (typeof members === 'number') continue;
      if (members.length > maxBlock) {
        droppedKeys.push({ key, size: members.length });
        continue;
      }
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) {
          const a = members[x]!;
          const b = members[y]!;
          if (uf.find(a) === uf.find(b)) continue;
          comparedPairs++;
          sinceReport++;
          if (comparePair(engine, prepared[a]!, prepared[b]!, false).match) uf.union(a, b);
        }
      if (sinceReport >= PROGRESS_EVERY) {
        sinceReport = 0;
        yield { phase: 'cluster', done: base + n + Math.floor((n * done) / count), total };
      }
    }
    yield { phase: 'cluster', done: base + 2 * n, total };
  }
  const byRoot = new Map<number, string[]>();
  for (let i = 0; i < n; i++) {
    if (prepared[i] === null) continue;
    const r = uf.find(i);
    const list = byRoot.get(r);
    if (list === undefined) byRoot.set(r, [ids[i]!]);
    else list.push(ids[i]!);
  }
  const clusters: string[][] = [];
  for (const list of byRoot.values()) if (list.length > 1) clusters.push(list.sort(byCodePoint));
  clusters.sort((a, b) => byCodePoint(a[0]!, b[0]!));
  droppedKeys.sort((a, b) => b.size - a.size || byCodePoint(a.key, b.key));
  return ok(deepFreeze({ clusters, comparedPairs, droppedKeys }));
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
