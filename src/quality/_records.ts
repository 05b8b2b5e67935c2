/**
 * Reading the records a matcher compares: plain objects with unique string ids, read defensively.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { prepare, type Engine, type Prepared } from './_engine.js';
import { isObject } from './_results.js';

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
): Result<{ readonly ids: string[]; readonly prepared: (Prepared | null)[] }> {
  const issues = new IssueList();
  if (!Array.isArray(records)) {
    issues.push(crmIssue.invalidType(path, `a list of ${engine.object} records`, records));
    return err(issues.error(what));
  }
  if (records.length > MAX_RECORDS) {
    issues.push(crmIssue.tooBig(path, 'the number of records', MAX_RECORDS, true, records.length));
    return err(issues.error(what));
  }
  const ids: string[] = new Array<string>(records.length);
  const prepared: (Prepared | null)[] = new Array<Prepared | null>(records.length);
  const seen = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    let r: unknown;
    try {
      r = records[i];
    } catch {
      r = undefined;
    }
    const read = readRecord(engine, r, path, i);
    if ('code' in read) {
      issues.push(read);
      if (issues.full) break;
      continue;
    }
    const first = seen.get(read.id);
    if (first !== undefined)
      issues.push(crmIssue.duplicate([...path, i, 'id'], 'the id', read.id, [...path, first, 'id']));
    else seen.set(read.id, i);
    ids[i] = read.id;
    prepared[i] = read.prepared;
  }
  if (issues.count > 0) return err(issues.error(what));
  return ok({ ids, prepared });
}
