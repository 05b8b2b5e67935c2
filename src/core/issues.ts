/**
 * Issue constructors: one template per kind of problem, so that every module words the same problem
 * the same way (what was wrong, where, and what is allowed), as zod's issue classes do. Plus the two
 * checks every function with options makes: unknown option keys are refused, and a list of issues
 * becomes one `validation_failed` error with a bounded message.
 *
 * @module
 */
import {
  argumentError,
  checkedIssues,
  checkedPath,
  CrmError,
  formatPath,
  type CrmIssue,
  type CrmIssueCode,
  type PathSegment,
} from './errors.js';
import { quoteValue } from '../_lib/show.js';

/**
 * The most issues one error carries. Validation stops collecting past it (the last issue says how many
 * more were found), so an input with a million mistakes costs no more to report than one with a hundred.
 *
 * @example
 * ```ts
 * MAX_ISSUES; //=> 100
 * ```
 */
export const MAX_ISSUES = 100;

function list(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}

/**
 * Constructors of {@link CrmIssue}s. Each owns its message template; the received value is printed by
 * a bounded printer (never more than 120 characters, never a throw).
 *
 * @example
 * ```ts
 * crmIssue.invalidType(['limit'], 'an integer', 'ten').message; //=> 'expected an integer; received "ten"'
 * crmIssue.unrecognizedKeys([], ['by'], ['period', 'asOf']).message; //=> "unknown key 'by'; allowed: period, asOf"
 * ```
 */
