/**
 * Reading the records a matcher compares: plain objects with unique string ids, read defensively.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import type { Result } from '../core/result.js';
import { prepare, type Engine, type Prepared } from './_engine.js';
import { isObject } from './_results.js';
import { readRecordsSteps, type ReadRecords } from './_readRecordsSteps.js';

/** The most records one call reads. */
export const MAX_RECORDS = 10_000_000;

/** Reads one record (an object with a non-empty string id) for matching; an issue when it is not one. */
export function readRecord(
  engine: Engine,
  record: unknown,
  base: readonly PathSegment[],
  index?: number,
  cache?: Map<string, string | null>,
): { prepared: Prepared | null; id: string } | CrmIssue {
  const path = (): PathSegment[] => (index === undefined ? [...base] : [...base, index]);
  try {
    if (!isObject(record))
      return crmIssue.invalidType(path(), `a ${engine.object} record (an object with an id)`, record);
    const id = record['id'];
    if (typeof id !== 'string' || id === '')
      return crmIssue.invalidType([...path(), 'id'], 'a non-empty string id', id);
    return { prepared: prepare(engine, record, id, cache), id };
  } catch {
    return crmIssue.invalidType(path(), `a readable ${engine.object} record (a property threw when read)`, undefined);
  }
}

/**
 * Reads a list of records: every problem an issue under `path` (not a list, not a record, no id, an id
 * twice). `prepared[i]` is `null` for a record the matcher's `where` excludes.
 */
export function readRecords(
  engine: Engine,
  records: unknown,
  path: readonly PathSegment[],
  what: string,
): Result<ReadRecords> {
  const steps = readRecordsSteps(engine, records, path, what);
  for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
}
