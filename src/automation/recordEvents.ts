/**
 * The record events one write appends: what a store with `recordEvents: true` writes to its outbox,
 * as a pure function for hosts with their own storage.
 *
 * @module
 */
import type { DomainEvent } from '../core/events.js';
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import { isCrmError, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import { thrownText } from '../_lib/show.js';
import { diffRecords } from './diffRecords.js';
import { RECORD_EVENT_FIELDS } from './recordEventFields.js';
import { recordToJson, valueToJson } from './_json.js';
import { orderChanges } from './_orderChanges.js';
import type { JsonValue, RecordChange, RecordEventType } from './types.js';

/**
 * Which workflow made a write, carried by the events of that write so that a runner can stop
 * loops: `depth` counts the workflow-caused writes that led to it (0 for a workflow reacting to a
 * user's write).
 *
 * @example
 * ```ts
 * const cause: RecordEventCause = { workflowId: 'sql-handoff', depth: 0 };
 * ```
 */
export interface RecordEventCause {
  /** The workflow whose step made the write. */
  readonly workflowId: string;
  /** How many workflow-caused writes led to this one (a non-negative integer). */
  readonly depth: number;
}

/**
 * The payload of every record event (JSON only: dates as ISO-8601 strings, money as
 * `{ amount, currency }` with a decimal string amount).
 *
 * @example
 * ```ts
 * const payload: RecordEventPayload = { version: 4, changes: [{ field: 'status', from: 'mql', to: 'sql' }] };
 * ```
 */
export interface RecordEventPayload {
  /** The record's version after the write (for a deletion: the version that was deleted). */
  readonly version: number;
  /**
   * What the write changed (see `diffRecords`): every field with a value for a creation (from
   * `null`), every field for a deletion (to `null`), the changed fields of an update. In the order of
   * the kind's fields (`ENTITY_FIELDS`), then other fields (`customFields`) by name.
   */
  readonly changes: readonly RecordChange<JsonValue>[];
  /** A deletion's last snapshot of the record (JSON), so a workflow on `<kind>_deleted` can read it; absent otherwise. */
  readonly record?: { readonly [field: string]: JsonValue };
  /** The workflow that made the write, when one did (see {@link RecordEventCause}); absent for other writes. */
  readonly causedBy?: RecordEventCause;
}

/**
 * A record event: a {@link DomainEvent} whose type is a `RecordEventType` and whose payload is a
 * {@link RecordEventPayload}.
 *
 * @example
 * ```ts
 * const e: RecordEvent = {
 *   id: 'lead:l1@4', type: 'lead_updated', at: new Date('2026-03-02T09:00:00Z'), by: 'u1',
 *   aggregate: { kind: 'lead', id: 'l1' }, payload: { version: 4, changes: [{ field: 'title', from: null, to: 'CTO' }] },
 * };
 * ```
 */
export type RecordEvent = DomainEvent<RecordEventType, RecordEventPayload>;

/**
 * Options of {@link recordEvents}.
 *
 * @example
 * ```ts
 * const options: RecordEventsOptions = { at: new Date('2026-03-02T09:00:00Z'), by: 'u1' };
 * ```
 */
export interface RecordEventsOptions {
  /** When the write happened (the events' `at`): a valid Date. */
  readonly at: Date;
  /** Who made it (the events' `by`): a user id, or `null` / absent when unknown. */
  readonly by?: string | null;
  /** The workflow that made it, copied into every payload; `null` / absent for other writes. */
  readonly causedBy?: RecordEventCause | null;
}

const OPTION_KEYS = ['at', 'by', 'causedBy'];
const CAUSE_KEYS = ['workflowId', 'depth'];
const MAX_TEXT = 200;

/**
 * The record events one write of a record of `kind` appends, in this order:
 *
 * - the primary event: `<kind>_created` (`before` is `null`), `<kind>_deleted` (`after` is `null`)
 *   or `<kind>_updated`; an update that changes only bookkeeping (`version`, `updatedAt`,
 *   `updatedBy`) gives no event at all;
 * - `<kind>_assigned` when the kind's owner field ({@link RECORD_EVENT_FIELDS}: `ownerId`, a ticket's
 *   `assigneeId`) is among the changes, and `<kind>_status_changed` when its status field is (a
 *   lead's `status`, a deal's `stageId`, a contact's `lifecycleStage`, …). A creation with an owner
 *   or a status gives them too (the field changed from no value: a workflow "when a lead is
 *   assigned" also sees leads created with an owner); clearing the owner gives `assigned` with
 *   `to: null`; a deletion gives neither.
 *
 * Every event carries the same {@link RecordEventPayload} (`version`, `changes`, and for a deletion
 * the last `record`), `at` and `by` from the options, and `aggregate` `{ kind, id }`. Ids are
 * deterministic and unique per record write (versions never repeat for an id):
 * `<kind>:<id>@<version>` for a creation or update (the version written), `<kind>:<id>@<version>/deleted`
 * for a deletion (the version deleted), and the primary id followed by `/assigned` or
 * `/status_changed` for the derived events (`lead:l1@4/assigned`).
 *
 * Pure: nothing is read but the arguments, the result is frozen, the inputs are not touched.
 *
 * @param kind - The entity kind of the record.
 * @param before - The record before the write, or `null` for a creation.
 * @param after - The record after the write (as stored), or `null` for a deletion.
 * @param options - `at` (required), `by`, `causedBy`.
 * @returns The events, or `validation_failed` with every issue: an unknown kind, both records
 * `null`, a record that is not an object, without a text `id` or a positive integer `version`, two
 * records with different ids, an update whose version does not increase, a value JSON cannot hold
 * (NaN, an invalid Date, a bigint, a class instance, nesting deeper than 24 levels), an invalid `at`,
 * `by` or `causedBy`, or an unknown option key. Never throws.
 * @example
 * ```ts
 * const before = { id: 'l1', status: 'mql', ownerId: 'u1', version: 3 };
 * const after = { id: 'l1', status: 'sql', ownerId: 'u2', version: 4 };
 * const events = unwrap(recordEvents('lead', before, after, { at: new Date('2026-03-02T09:00:00Z'), by: 'u9' }));
 * events.map((e) => e.id); //=> ['lead:l1@4', 'lead:l1@4/assigned', 'lead:l1@4/status_changed']
 * events[2]?.type; //=> 'lead_status_changed'
 * events[0]?.payload.changes; //=> [{ field: 'status', from: 'mql', to: 'sql' }, { field: 'ownerId', from: 'u1', to: 'u2' }]
 * ```
 */
export function recordEvents(
  kind: EntityKind,
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
  options: RecordEventsOptions,
): Result<readonly RecordEvent[]> {
  try {
    return build(kind, before, after, options);
  } catch (cause) {
    if (isCrmError(cause)) return err(cause);
    return err(
      invalidInput('recordEvents', [
        crmIssue.of('invalid_type', [], `the arguments could not be read: ${thrownText(cause)}`),
      ]),
    );
  }
}

function build(kind: unknown, before: unknown, after: unknown, options: unknown): Result<readonly RecordEvent[]> {
  const issues: CrmIssue[] = [];
  if (!(ENTITY_KINDS as readonly unknown[]).includes(kind))
    issues.push(crmIssue.invalidValue(['kind'], 'kind must be an entity kind', kind, ENTITY_KINDS));
  const b = checkRecord(before, 'before', issues);
  const a = checkRecord(after, 'after', issues);
  if (before === null && after === null)
    issues.push(crmIssue.of('invalid_value', ['after'], 'before and after cannot both be null (a write has a record)'));
  if (b !== undefined && a !== undefined && b !== null && a !== null) {
    if (b.id !== a.id)
      issues.push(crmIssue.of('invalid_id', ['after', 'id'], 'before and after must have the same id'));
    else if (a.version <= b.version)
      issues.push(
        crmIssue.of('invalid_value', ['after', 'version'], `the version must increase (before: ${b.version})`),
      );
  }
  const o = checkOptions(options, issues);
  if (issues.length > 0 || o === undefined || a === undefined || b === undefined)
    return err(invalidInput('recordEvents', issues));
  const k = kind as EntityKind;
  const beforeRec = before as Readonly<Record<string, unknown>> | null;
  const afterRec = after as Readonly<Record<string, unknown>> | null;
  const raw = diffRecords(k, beforeRec, afterRec);
  if (raw.length === 0) return ok(Object.freeze([]));
  const changes: RecordChange<JsonValue>[] = [];
  for (const c of orderChanges(k, raw)) {
    const from = valueToJson(c.from, ['before', c.field], issues);
    const to = valueToJson(c.to, ['after', c.field], issues);
    changes.push({ field: c.field, from, to });
  }
  const record = afterRec === null ? recordToJson(beforeRec!, ['before'], issues) : undefined;
  if (issues.length > 0) return err(invalidInput('recordEvents', issues));
  const ref = (a ?? b)!;
  const payload: RecordEventPayload = {
    version: ref.version,
    changes,
    ...(record === undefined ? {} : { record }),
    ...(o.causedBy === null ? {} : { causedBy: o.causedBy }),
  };
  const base = `${k}:${ref.id}@${ref.version}`;
  const event = (id: string, type: RecordEventType): RecordEvent => ({
    id,
    type,
    at: new Date(o.at.getTime()),
    by: o.by,
    aggregate: { kind: k, id: ref.id },
    payload,
  });
  const events: RecordEvent[] = [];
  if (afterRec === null) events.push(event(`${base}/deleted`, `${k}_deleted`));
  else {
    events.push(event(base, beforeRec === null ? `${k}_created` : `${k}_updated`));
    const { owner, status } = RECORD_EVENT_FIELDS[k];
    if (owner !== null && changes.some((c) => c.field === owner))
      events.push(event(`${base}/assigned`, `${k}_assigned`));
    if (status !== null && changes.some((c) => c.field === status))
      events.push(event(`${base}/status_changed`, `${k}_status_changed`));
  }
  return ok(deepFreeze(events));
}

/** A record's id and version (`null` for a null record, `undefined` when it is invalid: issues pushed). */
function checkRecord(
  record: unknown,
  name: 'before' | 'after',
  issues: CrmIssue[],
): { id: string; version: number } | null | undefined {
  if (record === null) return null;
  if (typeof record !== 'object' || Array.isArray(record)) {
    issues.push(crmIssue.invalidType([name], 'a record (an object) or null', record));
    return undefined;
  }
  const { id, version } = record as { id?: unknown; version?: unknown };
  let ok = true;
  if (!isText(id)) {
    issues.push(crmIssue.of('invalid_id', [name, 'id'], `a record needs a text id (at most ${MAX_TEXT} characters)`));
    ok = false;
  }
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    issues.push(crmIssue.invalidType([name, 'version'], 'a positive integer version', version));
    ok = false;
  }
  return ok ? { id: id as string, version: version as number } : undefined;
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT && v.trim() === v && !v.includes('\u0000');
}