export const crmIssue = /* @__PURE__ */ Object.freeze({
  /** Any code with a message of the caller's own. */
  of(code: CrmIssueCode, path: readonly PathSegment[], message: string): CrmIssue {
    return { path, message, code };
  },
  /** The wrong kind of value: `expected <expected>; received <value>`. */
  invalidType(path: readonly PathSegment[], expected: string, received: unknown): CrmIssue {
    return { path, message: `expected ${expected}; received ${quoteValue(received)}`, code: 'invalid_type' };
  },
  /** A value that is not allowed: `<what>; received <value>` (and the allowed values when given). */
  invalidValue(path: readonly PathSegment[], what: string, received: unknown, allowed?: readonly string[]): CrmIssue {
    const tail = allowed === undefined ? '' : `; allowed: ${list(allowed)}`;
    return { path, message: `${what}; received ${quoteValue(received)}${tail}`, code: 'invalid_value' };
  },
  /** Not a finite number. */
  invalidNumber(path: readonly PathSegment[], received: unknown): CrmIssue {
    return { path, message: `expected a finite number; received ${quoteValue(received)}`, code: 'invalid_number' };
  },
  /** Not a valid instant. */
  invalidDate(path: readonly PathSegment[], received: unknown): CrmIssue {
    return {
      path,
      message: `expected a valid Date or ISO 8601 instant; received ${quoteValue(received)}`,
      code: 'invalid_date',
    };
  },
  /** Keys that are not allowed: `unknown key 'x'; allowed: a, b`. */
  unrecognizedKeys(path: readonly PathSegment[], keys: readonly string[], allowed: readonly string[]): CrmIssue {
    const shown = keys.slice(0, 10).map((k) => quoteValue(k).replace(/^"|"$/g, "'"));
    const more = keys.length > 10 ? ` and ${keys.length - 10} more` : '';
    const noun = keys.length === 1 ? 'key' : 'keys';
    return {
      path,
      message: `unknown ${noun} ${shown.join(', ')}${more}; allowed: ${list(allowed)}`,
      code: 'unrecognized_keys',
    };
  },
  /** Below a bound. */
  tooSmall(
    path: readonly PathSegment[],
    what: string,
    minimum: number,
    inclusive: boolean,
    received: unknown,
  ): CrmIssue {
    return {
      path,
      message: `${what} must be ${inclusive ? 'at least' : 'greater than'} ${minimum}; received ${quoteValue(received)}`,
      code: 'too_small',
    };
  },
  /** Above a bound. */
  tooBig(path: readonly PathSegment[], what: string, maximum: number, inclusive: boolean, received: unknown): CrmIssue {
    return {
      path,
      message: `${what} must be ${inclusive ? 'at most' : 'less than'} ${maximum}; received ${quoteValue(received)}`,
      code: 'too_big',
    };
  },
  /** Nesting deeper than a documented limit. */
  tooDeep(path: readonly PathSegment[], what: string, limit: number): CrmIssue {
    return { path, message: `${what} nest at most ${limit} levels deep`, code: 'too_deep' };
  },
  /** A name that is not known: `unknown <kind> 'x'; known: a, b`. */
  unknownName(
    code:
      | 'unknown_field'
      | 'unknown_operator'
      | 'unknown_extension'
      | 'unknown_reference'
      | 'unknown_stage'
      | 'unknown_state'
      | 'unknown_guard',
    path: readonly PathSegment[],
    kind: string,
    name: unknown,
    known: readonly string[],
  ): CrmIssue {
    const shown = known.length > 40 ? `${known.slice(0, 40).join(', ')}, …` : list(known);
    return { path, message: `unknown ${kind} ${quoteValue(name)}; known: ${shown}`, code };
  },
  /** A value given twice where it must be unique. */
  duplicate(path: readonly PathSegment[], what: string, value: unknown, firstAt?: readonly PathSegment[]): CrmIssue {
    const where = firstAt === undefined ? '' : ` (first at ${formatPath(firstAt)})`;
    return { path, message: `${what} ${quoteValue(value)} appears twice${where}`, code: 'duplicate' };
  },
});

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks an options argument: `undefined` and `null` mean no options; anything else must be a plain
 * object whose own keys are all in `allowed`. Returns the issues (empty when the options are fine), with
 * paths under `path`.
 *
 * Never throws. Whatever `options` is, the problems come back as issues.
 *
 * @example
 * ```ts
 * checkOptionKeys({ period: 'x', by: 'plan' }, ['period', 'asOf']); //=> [{ path: [], code: 'unrecognized_keys', message: "unknown key 'by'; allowed: period, asOf" }]
 * checkOptionKeys(undefined, ['period']); //=> []
 * ```
 *
 * @throws CrmError `validation_failed` when `allowed` is not an array of strings or `path` is not a path
 * (the caller's code, not data; bad `options` are issues in the returned list).
 */
export function checkOptionKeys(
  options: unknown,
  allowed: readonly string[],
  path: readonly PathSegment[] = [],
): CrmIssue[] {
  const names = allowedNames(allowed);
  const at = checkedPath(path, 'checkOptionKeys', ['path']);
  if (options === undefined || options === null) return [];
  if (!isRecord(options)) return [crmIssue.invalidType(at, `an options object with keys ${list(names)}`, options)];
  const unknown: string[] = [];
  for (const k of Object.keys(options)) if (!names.includes(k)) unknown.push(k);
  return unknown.length === 0 ? [] : [crmIssue.unrecognizedKeys(at, unknown, names)];
}

/** The allowed option names: an array of strings (the caller's code, so anything else is thrown). */
function allowedNames(allowed: unknown): readonly string[] {
  if (!Array.isArray(allowed)) throw argumentError('checkOptionKeys', ['allowed'], 'an array of key names', allowed);
  for (let i = 0; i < allowed.length; i++) {
    let name: unknown;
    try {
      name = allowed[i];
    } catch {
      throw argumentError('checkOptionKeys', ['allowed', i], 'a readable key name (a getter threw)', undefined);
    }
    if (typeof name !== 'string') throw argumentError('checkOptionKeys', ['allowed', i], 'a key name', name);
  }
  return allowed as readonly string[];
}

/**
 * One `validation_failed` error for a list of issues, with the standard summary
 * `<what> is invalid: <n> issue(s); first at <path>: <message>`. At most {@link MAX_ISSUES} issues are
 * kept; when more were found (`total`, default the list's length), the last one kept says how many
 * were left out.
 *
 * @throws CrmError `validation_failed` when an issue carries a code outside `CRM_ISSUE_CODES` (see `CrmError`).
 *
 * @example
 * ```ts
 * invalidInput('Query', [crmIssue.invalidType(['limit'], 'an integer', 'x')]).message;
 * //=> 'Query is invalid: 1 issue; first at limit: expected an integer; received "x"'
 * ```
 *
 * @throws CrmError `validation_failed` when `what` is not a string, an issue is malformed (see
 * {@link CrmError}) or `total` is not a non-negative integer.
 */
export function invalidInput(what: string, issues: readonly CrmIssue[], total?: number): CrmError {
  if (typeof what !== 'string') throw argumentError('invalidInput', ['what'], 'a string', what);
  // Only the issues kept are copied and checked, so a list of a million costs no more than MAX_ISSUES.
  const checked = checkedIssues(issues, 'invalidInput', ['issues'], MAX_ISSUES);
  const count = issues.length;
  if (total !== undefined && (!Number.isSafeInteger(total) || total < 0))
    throw argumentError('invalidInput', ['total'], 'a count of issues (a non-negative integer)', total);
  const n = Math.max(total ?? count, count);
  const kept = n > MAX_ISSUES ? [...checked.slice(0, MAX_ISSUES - 1), tooManyIssues(n - (MAX_ISSUES - 1))] : checked;
  const first = checked[0];
  const message =
    first === undefined
      ? `${what} is invalid`
      : `${what} is invalid: ${n} issue${n === 1 ? '' : 's'}; first at ${formatPath(first.path)}: ${first.message}`;
  return new CrmError('validation_failed', message, { issues: kept });
}

function tooManyIssues(more: number): CrmIssue {
  return {
    path: [],
    message: `${more} more issues were found and left out (at most ${MAX_ISSUES} are reported)`,
    code: 'custom',
  };
}

/**
 * A bounded issue list: `push` keeps at most {@link MAX_ISSUES} + 1 issues (so {@link invalidInput} can
 * still say "more were found") and counts the rest, so that validation of a huge bad input stays linear
 * and small. `full` tells a validator it may stop early.
 *
 * @example
 * ```ts
 * const issues = new IssueList();
 * issues.push(crmIssue.invalidNumber(['x'], NaN));
 * issues.count; //=> 1
 * ```
 */
export class IssueList {
  /** The issues kept (at most {@link MAX_ISSUES} + 1). */
  readonly items: CrmIssue[] = [];
  /** How many issues were pushed in all. */
  count = 0;

  /** Adds an issue (kept only while the list is not full). */
  push(...issues: CrmIssue[]): void {
    for (const i of issues) {
      this.count++;
      if (this.items.length <= MAX_ISSUES) this.items.push(i);
    }
  }

  /** True when more issues would not be kept. */
  get full(): boolean {
    return this.items.length > MAX_ISSUES;
  }

  /** The `validation_failed` error for the issues found (see {@link invalidInput}). */
  error(what: string): CrmError {
    return invalidInput(what, this.items, this.count);
  }
}
