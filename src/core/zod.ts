/**
 * Bridges zod's errors to {@link CrmError}.
 *
 * @module
 */
import type { z } from 'zod';
import { argumentError, checkedIssues, CRM_ISSUE_CODES, CrmError, formatPath, type CrmIssue } from './errors.js';
import { crmIssue } from './issues.js';
import { err, ok, type Result } from './result.js';
import { freezeCopy } from '../_lib/freeze.js';

/**
 * Converts a zod error into a `CrmError` with code `validation_failed`, keeping every issue with its
 * full path (symbol keys become their description).
 *
 * @throws CrmError `validation_failed` when `error` is not a zod error (an object whose `issues` are
 * zod issues) or `what` is not a string.
 *
 * @example
 * ```ts
 * const r = z.object({ email: z.email() }).safeParse({ email: 'x' });
 * if (!r.success) fromZodError(r.error, 'Lead').issues[0]?.path; //=> ['email']
 * ```
 */
export function fromZodError(error: z.core.$ZodError, what = 'Input'): CrmError {
  if (typeof what !== 'string') throw argumentError('fromZodError', ['what'], 'a string', what);
  const issues = checkedIssues(zodIssues(error), 'fromZodError', ['error', 'issues']);
  const first = issues[0];
  const summary =
    first === undefined
      ? `${what} is invalid`
      : `${what} is invalid: ${issues.length} issue${issues.length === 1 ? '' : 's'}, first at ${formatFirst(first)}`;
  return new CrmError('validation_failed', summary, { issues, cause: error });
}

/** A zod error's issues with symbol keys as their description; what is not a zod issue is left for the check. */
function zodIssues(error: unknown): unknown {
  try {
    const raw = typeof error === 'object' && error !== null ? (error as { issues?: unknown }).issues : undefined;
    if (!Array.isArray(raw)) throw argumentError('fromZodError', ['error'], 'a zod error', error);
    return raw.map((i: unknown) => {
      if (typeof i !== 'object' || i === null) return i;
      const { path, message, code } = i as { path?: unknown; message?: unknown; code?: unknown };
      return {
        path: Array.isArray(path)
          ? path.map((p: unknown) => (typeof p === 'symbol' ? (p.description ?? 'Symbol()') : p))
          : path,
        message,
        // zod may add codes; one crmkit does not list is kept as `custom`.
        code: typeof code === 'string' && (CRM_ISSUE_CODES as readonly string[]).includes(code) ? code : 'custom',
      };
    });
  } catch (e) {
    if (e instanceof CrmError) throw e;
    throw argumentError('fromZodError', ['error'], 'a readable zod error (a getter threw)', undefined);
  }
}

function formatFirst(issue: CrmIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/**
 * Parses `input` with a zod schema into a `Result` whose value is a deep-frozen copy (the input is never
 * frozen, even where the schema passes a value through). Input that cannot be read (a getter that
 * throws) is a `validation_failed` error in the Result.
 *
 * @throws CrmError `validation_failed` when `schema` is not a zod schema or `what` is not a string.
 *
 * @example
 * ```ts
 * safeParseResult(z.number().int(), 3); //=> { ok: true, value: 3 }
 * safeParseResult(z.number().int(), 'x').ok; //=> false
 * ```
 */
export function safeParseResult<S extends z.ZodType>(schema: S, input: unknown, what = 'Input'): Result<z.output<S>> {
  if (typeof what !== 'string') throw argumentError('safeParseResult', ['what'], 'a string', what);
  if (!isSchema(schema)) throw argumentError('safeParseResult', ['schema'], 'a zod schema', schema);
  try {
    const r = schema.safeParse(input);
    return r.success ? ok(freezeCopy(r.data)) : err(fromZodError(r.error, what));
  } catch (cause) {
    return err(
      new CrmError('validation_failed', `${what} could not be read: reading it threw`, {
        issues: [crmIssue.invalidType([], 'readable data', input)],
        cause,
      }),
    );
  }
}

function isSchema(schema: unknown): schema is z.ZodType {
  try {
    return typeof schema === 'object' && schema !== null && typeof (schema as z.ZodType).safeParse === 'function';
  } catch {
    return false;
  }
}
