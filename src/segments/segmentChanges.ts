/**
 * Who entered and who left a segment between two memberships, as domain events workflows trigger on.
 *
 * @module
 */
import { err, ok, type Result } from '../core/result.js';
import type { CrmIssue } from '../core/errors.js';
import type { DomainEvent } from '../core/events.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { SEGMENT_OBJECTS, type SegmentObject } from './defineSegment.js';
import { asOfInstant } from './segmentContext.js';
import { guarded } from '../metrics/_guard.js';

/**
 * The payload of `segment_entered` and `segment_exited` events.
 *
 * @example
 * ```ts
 * const p: SegmentChangePayload = { segmentId: 'champions' };
 * ```
 */
export interface SegmentChangePayload {
  readonly segmentId: string;
}

/**
 * A `segment_entered` or `segment_exited` domain event: `aggregate` is the record that moved, `payload`
 * names the segment.
 *
 * @example
 * ```ts
 * const e: SegmentChangeEvent = {
 *   id: 'segment_entered:champions:c1@2026-04-01T00:00:00.000Z', type: 'segment_entered', at: new Date('2026-04-01T00:00:00Z'),
 *   by: null, aggregate: { kind: 'contact', id: 'c1' }, payload: { segmentId: 'champions' },
 * };
 * ```
 */
export type SegmentChangeEvent = DomainEvent<'segment_entered' | 'segment_exited', SegmentChangePayload>;

/**
 * What changed: the ids that `entered` (in the order of the next membership), the ids that `exited`
 * (in the order of the previous one), how many `stayed`, and one event per move (entries first).
 *
 * @example
 * ```ts
 * const c: SegmentChanges = { entered: ['c3'], exited: [], stayed: 2, events: [] };
 * ```
 */
export interface SegmentChanges {
  readonly entered: readonly string[];
  readonly exited: readonly string[];
  readonly stayed: number;
  readonly events: readonly SegmentChangeEvent[];
}

/**
 * Options of {@link segmentChanges}:
 * - `segmentId` (required): the segment the memberships are of;
 * - `at` (required): when the change is recorded (the events' time; a Date or ISO text);
 * - `object`: the kind of the records (the events' aggregate kind), default `contact`;
 * - `by`: who caused it (the events' `by`), default `null`.
 *
 * @example
 * ```ts
 * const o: SegmentChangesOptions = { segmentId: 'champions', at: new Date('2026-04-01T00:00:00Z'), object: 'account' };
 * ```
 */
export interface SegmentChangesOptions {
  readonly segmentId: string;
  readonly at: Date | string;
  readonly object?: SegmentObject;
  readonly by?: string | null;
}

const OPTION_KEYS = ['segmentId', 'at', 'object', 'by'] as const;

function idList(v: unknown, name: string, issues: IssueList): readonly string[] | undefined {
  let list: readonly unknown[];
  if (Array.isArray(v)) list = v;
  else if (v instanceof Set) list = [...(v as ReadonlySet<unknown>)];
  else if (v !== null && typeof v === 'object' && Array.isArray((v as { ids?: unknown }).ids))
    list = (v as { ids: readonly unknown[] }).ids;
  else {
    issues.push(crmIssue.invalidType([name], 'a list or Set of record ids, or a membership with ids', v));
    return undefined;
  }
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'string') {
      issues.push(crmIssue.invalidType([name, i], 'a record id (a string)', list[i]));
      if (issues.full) break;
    }
  }
  return list as readonly string[];
}

/**
 * Compares two memberships of a segment (lists or Sets of ids, or `segmentMembers` results): who
 * entered (in `next`, not in `previous`), who exited (in `previous`, not in `next`) and how many stayed,
 * with a `segment_entered` or `segment_exited` domain event for each move, so a workflow or an outbox can
 * take them. Event ids are deterministic: `<type>:<segmentId>:<recordId>@<at ISO>`. An id listed twice
 * counts once. Always `next = previous − exited + entered` (as sets).
 *
 * Bad input is a `validation_failed` Result with a path: ids that are not strings (`['next', 3]`), a
 * missing `segmentId` or `at`, an unknown `object`, unknown option keys. Empty lists give no changes.
 * Never throws for its input.
 *
 * @example
 * ```ts
 * const r = unwrap(segmentChanges(['c1', 'c2'], ['c2', 'c3'], { segmentId: 'champions', at: new Date('2026-04-01T00:00:00Z') }));
 * r.entered; //=> ['c3']
 * r.exited; //=> ['c1']
 * r.events.map((e) => e.type); //=> ['segment_entered', 'segment_exited']
 * ```
 */
export function segmentChanges(
  previous: readonly string[] | ReadonlySet<string> | { readonly ids: readonly string[] },
  next: readonly string[] | ReadonlySet<string> | { readonly ids: readonly string[] },
  options: SegmentChangesOptions,
): Result<SegmentChanges> {
  return guarded('segmentChanges', () => changes(previous, next, options));
}

function changes(previous: unknown, next: unknown, options: unknown): Result<SegmentChanges> {
  const issues = new IssueList();
  issues.push(...checkOptionKeys(options, OPTION_KEYS, ['options']));
  const o: Readonly<Record<string, unknown>> =
    options !== null && typeof options === 'object' && !Array.isArray(options)
      ? (options as unknown as Readonly<Record<string, unknown>>)
      : {};
  const segmentId = o['segmentId'];
  if (typeof segmentId !== 'string' || segmentId.length === 0)
    issues.push(crmIssue.invalidType(['options', 'segmentId'], 'a segment id (a non-empty string)', segmentId));
  const at = asOfInstant(o['at'], ['options', 'at']);
  if (!(at instanceof Date)) issues.push(at as CrmIssue);
  const object = o['object'] ?? 'contact';
  if (!SEGMENT_OBJECTS.includes(object as SegmentObject))
    issues.push(
      crmIssue.invalidValue(
        ['options', 'object'],
        'must be a kind of record a segment selects',
        object,
        SEGMENT_OBJECTS,
      ),
    );
  const by = o['by'] ?? null;
  if (by !== null && typeof by !== 'string')
    issues.push(crmIssue.invalidType(['options', 'by'], 'a user id (a string) or null', by));
  const before = idList(previous, 'previous', issues);
  const after = idList(next, 'next', issues);
  if (issues.count > 0 || before === undefined || after === undefined || !(at instanceof Date))
    return err(issues.error('segmentChanges'));
  const was = new Set(before);
  const is = new Set(after);
  const entered: string[] = [];
  for (const id of is) if (!was.has(id)) entered.push(id);
  const exited: string[] = [];
  for (const id of was) if (!is.has(id)) exited.push(id);
  const when = at.toISOString();
  const kind = object as SegmentObject;
  const event = (type: 'segment_entered' | 'segment_exited', id: string): SegmentChangeEvent =>
    Object.freeze({
      id: `${type}:${segmentId as string}:${id}@${when}`,
      type,
      at: new Date(at.getTime()),
      by: by as string | null,
      aggregate: Object.freeze({ kind, id }),
      payload: Object.freeze({ segmentId: segmentId as string }),
    });
  const events = [
    ...entered.map((id) => event('segment_entered', id)),
    ...exited.map((id) => event('segment_exited', id)),
  ];
  return ok(
    Object.freeze({
      entered: Object.freeze(entered),
      exited: Object.freeze(exited),
      stayed: is.size - entered.length,
      events: Object.freeze(events),
    }),
  );
}
