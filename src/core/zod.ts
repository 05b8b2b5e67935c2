/**
 * Bridges zod's errors to {@link CrmError}.
 *
 * @module
 */
import type { z } from 'zod';
import { CrmError, formatPath, type CrmIssue, type PathSegment } from './errors.js';
import { err, ok, type Result } from './result.js';
import { deepFreeze } from '../_lib/freeze.js';

/**
 * Converts a zod error into a `CrmError` with code `validation_failed`, keeping every issue with its
 * full path (symbol keys become their description).
 *
 * Never throws. An issue whose zod code crmkit does not list becomes `custom`.
 *
 * @example
 * ```ts
 * const r = z.object({ email: z.email() }).safeParse({ email: 'x' });
 * if (!r.success) fromZodError(r.error, 'Lead').issues[0]?.path; //=> ['email']
 * ```
 */
export function fromZodError(error: z.core.$ZodError, what = 'Input'): CrmError {
  const issues: CrmIssue[] = error.issues.map((i) => ({
    path: i.path.map((p): PathSegment => (typeof p === 'symbol' ? (p.description ?? String(p)) : p)),
    message: i.message,
    code: i.code,
  }));
  const first = issues[0];
  const summary =
    first === undefined
      ? `${what} is invalid`
      : `${what} is invalid: ${issues.length} issue${issues.length === 1 ? '' : 's'}, first at ${formatFirst(first)}`;
  return new CrmError('validation_failed', summary, { issues, cause: error });
}

function formatFirst(issue: CrmIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/**
 * Parses `input` with a zod schema into a `Result` whose value is deep-frozen.
 *
 * @example
 * ```ts
 * safeParseResult(z.number().int(), 3); //=> { ok: true, value: 3 }
 * safeParseResult(z.number().int(), 'x').ok; //=> false
 * ```
 */
export function safeParseResult<S extends z.ZodType>(schema: S, input: unknown, what = 'Input'): Result<z.output<S>> {
  const r = schema.safeParse(input);
  return r.success ? ok(deepFreeze(r.data)) : err(fromZodError(r.error, what));
}
