/**
 * Small helpers shared by the quality module's functions.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { err, type Result } from '../core/result.js';

/** A failed Result: one `validation_failed` error for `issues`, summarised under `what`. */
export function refuse(what: string, issues: readonly CrmIssue[]): Result<never> {
  return err(invalidInput(what, issues));
}

/** The issue of a value that is not text. */
export function notText(path: readonly PathSegment[], received: unknown): CrmIssue {
  return crmIssue.invalidType(path, 'text (a string)', received);
}

/** Whether `v` is a plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
