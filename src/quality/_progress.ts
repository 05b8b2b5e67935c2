/**
 * Progress and cancellation for the long functions of crmkit/quality (duplicateClusters, trainMatchModel):
 * the work is a generator yielding at pause points, driven by the runners of crmkit/scoring, with what
 * `onProgress` throws told apart from what reading the caller's data throws.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { err, type Result } from '../core/result.js';
import {
  abortedError,
  readProgressOptions,
  runAsync,
  runSync,
  type ProgressOptions,
  type ScoringProgress,
} from '../scoring/progress.js';

/** Work that yields progress reports (or bare pause points) and returns its Result. */
export type Steps<T> = Generator<ScoringProgress | undefined, Result<T>>;

/** Reports between two pause points at least this many units of work apart. */
export const PROGRESS_EVERY = 16_384;

/** The `onProgress` and `signal` options, checked; issues under `path`. */
export function readControl(options: unknown, path: readonly PathSegment[], issues: CrmIssue[]): ProgressOptions {
  if (options === undefined || options === null || typeof options !== 'object') return {};
  const o = options as { onProgress?: unknown; signal?: unknown };
  const found: CrmIssue[] = [];
  const control = readProgressOptions(o.onProgress, o.signal, found);
  for (const i of found) issues.push({ ...i, path: [...path, ...i.path] });
  return control;
}

/** The control with `onProgress` wrapped, remembering whether it threw. */
function guarded(control: ProgressOptions): { control: ProgressOptions; threw: () => boolean } {
  let threw = false;
  const onProgress = control.onProgress;
  if (onProgress === undefined) return { control, threw: () => false };
  return {
    control: {
      ...control,
      onProgress: (p) => {
        try {
          onProgress(p);
        } catch (e) {
          threw = true;
          throw e;
        }
      },
    },
    threw: () => threw,
  };
}

/**
 * Runs the steps to the end: their Result, `aborted` when the signal fires at a pause point, or
 * `failure(e)` for what the work threw; what `onProgress` throws propagates.
 */
export function drive<T>(
  what: string,
  steps: Steps<T>,
  control: ProgressOptions,
  failure: (e: unknown) => Result<T>,
): Result<T> {
  const g = guarded(control);
  try {
    const out = runSync(steps, g.control);
    return out.aborted ? err(abortedError(what, control.signal!)) : out.value;
  } catch (e) {
    if (g.threw()) throw e;
    return failure(e);
  }
}

/** {@link drive}, giving the event loop a turn at every pause point. */
export async function driveAsync<T>(
  what: string,
  steps: Steps<T>,
  control: ProgressOptions,
  failure: (e: unknown) => Result<T>,
): Promise<Result<T>> {
  const g = guarded(control);
  try {
    const out = await runAsync(steps, g.control);
    return out.aborted ? err(abortedError(what, control.signal!)) : out.value;
  } catch (e) {
    if (g.threw()) throw e;
    return failure(e);
  }
}
