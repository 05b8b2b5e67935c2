/**
 * `crmkit/workers`: crmkit/clv's batch calls split by rows over Node worker threads (Node only: the other
 * entries run in Node, Deno and browsers, and never start a thread).
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CrmError } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { lifetimeValues, type LifetimeValuesOptions } from '../clv/lifetimeValues.js';
import { predictBgNbd, type PredictBgNbdOptions, type TransactionPredictions } from '../clv/predictBgNbd.js';
import { predictGammaGamma } from '../clv/predictGammaGamma.js';
import { predictParetoNbd, type PredictParetoNbdOptions } from '../clv/predictParetoNbd.js';
import { fitBgNbd, type BgNbdFit, type BgNbdParams, type FitBgNbdOptions } from '../clv/bgNbd.js';
import { fitParetoNbd, type FitParetoNbdOptions, type ParetoNbdFit, type ParetoNbdParams } from '../clv/paretoNbd.js';
import {
  fitGammaGamma,
  type FitGammaGammaOptions,
  type GammaGammaFit,
  type GammaGammaParams,
} from '../clv/gammaGamma.js';
import type { MonetaryRow, RfmRow } from '../clv/rows.js';
import { deepFreeze } from '../_lib/freeze.js';
import type { LifetimeValueColumns, MonetaryColumns, RfmColumns } from '../clv/columns.js';
import type { SpendModel, TransactionModel } from '../clv/models.js';

/**
 * Options of {@link createClvWorkerPool}.
 *
 * @example
 * ```ts
 * const options: ClvWorkerPoolOptions = { threads: 2, minRowsPerThread: 50_000 };
 * ```
 */
export interface ClvWorkerPoolOptions {
  /** Worker threads (1–64; default: the machine's available parallelism, at most 8). */
  readonly threads?: number;
  /**
   * Calls on fewer rows than this per thread run on the calling thread, where sending them would cost
   * more than it saves (default 25,000; 0 sends every call).
   */
  readonly minRowsPerThread?: number;
}

/**
 * crmkit/clv's batch calls over worker threads, made by {@link createClvWorkerPool}. Each call takes the
 * arguments of the synchronous function of the same name and resolves to the same `Result`, bit for
 * bit: the rows are split into one contiguous slice per thread, each thread runs the batch function on
 * its slice, and the slices are joined in order (every customer's value depends on that customer
 * alone). An input the synchronous call refuses is answered by that call, on the calling thread, so
 * the errors are its errors. The batch calls never reject; the segment fits reject only with a
 * `CrmError` (`validation_failed`) when `segments` is not a list.
 *
 * @example
 * ```ts
 * declare const pool: ClvWorkerPool;
 * const values = await pool.lifetimeValues(
 *   { model: 'bg_nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
 *   { params: { p: 6.25, q: 3.74, v: 15.44 } },
 *   { frequency: [2], recency: [30.43], T: [38.86], monetaryValue: [22.35] },
 *   { horizon: 12, discountRate: 0.01, timeUnit: 'week' },
 * );
 * await pool.close();
 * ```
 */
