/**
 * What the batch predictions share: their option checks, the bounded caches of per-(x, T) work, and the
 * guarantee that a function returning a Result never throws for its input.
 *
 * @module
 */
import { CrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, type IssueList } from '../core/issues.js';
import { err, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { KeyTable } from './keyTable.js';

/**
 * Most distinct keys a batch prediction caches (about 1 million). Past it, customers with new keys are
 * computed directly: the same numbers, only slower. Bounds the memory of a prediction whatever the input.
 */
export const CACHE_LIMIT = 1_048_576; // 2^20, a literal so that bundlers can drop it

/** Most purchase counts one prediction may ask probabilities for. */
export const MAX_PURCHASE_COUNTS = 32;

/** A bounded cache of `width` numbers per key (a, b, c). */
export class Cache {
  readonly table: KeyTable;
  readonly values: Float64Array;
  constructor(
    customers: number,
    readonly width: number,
  ) {
    const limit = Math.max(1, Math.min(CACHE_LIMIT, Math.floor((8 * CACHE_LIMIT) / Math.max(1, width)), customers));
    this.table = new KeyTable(Math.min(limit, 1 << 16), limit);
    this.values = new Float64Array(limit * width);
  }
}

/** Checked options of a transaction-model prediction. */
export interface PredictSettings {
  readonly t: number;
  readonly counts: readonly number[];
}

/** Checks `{ t, purchaseCounts? }` (paths under `options`), pushing issues; the settings when fine. */
export function checkPredictOptions(options: unknown, issues: IssueList): PredictSettings | undefined {
  try {
    return readPredictOptions(options, issues);
  } catch {
    // A getter or proxy of the caller's threw while the options were read: reported, never thrown.
    issues.push(
      crmIssue.invalidType(['options'], 'readable options { t, purchaseCounts? } (reading them threw)', undefined),
    );
    return undefined;
  }
}

function readPredictOptions(options: unknown, issues: IssueList): PredictSettings | undefined {
  const keyIssues = checkOptionKeys(options, ['t', 'purchaseCounts'], ['options']);
  issues.push(...keyIssues);
  if (options === null || typeof options !== 'object') {
    if (keyIssues.length === 0)
      issues.push(crmIssue.invalidType(['options'], 'options { t, purchaseCounts? } (t is required)', options));
    return undefined;
  }
  const o = options as Record<string, unknown>;
  const t = o['t'];
  const before = issues.count;
  if (!(typeof t === 'number' && Number.isFinite(t) && t >= 0))
    issues.push(
      crmIssue.of('invalid_number', ['options', 't'], `t must be a finite number ≥ 0; received ${quoteValue(t)}`),
    );
  const counts = o['purchaseCounts'];
  const list: number[] = [];
  if (counts !== undefined) {
    if (!Array.isArray(counts)) {
      issues.push(crmIssue.invalidType(['options', 'purchaseCounts'], 'an array of purchase counts', counts));
    } else if (counts.length > MAX_PURCHASE_COUNTS) {
      issues.push(
        crmIssue.tooBig(
          ['options', 'purchaseCounts'],
          'the number of purchase counts',
          MAX_PURCHASE_COUNTS,
          true,
          counts.length,
        ),
      );
    } else {
      for (let j = 0; j < counts.length; j++) {
        const n: unknown = counts[j];
        if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 10_000_000))
          issues.push(
            crmIssue.of(
              'invalid_number',
              ['options', 'purchaseCounts', j],
              `a purchase count must be an integer in [0, 10000000]; received ${quoteValue(n)}`,
            ),
          );
        else list.push(n);
      }
    }
  }
  if (issues.count > before || keyIssues.length > 0) return undefined;
  return { t: t as number, counts: Object.freeze(list) };
}

/** The error of a series that did not converge for customer i. */
export function notConvergedAt(fn: string, i: number, what: string): Result<never> {
  return err(
    new CrmError('not_converged', `${fn}: ${what} did not converge for customer ${i} at these parameters`, {
      issues: [crmIssue.of('not_converged', ['columns', 'frequency', i], `${what} did not converge`)],
    }),
  );
}

/** The error of a value that overflows binary64 for customer i. */
export function overflowAt(fn: string, i: number, what: string): Result<never> {
  const message = `${what} overflows binary64 for customer ${i} at these parameters`;
  return err(
    new CrmError('validation_failed', `${fn}: ${message}`, { issues: [crmIssue.of('too_big', ['params'], message)] }),
  );
}

/** Runs `body`; a CrmError thrown by a kernel becomes an error Result (the function never throws for its input). */
export function guarded<T>(body: () => Result<T>): Result<T> {
  try {
    return body();
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    throw e;
  }
}

/** Issues with their paths under `prefix`. */
export function under(prefix: string, issues: readonly CrmIssue[]): CrmIssue[] {
  return issues.map((i) => ({ ...i, path: [prefix, ...i.path] }));
}
