/**
 * The engine of every `scan`: an `AsyncIterable` that opens a page source on each iteration, checks
 * the signal before every page and every record, and turns failed `Result`s into rejections of
 * `next()`. Public so that an adapter can build its own `scan` the way the built-in stores do.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import type { Result } from '../core/result.js';

/**
 * Where a scan's pages come from: each `next()` reads the next page, `ok(null)` after the last.
 *
 * @example
 * ```ts
 * const pages = [[1, 2], [3]];
 * const source: PageSource<number> = { next: async () => ok(pages.shift() ?? null) };
 * ```
 */
export interface PageSource<E> {
  /** The next page, `ok(null)` when there is none; a failed `Result` ends the scan with its error. */
  next(): Promise<Result<readonly E[] | null>>;
}

/**
 * What opening a scan gives {@link scanPages}: its page source and the signal that ends it.
 *
 * @example
 * ```ts
 * const opened: OpenedScan<number> = { source: { next: async () => ok(null) }, signal: null };
 * ```
 */
export interface OpenedScan<E> {
  /** The pages. */
  readonly source: PageSource<E>;
  /** Ends the scan with `aborted` (checked before every page and every record, and while a page is read); `null`: none. */
  readonly signal: AbortSignal | null;
}

function abortedError(what: string, seen: number, signal: AbortSignal): CrmError {
  return new CrmError('aborted', `${what}: aborted after ${seen} record${seen === 1 ? '' : 's'}`, {
    cause: signal.reason,
  });
}

/** `page` or, when `signal` aborts first, the `aborted` error (the page's outcome is then dropped). */
function untilAborted<T>(page: Promise<T>, signal: AbortSignal | null, onAbort: () => CrmError): Promise<T> {
  if (signal === null) return page;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    page.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

/**
 * A scan as an `AsyncIterable`: every `[Symbol.asyncIterator]()` calls `open` (which checks the
 * request, e.g. with `checkScan`) and reads its pages one at a time, holding one page. A failed
 * `Result` (of `open` or of a page) rejects `next()` with its `CrmError`; an aborted signal rejects it
 * with `aborted` (`what` names the scan in the message); breaking out of the loop reads no further
 * page. Never throws itself.
 *
 * @example
 * ```ts
 * const pages = [[1, 2], [3]];
 * const numbers = scanPages('numbers', () => {
 *   let i = 0;
 *   return ok({ signal: null, source: { next: async () => ok(pages[i++] ?? null) } });
 * });
 * const seen: number[] = [];
 * for await (const n of numbers) seen.push(n);
 * seen; //=> [1, 2, 3]
 * ```
 */
export function scanPages<E>(
  what: string,
  open: () => Result<OpenedScan<E>> | Promise<Result<OpenedScan<E>>>,
): AsyncIterable<E> {
  async function* run(): AsyncGenerator<E, void, undefined> {
    const opened = await open();
    if (!opened.ok) throw opened.error;
    const { source, signal } = opened.value;
    let seen = 0;
    for (;;) {
      if (signal?.aborted) throw abortedError(what, seen, signal);
      const page = await untilAborted(source.next(), signal, () => abortedError(what, seen, signal!));
      if (!page.ok) throw page.error;
      if (page.value === null) return;
      for (const e of page.value) {
        if (signal?.aborted) throw abortedError(what, seen, signal);
        seen++;
        yield e;
      }
    }
  }
  return Object.freeze({ [Symbol.asyncIterator]: () => run() });
}