export interface ClvWorkerPool {
  /** The number of worker threads. */
  readonly threads: number;
  /** `predictBgNbd` of crmkit/clv, split by rows. */
  predictBgNbd(
    params: BgNbdParams,
    columns: RfmColumns,
    options: PredictBgNbdOptions,
  ): Promise<Result<TransactionPredictions>>;
  /** `predictParetoNbd` of crmkit/clv, split by rows. */
  predictParetoNbd(
    params: ParetoNbdParams,
    columns: RfmColumns,
    options: PredictParetoNbdOptions,
  ): Promise<Result<TransactionPredictions>>;
  /** `predictGammaGamma` of crmkit/clv, split by rows. */
  predictGammaGamma(params: GammaGammaParams, columns: MonetaryColumns): Promise<Result<Float64Array>>;
  /** `lifetimeValues` of crmkit/clv, split by rows. */
  lifetimeValues(
    transactionModel: TransactionModel,
    spendModel: SpendModel,
    columns: LifetimeValueColumns,
    options: LifetimeValuesOptions,
  ): Promise<Result<Float64Array>>;
  /**
   * `fitBgNbd` of crmkit/clv for each segment (a list of rows or columns), the segments fitted in
   * parallel, one per thread at a time, the largest first, each thread taking the next segment when it is
   * free: the fits `fitBgNbd` gives for them, in order, bit for bit. A
   * segment whose fit fails, or whose options cannot be sent to a thread (`onProgress`, `signal`), is
   * fitted on the calling thread, so its `Result` is `fitBgNbd`'s.
   */
  fitBgNbdSegments(
    segments: readonly (readonly RfmRow[] | RfmColumns)[],
    options?: FitBgNbdOptions,
  ): Promise<readonly Result<BgNbdFit>[]>;
  /** `fitParetoNbd` of crmkit/clv for each segment, in parallel (as {@link ClvWorkerPool.fitBgNbdSegments}). */
  fitParetoNbdSegments(
    segments: readonly (readonly RfmRow[] | RfmColumns)[],
    options?: FitParetoNbdOptions,
  ): Promise<readonly Result<ParetoNbdFit>[]>;
  /** `fitGammaGamma` of crmkit/clv for each segment, in parallel (as {@link ClvWorkerPool.fitBgNbdSegments}). */
  fitGammaGammaSegments(
    segments: readonly (readonly MonetaryRow[] | MonetaryColumns)[],
    options?: FitGammaGammaOptions,
  ): Promise<readonly Result<GammaGammaFit>[]>;
  /**
   * Stops the threads (waiting for none of their calls: those resolve to `aborted`). Calls made after
   * it resolve to `aborted`. Closing twice is closing once.
   */
  close(): Promise<void>;
}

/** The most threads a pool starts. */
const MAX_THREADS = 64;
const COLUMN_KEYS = ['frequency', 'recency', 'T', 'monetaryValue', 'weight'] as const;
const OPTION_KEYS = ['threads', 'minRowsPerThread'];

interface Pending {
  readonly resolve: (answer: { ok: boolean; value?: unknown }) => void;
}

interface Thread {
  worker: Worker | null;
  readonly pending: Map<number, Pending>;
  /** The thread loaded its module once (it said so). */
  ready: boolean;
  /** It died before it loaded (its file missing, say): never started again; its slices run on the calling thread. */
  broken: boolean;
}

/**
 * Starts a pool of worker threads for crmkit/clv's batch calls (`predictBgNbd`, `predictParetoNbd`,
 * `predictGammaGamma`, `lifetimeValues`) and for fits of many segments (`fitBgNbdSegments`,
 * `fitParetoNbdSegments`, `fitGammaGammaSegments`): the same answers, bit for bit, computed on several
 * cores. One thread is the calling thread's speed, with the work off its event loop.
 * The threads start now, once; keep the pool for many calls and close it when done (an idle pool does
 * not keep the process alive).
 *
 * When it pays (docs/clv.md, "Threads"): on calls of many customers, with a pool kept warm. On this
 * project's 2-core machine two threads made a 1,000,000-customer `lifetimeValues` about 1.9× faster
 * (docs/benchmarks.md, "clv" §6); a call on fewer than `minRowsPerThread` rows per thread runs on the
 * calling thread.
 *
 * Columns are copied once into shared memory (a `Float64Array` on a `SharedArrayBuffer` is read in
 * place); the answers are new `Float64Array`s, as the synchronous calls give.
 *
 * @throws {CrmError} `validation_failed` for options of the wrong form (unknown keys, `threads` outside
 * 1–64 or not an integer, a negative `minRowsPerThread`).
 * @example
 * ```ts
 * declare const customers: { frequency: Float64Array; recency: Float64Array; T: Float64Array };
 * const pool = createClvWorkerPool({ threads: 2 });
 * const r = await pool.predictBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers, { t: 52 });
 * if (r.ok) r.value.probabilityAlive;
 * await pool.close();
 * ```
 */
