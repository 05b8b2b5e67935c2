/**
 * Reading the options the loyalty functions share: `asOf` (required where named), `customerId`, `period`.
 */
import type { PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue, type IssueList } from '../core/issues.js';
import { instantMs } from '../_lib/instantMs.js';
import { periodIssue } from '../time/period.js';

/** The options as a record (after their keys are checked), or `undefined` when they are not an object. */
export function readOptions(
  options: unknown,
  allowed: readonly string[],
  issues: IssueList,
  path: readonly PathSegment[] = ['options'],
): Record<string, unknown> {
  issues.push(...checkOptionKeys(options, allowed, path));
  return typeof options === 'object' && options !== null && !Array.isArray(options)
    ? (options as Record<string, unknown>)
    : {};
}

/** A required instant option. */
export function requiredInstant(
  o: Record<string, unknown>,
  key: string,
  issues: IssueList,
  path: readonly PathSegment[] = ['options'],
): number {
  const v = o[key];
  const t = instantMs(v);
  if (Number.isNaN(t)) issues.push(crmIssue.invalidDate([...path, key], v));
  return t;
}

/** An optional period option: `[start, end)` in milliseconds, or `null`. */
export function optionalPeriod(
  o: Record<string, unknown>,
  issues: IssueList,
  path: readonly PathSegment[] = ['options'],
): { start: number; end: number } | null {
  const p = o['period'];
  if (p === undefined || p === null) return null;
  const issue = periodIssue(p, [...path, 'period']);
  if (issue !== undefined) {
    issues.push(issue);
    return null;
  }
  const { start, end } = p as { start: Date; end: Date };
  return { start: start.getTime(), end: end.getTime() };
}

/** An optional id option. */
export function optionalId(
  o: Record<string, unknown>,
  key: string,
  issues: IssueList,
  path: readonly PathSegment[] = ['options'],
): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && v !== '') return v;
  issues.push(crmIssue.invalidType([...path, key], 'an id (text)', v));
  return null;
}
