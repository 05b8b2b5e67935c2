/**
 * Folding a stream (a store's `scan`, or any iterable) into an accumulator.
 *
 * @module
 */
import { CrmError, isCrmError } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, type Result } from '../core/result.js';

/**
 * What {@link collect} folds into: anything with `add(item)` and `result()` — every
 * `create…Accumulator` of `crmkit/metrics` (`Accumulator`), or your own.
 *
 * @example
 * ```ts
 * const acc: Collector<number, number> = { add(x) { return this; }, result: () => ok(0) };
 * ```
 */
export interface Collector<T, R> {
  /** Folds one item in. */
  add(item: T): unknown;
  /** The measure over everything added. */
  result(): Result<R>;
}

function isCollector(v: unknown): boolean {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { add?: unknown }).add === 'function' &&
    typeof (v as { result?: unknown }).result === 'function'
  );
}

function isIterable(v: unknown): boolean {
  return (
    v !== null &&
    typeof v === 'object' &&
    (typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
      typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function')
  );
}

/**
 * Folds a stream into an accumulator and returns its result: `collect(createNpsAccumulator(),
 * store.surveyResponses.scan(ctx, query))` computes the NPS of every matching response holding one
 * page in memory at a time. With `map`, each item is mapped before it is added (a transaction record
 * to the value an accumulator takes, say). The accumulator is changed in place (keep a reference to
 * merge it or read its `toJSON()` afterwards).
 *
 * A stream that fails (a scan's `CrmError`: `validation_failed`, `aborted`, `adapter_failure`, …)
 * gives that error as the failed `Result`, having added what came before it; anything else it throws
 * (the host's own code) is re-thrown, as is what `map` throws (a `CrmError` from `map` is returned).
 * Otherwise the `Result` is the accumulator's `result()`: for an empty stream, what the accumulator
 * gives for no items.
 *
 * @throws {CrmError} `validation_failed` when `accumulator` has no `add` and `result` methods, `source`
 * is not iterable, or `map` is given and is not a function (calls no type-correct program makes).
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const ctx = { tenantId: 'acme' };
 * const answeredAt = new Date('2026-03-02T10:00:00Z');
 * const responses = [10, 9, 3].map((score) => unwrap(createSurveyResponse({ kind: 'nps', score, answeredAt })));
 * unwrap(await store.surveyResponses.insertMany(ctx, responses));
 * const r = await collect(createNpsAccumulator(), store.surveyResponses.scan(ctx, { where: { field: 'kind', op: 'eq', value: 'nps' } }));
 * if (r.ok) r.value.score; //=> ≈ 33.33
 * ```
 */
export function collect<T, R>(accumulator: Collector<T, R>, source: AsyncIterable<T> | Iterable<T>): Promise<Result<R>>;
export function collect<S, T, R>(
  accumulator: Collector<T, R>,
  source: AsyncIterable<S> | Iterable<S>,
  map: (item: S) => T,
): Promise<Result<R>>;
export function collect<S, T, R>(
  accumulator: Collector<T, R>,
  source: AsyncIterable<S> | Iterable<S>,
  map?: (item: S) => T,
): Promise<Result<R>> {
  if (!isCollector(accumulator))
    throw invalidInput('collect', [
      crmIssue.invalidType(['accumulator'], 'an accumulator (with add and result methods)', accumulator),
    ]);
  if (!isIterable(source))
    throw invalidInput('collect', [
      crmIssue.invalidType(['source'], 'an async iterable (a scan) or an iterable', source),
    ]);
  if (map !== undefined && typeof map !== 'function')
    throw invalidInput('collect', [crmIssue.invalidType(['map'], 'a function', map)]);
  return run(accumulator, source, map);
}

async function run<S, T, R>(
  accumulator: Collector<T, R>,
  source: AsyncIterable<S> | Iterable<S>,
  map: ((item: S) => T) | undefined,
): Promise<Result<R>> {
  try {
    for await (const item of source) accumulator.add(map === undefined ? (item as unknown as T) : map(item));
  } catch (e) {
    if (isCrmError(e)) return err(e as CrmError);
    throw e;
  }
  return accumulator.result();
}