export function createClvWorkerPool(options?: ClvWorkerPoolOptions): ClvWorkerPool {
  const o = (options ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o))
    throw invalidInput('createClvWorkerPool', [
      crmIssue.invalidType([], 'options { threads?, minRowsPerThread? }', options),
    ]);
  const issues = [];
  const unknown = Object.keys(o).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length > 0) issues.push(crmIssue.unrecognizedKeys([], unknown, OPTION_KEYS));
  const threads = o['threads'] ?? Math.max(1, Math.min(availableParallelism(), 8));
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)
    issues.push(crmIssue.invalidValue(['threads'], `expected an integer from 1 to ${MAX_THREADS}`, threads));
  const minRows = o['minRowsPerThread'] ?? 25_000;
  if (typeof minRows !== 'number' || !Number.isSafeInteger(minRows) || minRows < 0)
    issues.push(crmIssue.invalidValue(['minRowsPerThread'], 'expected a non-negative integer', minRows));
  if (issues.length > 0) throw invalidInput('createClvWorkerPool', issues);
  return new Pool(threads as number, minRows as number);
}

class Pool implements ClvWorkerPool {
  readonly threads: number;
  readonly #minRows: number;
  readonly #pool: Thread[];
  #closed = false;
  #next = 0;

  constructor(threads: number, minRows: number) {
    this.threads = threads;
    this.#minRows = minRows;
    this.#pool = Array.from({ length: threads }, () => {
      const t: Thread = { worker: null, pending: new Map(), ready: false, broken: false };
      this.#start(t);
      return t;
    });
    // Frozen as every crmkit result is (its state is private, and stays its own).
    Object.freeze(this);
  }

  predictBgNbd(
    params: BgNbdParams,
    columns: RfmColumns,
    options: PredictBgNbdOptions,
  ): Promise<Result<TransactionPredictions>> {
    return this.#split(
      'predictBgNbd',
      columns,
      (c) => [params, c, options],
      () => predictBgNbd(params, columns, options),
    );
  }

  predictParetoNbd(
    params: ParetoNbdParams,
    columns: RfmColumns,
    options: PredictParetoNbdOptions,
  ): Promise<Result<TransactionPredictions>> {
    return this.#split(
      'predictParetoNbd',
      columns,
      (c) => [params, c, options],
      () => predictParetoNbd(params, columns, options),
    );
  }

  predictGammaGamma(params: GammaGammaParams, columns: MonetaryColumns): Promise<Result<Float64Array>> {
    return this.#split(
      'predictGammaGamma',
      columns,
      (c) => [params, c],
      () => predictGammaGamma(params, columns),
    );
  }

  lifetimeValues(
    transactionModel: TransactionModel,
    spendModel: SpendModel,
    columns: LifetimeValueColumns,
    options: LifetimeValuesOptions,
  ): Promise<Result<Float64Array>> {
    return this.#split(
      'lifetimeValues',
      columns,
      (c) => [transactionModel, spendModel, c, options],
      () => lifetimeValues(transactionModel, spendModel, columns, options),
    );
  }

  fitBgNbdSegments(
    segments: readonly (readonly RfmRow[] | RfmColumns)[],
    options?: FitBgNbdOptions,
  ): Promise<readonly Result<BgNbdFit>[]> {
    return this.#segments('fitBgNbdSegments', 'fitBgNbd', segments, options, (s) => fitBgNbd(s as RfmColumns, options));
  }

  fitParetoNbdSegments(
    segments: readonly (readonly RfmRow[] | RfmColumns)[],
    options?: FitParetoNbdOptions,
  ): Promise<readonly Result<ParetoNbdFit>[]> {
    return this.#segments('fitParetoNbdSegments', 'fitParetoNbd', segments, options, (s) =>
      fitParetoNbd(s as RfmColumns, options),
    );
  }

  fitGammaGammaSegments(
    segments: readonly (readonly MonetaryRow[] | MonetaryColumns)[],
    options?: FitGammaGammaOptions,
  ): Promise<readonly Result<GammaGammaFit>[]> {
    return this.#segments('fitGammaGammaSegments', 'fitGammaGamma', segments, options, (s) =>
      fitGammaGamma(s as MonetaryColumns, options),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(
      this.#pool.map(async (t) => {
        const w = t.worker;
        t.worker = null;
        this.#settle(t, { ok: false });
        if (w !== null) await w.terminate();
      }),
    );
  }

  /** Starts a thread's worker (again, after one died). */
  #start(t: Thread): void {
    // A young generation as large as the main thread's: with a worker's default, the fits of
    // test/bench/workers.bench.ts ran 0.68× the calling thread's speed on one thread, with this 0.83–1.01×.
    const w = new Worker(new URL('./workers-thread.js', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    w.unref();
    w.on('message', (m: { id: number; ok: boolean; value?: unknown; ready?: boolean }) => {
      if (m.ready === true) {
        t.ready = true;
        return;
      }
      const p = t.pending.get(m.id);
      if (p === undefined) return;
      t.pending.delete(m.id);
      if (t.pending.size === 0) w.unref();
      p.resolve(m);
    });
    const died = () => {
      if (t.worker !== w) return;
      t.worker = null;
      if (!t.ready) t.broken = true;
      this.#settle(t, { ok: false });
    };
    w.on('error', died);
    w.on('exit', died);
    t.worker = w;
  }

  /** Answers every pending call of a thread (a worker that died or was stopped). */
  #settle(t: Thread, answer: { ok: boolean }): void {
    const pending = [...t.pending.values()];
    t.pending.clear();
    for (const p of pending) p.resolve(answer);
  }

  /** Sends one slice to a thread; resolves to its answer (`ok: false` when it failed or died). */
  #send(t: Thread, fn: string, args: unknown[]): Promise<{ ok: boolean; value?: unknown }> {
    if (t.worker === null && !t.broken && !this.#closed) this.#start(t);
    const w = t.worker;
    if (w === null) return Promise.resolve({ ok: false });
    const id = this.#next++;
    return new Promise((resolve) => {
      t.pending.set(id, { resolve });
      w.ref();
      try {
        w.postMessage({ id, fn, args });
      } catch {
        // An argument that cannot be sent (a function, say): the call is made on this thread.
        t.pending.delete(id);
        if (t.pending.size === 0) w.unref();
        resolve({ ok: false });
      }
    });
  }

  /**
   * Fits the segments from one queue, the largest first: each thread takes the next segment when it has
   * answered its last (segments of unequal size then keep every thread busy to the end); a failed one again
   * on this thread.
   */
  async #segments<T>(
    name: string,
    fn: string,
    segments: unknown,
    options: unknown,
    direct: (segment: unknown) => Result<T>,
  ): Promise<readonly Result<T>[]> {
    if (!Array.isArray(segments))
      throw invalidInput(name, [crmIssue.invalidType(['segments'], 'a list of segments (rows or columns)', segments)]);
    const list = segments as readonly unknown[];
    const aborted = (): Result<T> => err(new CrmError('aborted', `${name}: the worker pool is closed`));
    if (this.#closed) return Object.freeze(list.map(aborted));
    const answers: { ok: boolean; value?: unknown }[] = list.map(() => ({ ok: false }));
    // The largest segments first (the longest-processing-time rule): a large one taken last would keep
    // one thread busy while the others wait.
    const queue = list.map((_, i) => i).sort((i, j) => segmentRows(list[j]) - segmentRows(list[i]) || i - j);
    let next = 0;
    const lane = async (t: Thread): Promise<void> => {
      while (next < queue.length && !this.#closed) {
        const i = queue[next++]!;
        const segment = list[i];
        // Columns go in shared memory, as the batch calls' do: a view is otherwise sent with its whole
        // buffer (a segment cut from a column of millions would copy all of it).
        const shared = Array.isArray(segment) ? null : sharedColumns(segment);
        const sent = shared === null ? segment : shared.columns;
        answers[i] = await this.#send(t, fn, options === undefined ? [sent] : [sent, options]);
        // A thread that could not load takes no more: the other threads (or this one) fit the rest.
        if (t.broken) return;
      }
    };
    await Promise.all(this.#pool.filter((t) => !t.broken).map(lane));
    if (this.#closed) return Object.freeze(list.map(aborted));
    return Object.freeze(answers.map((a, i) => (a.ok ? ok(deepFreeze(a.value) as T) : direct(list[i]))));
  }

  async #split<T>(
    fn: string,
    columns: object,
    argsFor: (columns: Record<string, Float64Array>) => unknown[],
    direct: () => Result<T>,
  ): Promise<Result<T>> {
    if (this.#closed) return err(new CrmError('aborted', `${fn}: the worker pool is closed`));
    const n = rowCount(columns);
    const threads = Math.min(this.threads, this.#minRows === 0 ? n : Math.floor(n / this.#minRows));
    // No rows worth sending, or no thread could load (an app bundled without the thread file): the
    // calling thread does it all.
    if (threads < 1 || this.#pool.every((t) => t.broken)) return direct();
    const shared = sharedColumns(columns);
    if (shared === null) return direct();
    const answers = await Promise.all(
      Array.from({ length: threads }, (_, k) => {
        const from = Math.floor((n * k) / threads);
        const to = Math.floor((n * (k + 1)) / threads);
        const slice: Record<string, Float64Array> = {};
        for (const [key, column] of Object.entries(shared.columns)) slice[key] = column.subarray(from, to);
        return this.#send(this.#pool[k % this.#pool.length]!, fn, argsFor(slice));
      }),
    );
    if (this.#closed) return err(new CrmError('aborted', `${fn}: the worker pool was closed during the call`));
    // A slice refused (or a thread lost): the call on this thread gives the synchronous call's answer.
    if (answers.some((a) => !a.ok)) return direct();
    return ok(joined(answers.map((a) => a.value)) as T);
  }
}

/** The rows of a segment: a list's length, or its columns' (0 for anything else: the fit says what is wrong). */
function segmentRows(segment: unknown): number {
  return Array.isArray(segment) ? segment.length : rowCount(segment);
}

/** The number of rows of a call: the length of its `frequency` column (0 when it has none). */
function rowCount(columns: unknown): number {
  if (columns === null || typeof columns !== 'object') return 0;
  const f: unknown = (columns as Record<string, unknown>)['frequency'];
  return f instanceof Float64Array || Array.isArray(f) ? f.length : 0;
}

/**
 * The columns the batch calls read, in shared memory, or `null` when the call is better made on the
 * calling thread: columns that are not plain numbers of one length (the synchronous call then says
 * what is wrong).
 */
function sharedColumns(columns: unknown): { size: number; columns: Record<string, Float64Array> } | null {
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) return null;
  const out: Record<string, Float64Array> = {};
  let size = -1;
  for (const key of Object.keys(columns)) {
    // A key the batch calls do not read (an id column, say) is not sent.
    if (!(COLUMN_KEYS as readonly string[]).includes(key)) continue;
    const c: unknown = (columns as Record<string, unknown>)[key];
    if (c === undefined) continue;
    if (!(c instanceof Float64Array) && !Array.isArray(c)) return null;
    if (size >= 0 && c.length !== size) return null;
    size = c.length;
    if (c instanceof Float64Array && c.buffer instanceof SharedArrayBuffer) {
      out[key] = c;
      continue;
    }
    const copy = new Float64Array(new SharedArrayBuffer(c.length * 8));
    if (c instanceof Float64Array) copy.set(c);
    else
      for (let i = 0; i < c.length; i++) {
        const v: unknown = c[i];
        if (typeof v !== 'number') return null;
        copy[i] = v;
      }
    out[key] = copy;
  }
  return size < 0 ? null : { size, columns: out };
}

/** The slices' answers joined in order: typed arrays end to end, objects key by key, frozen as the calls freeze them. */
function joined(parts: unknown[]): unknown {
  const first = parts[0];
  if (first instanceof Float64Array) {
    let n = 0;
    for (const p of parts) n += (p as Float64Array).length;
    const out = new Float64Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p as Float64Array, at);
      at += (p as Float64Array).length;
    }
    return out;
  }
  if (first === null || typeof first !== 'object') return first;
  if (Array.isArray(first)) return Object.freeze(first.map((_, i) => joined(parts.map((p) => (p as unknown[])[i]))));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first as object))
    out[key] = joined(parts.map((p) => (p as Record<string, unknown>)[key]));
  return Object.freeze(out);
}
