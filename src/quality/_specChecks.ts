/**
 * Checks shared by `defineMatchingRule` and `trainMatchModel`: objects, fields, methods, thresholds.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { entityCatalog, fieldTypeIn } from '../conditions/catalog.js';
import type { MatchMethod, MatchObject } from './types.js';

/** The kinds of record matched. */
export const MATCH_OBJECTS: readonly MatchObject[] = ['lead', 'contact', 'account'];

/** The matching methods. */
export const MATCH_METHODS: readonly MatchMethod[] = [
  'exact',
  'normalized',
  'jaroWinkler',
  'nameInitials',
  'emailDomain',
  'phone',
];

/** The fields of an object a matching test may name: text fields, plus a contact's `emails` and `phones`. */
export function matchableFields(object: MatchObject): string[] {
  const catalog = entityCatalog(object)!;
  return Object.entries(catalog.fields)
    .filter(([name, type]) => type === 'text' || (object === 'contact' && (name === 'emails' || name === 'phones')))
    .filter(([name]) => !['id', 'ownerId', 'status', 'qualification', 'lifecycleStage', 'size'].includes(name))
    .map(([name]) => name);
}

/** Checks `object`; pushes an issue and gives `undefined` when it is not one of {@link MATCH_OBJECTS}. */
export function checkObject(v: unknown, path: readonly PathSegment[], issues: CrmIssue[]): MatchObject | undefined {
  if (typeof v === 'string' && (MATCH_OBJECTS as readonly string[]).includes(v)) return v as MatchObject;
  issues.push(crmIssue.invalidValue(path, 'expected the kind of record matched', v, MATCH_OBJECTS));
  return undefined;
}

/** Checks a field name against the object's matchable fields (or `customFields.<key>`). */
export function checkField(object: MatchObject, v: unknown, path: readonly PathSegment[], issues: CrmIssue[]): boolean {
  const known = matchableFields(object);
  if (typeof v === 'string' && known.includes(v)) return true;
  if (typeof v === 'string' && v.startsWith('customFields.') && fieldTypeIn(entityCatalog(object)!, v) === 'custom')
    return true;
  issues.push(crmIssue.unknownName('unknown_field', path, `${object} field to match on`, v, known));
  return false;
}

/** Checks a method and its threshold (required for `jaroWinkler`, in (0, 1]; refused for the others). */
export function checkMethod(
  method: unknown,
  threshold: unknown,
  path: readonly PathSegment[],
  issues: CrmIssue[],
): boolean {
  if (typeof method !== 'string' || !(MATCH_METHODS as readonly string[]).includes(method)) {
    issues.push(crmIssue.invalidValue([...path, 'method'], 'expected a matching method', method, MATCH_METHODS));
    return false;
  }
  if (method === 'jaroWinkler') {
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
      issues.push(
        crmIssue.invalidValue(
          [...path, 'threshold'],
          'jaroWinkler needs a threshold: the least similarity that agrees, in (0, 1]',
          threshold,
        ),
      );
      return false;
    }
  } else if (threshold !== undefined) {
    issues.push(
      crmIssue.invalidValue([...path, 'threshold'], `only jaroWinkler takes a threshold, not ${method}`, threshold),
    );
    return false;
  }
  return true;
}