function checkOptions(
  options: unknown,
  issues: CrmIssue[],
): { at: Date; by: string | null; causedBy: RecordEventCause | null } | undefined {
  if (options === null || options === undefined || typeof options !== 'object' || Array.isArray(options)) {
    issues.push(crmIssue.invalidType(['options'], 'an options object { at, by?, causedBy? }', options));
    return undefined;
  }
  const keyIssues = checkOptionKeys(options, OPTION_KEYS, ['options']);
  issues.push(...keyIssues);
  const { at, by, causedBy } = options as { at?: unknown; by?: unknown; causedBy?: unknown };
  const before = issues.length;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) issues.push(crmIssue.invalidDate(['options', 'at'], at));
  if (by !== undefined && by !== null && !isText(by))
    issues.push(
      crmIssue.invalidType(['options', 'by'], `a user id (text, at most ${MAX_TEXT} characters) or null`, by),
    );
  const cause = checkCause(causedBy, issues);
  if (issues.length > before || keyIssues.length > 0) return undefined;
  return { at: at as Date, by: (by ?? null) as string | null, causedBy: cause };
}

/** `causedBy` checked: `null` when absent. Shared with the stores' context check through its rules. */
function checkCause(causedBy: unknown, issues: CrmIssue[]): RecordEventCause | null {
  if (causedBy === undefined || causedBy === null) return null;
  const path = ['options', 'causedBy'];
  if (typeof causedBy !== 'object' || Array.isArray(causedBy)) {
    issues.push(crmIssue.invalidType(path, 'a cause { workflowId, depth }', causedBy));
    return null;
  }
  issues.push(...checkOptionKeys(causedBy, CAUSE_KEYS, path));
  const { workflowId, depth } = causedBy as { workflowId?: unknown; depth?: unknown };
  if (!isText(workflowId))
    issues.push(
      crmIssue.invalidType([...path, 'workflowId'], `a workflow id (text, at most ${MAX_TEXT} characters)`, workflowId),
    );
  if (typeof depth !== 'number' || !Number.isSafeInteger(depth) || depth < 0)
    issues.push(crmIssue.invalidType([...path, 'depth'], 'a non-negative integer', depth));
  return { workflowId: workflowId as string, depth: depth as number };
}
