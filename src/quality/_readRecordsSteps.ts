/**
 * Reading records for matching in steps, with progress reports: `readRecords` that pauses every
 * {@link PROGRESS_EVERY} records.
 *
 * @module
 */
import type { PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { Engine, Prepared } from './_engine.js';
import { MAX_RECORDS, readRecord } from './_records.js';
import { PROGRESS_EVERY, type Steps } from './_progress.js';

/** The records read, as `readRecords` gives them. */
export interface ReadRecords {
  readonly ids: string[];
  readonly prepared: (Prepared | null)[];
}

/**
 * Reads a list of records as `readRecords` does (same issues, same result), reporting
 * `{ phase: 'read', done, total }` every {@link PROGRESS_EVERY} records and at the end.
 */
export function* readRecordsSteps(
  engine: Engine,
  records: unknown,
  path: readonly PathSegment[],
  what: string,
): Steps<ReadRecords> {
  const issues = new IssueList();
  if (!Array.isArray(records)) {
    issues.push(crmIssue.invalidType(path, `a list of ${engine.object} records`, records));
    return err(issues.error(what));
  }
  if (records.length > MAX_RECORDS) {
    issues.push(crmIssue.tooBig(path, 'the number of records', MAX_RECORDS, true, records.length));
    return err(issues.error(what));
  }
  const total = records.length;
  const ids: string[] = new Array<string>(total);
  const prepared: (Prepared | null)[] = new Array<Prepared | null>(total);
  const seen = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    if (i > 0 && i % PROGRESS_EVERY === 0) yield { phase: 'read', done: i, total };
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
  yield { phase: 'read', done: total, total };
  return ok({ ids, prepared });
}
