/**
 * The checks of an `aggregate` before a store reads: the context, the filter and its context (as
 * `count` checks them), the `groupBy` fields and the measures.
 *
 * @module
 */
import { CrmError, prefixIssues, type CrmIssue, type PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { thrownText } from '../_lib/show.js';
import { entityCatalog, type FieldType } from '../conditions/catalog.js';
import { REPOSITORY_KINDS, type RepositoryName, type StoreContext } from './ports.js';
import { validateContext } from './validate.js';
import { validateCountQuery, type NormalizedQuery } from './validateQuery.js';

/**
 * An `aggregate` to check: the repository, and the context and query as given (anything: they are
 * checked).
 *
 * @example
 * ```ts
 * const request: AggregateRequest = { repository: 'deals', ctx: { tenantId: 'acme' }, query: { measures: { n: { fn: 'count' } } } };
 * ```
 */
export interface AggregateRequest {
  /** The repository aggregated. */
  readonly repository: RepositoryName;
  /** The store context. */
  readonly ctx: unknown;
  /** The aggregate query. */
  readonly query: unknown;
}

/**
 * A field an aggregate groups by or measures, with its catalog type.
 *
 * @example
 * ```ts
 * const f: AggregateField = { field: 'touchpoint', type: 'text' };
 * ```
 */
export interface AggregateField {
  /** The field name. */
  readonly field: string;
  /** Its catalog type (`text`, `number`, `date`, `boolean` or `money`). */
  readonly type: FieldType;
}

/**
 * One checked measure: its name, its function, and its field (`sum`, `min`, `max`, `distinctCount`)
 * or its validated condition (`countIf`, bound to the query's context).
 *
 * @example
 * ```ts
 * const m: CheckedMeasure = { name: 'total', fn: 'count' };
 * ```
 */
export type CheckedMeasure =
  | { readonly name: string; readonly fn: 'count' }
  | { readonly name: string; readonly fn: 'countIf'; readonly query: NormalizedQuery }
  | {
      readonly name: string;
      readonly fn: 'sum' | 'min' | 'max' | 'distinctCount';
      readonly field: string;
      readonly type: FieldType;
    };

/**
 * A checked `aggregate`: a frozen copy of the context, the validated filter (`query`, as `count` has
 * it), the group fields and the measures in the order given.
 *
 * @example
 * ```ts
 * const r = checkAggregate({ repository: 'deals', ctx: { tenantId: 'acme' }, query: { groupBy: ['stageId'], measures: { n: { fn: 'count' } } } });
 * if (r.ok) r.value.groupBy; //=> [{ field: 'stageId', type: 'text' }]
 * ```
 */
export interface CheckedAggregate {
  /** The checked context (a frozen copy). */
  readonly ctx: StoreContext;
  /** The validated filter and context. */
  readonly query: NormalizedQuery;
  /** The fields of a group, in order. */
  readonly groupBy: readonly AggregateField[];
  /** The measures, in the order of their names. */
  readonly measures: readonly CheckedMeasure[];
}

const QUERY_KEYS = ['where', 'context', 'groupBy', 'measures'] as const;
const FNS = ['count', 'countIf', 'sum', 'min', 'max', 'distinctCount'] as const;
/** The field types each function takes. */
const TYPES: Readonly<Record<string, readonly FieldType[]>> = {
  groupBy: ['text', 'number', 'date', 'boolean'],
  sum: ['number', 'money'],
  min: ['text', 'number', 'date'],
  max: ['text', 'number', 'date'],
  distinctCount: ['text', 'number', 'date', 'boolean'],
};
/** At most this many group fields and measures. */
const MAX_GROUP_FIELDS = 8;
const MAX_MEASURES = 32;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/** The own enumerable keys of a plain object, read once (a getter is not called twice). */
function copyKeys(v: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v))
    Object.defineProperty(out, k, {
      value: (v as Record<string, unknown>)[k],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** The catalog type of a top-level field that `role` (groupBy or a function) takes, or the issue. */
function fieldOf(
  repository: RepositoryName,
  raw: unknown,
  role: string,
  path: readonly PathSegment[],
): AggregateField | CrmIssue {
  const kind = REPOSITORY_KINDS[repository];
  const fields = entityCatalog(kind)!.fields as Readonly<Record<string, FieldType>>;
  const allowed = TYPES[role]!;
  const known = Object.keys(fields).filter((f) => allowed.includes(fields[f]!));
  if (typeof raw !== 'string') return crmIssue.invalidType(path, 'a field name', raw);
  if (!Object.hasOwn(fields, raw)) {
    const why = raw.startsWith('customFields.')
      ? `field of ${kind} (custom fields cannot be aggregated)`
      : `field of ${kind}`;
    return crmIssue.unknownName('unknown_field', path, why, raw, known);
  }
  const type = fields[raw]!;
  if (!allowed.includes(type))
    return crmIssue.of(
      'unknown_operator',
      path,
      `${role} takes a ${allowed.join(', ')} field; ${raw} is a ${type} field (fields: ${known.join(', ')})`,
    );
  return { field: raw, type };
}

function checkMeasure(
  repository: RepositoryName,
  name: string,
  raw: unknown,
  context: unknown,
  issues: CrmIssue[],
): CheckedMeasure | null {
  const path: PathSegment[] = ['measures', name];
  if (!NAME.test(name)) {
    issues.push(
      crmIssue.invalidValue(path, 'a measure name is a letter or _ followed by up to 62 letters, digits or _', name),
    );
    return null;
  }
  if (!isPlainObject(raw)) {
    issues.push(crmIssue.invalidType(path, 'a measure { fn, field? } or { fn: countIf, where }', raw));
    return null;
  }
  const m = copyKeys(raw);
  const fn = m['fn'];
  if (typeof fn !== 'string' || !(FNS as readonly string[]).includes(fn)) {
    issues.push(crmIssue.invalidValue([...path, 'fn'], 'an aggregate function', fn, FNS));
    return null;
  }
  const keys = fn === 'count' ? ['fn'] : fn === 'countIf' ? ['fn', 'where'] : ['fn', 'field'];
  const extra = checkOptionKeys(m, keys, path);
  if (extra.length > 0) {
    issues.push(...extra);
    return null;
  }
  if (fn === 'count') return { name, fn };
  if (fn === 'countIf') {
    if (m['where'] === undefined || m['where'] === null) {
      issues.push(crmIssue.invalidType([...path, 'where'], 'a condition', m['where']));
      return null;
    }
    const q = validateCountQuery(REPOSITORY_KINDS[repository], { where: m['where'], context });
    if (!q.ok) {
      issues.push(...prefixIssues(q.error.issues, path));
      return null;
    }
    return { name, fn, query: q.value };
  }
  const f = fieldOf(repository, m['field'], fn, [...path, 'field']);
  if ('code' in f) {
    issues.push(f);
    return null;
  }
  return { name, fn: fn as 'sum' | 'min' | 'max' | 'distinctCount', field: f.field, type: f.type };
}

function run(request: AggregateRequest): Result<CheckedAggregate> {
  const r = request as unknown as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object' || !Object.hasOwn(REPOSITORY_KINDS, r['repository'] as string))
    throw new CrmError('validation_failed', 'checkAggregate: expected { repository, ctx, query }', {
      issues: [crmIssue.invalidType([], 'an aggregate request with a repository name', request)],
    });
  const repository = r['repository'] as RepositoryName;
  const c = validateContext(r['ctx']);
  if (!c.ok) return c;
  const raw = r['query'];
  if (!isPlainObject(raw))
    return err(
      invalidInput('The aggregate query', [
        crmIssue.invalidType(['query'], 'an aggregate query { where?, context?, groupBy?, measures }', raw),
      ]),
    );
  const query = copyKeys(raw);
  const issues: CrmIssue[] = checkOptionKeys(query, QUERY_KEYS);
  if (issues.length > 0) return err(invalidInput('The aggregate query', issues));
  const filter = validateCountQuery(REPOSITORY_KINDS[repository], { where: query['where'], context: query['context'] });
  if (!filter.ok) issues.push(...filter.error.issues);
  const groupBy: AggregateField[] = [];
  const rawGroup = query['groupBy'] ?? [];
  if (!Array.isArray(rawGroup)) issues.push(crmIssue.invalidType(['groupBy'], 'an array of field names', rawGroup));
  else if (rawGroup.length > MAX_GROUP_FIELDS)
    issues.push(crmIssue.tooBig(['groupBy'], 'group fields', MAX_GROUP_FIELDS, true, `${rawGroup.length} fields`));
  else
    for (let i = 0; i < rawGroup.length; i++) {
      const f = fieldOf(repository, rawGroup[i], 'groupBy', ['groupBy', i]);
      if ('code' in f) issues.push(f);
      else if (groupBy.some((g) => g.field === f.field))
        issues.push(crmIssue.duplicate(['groupBy', i], 'group field', f.field));
      else groupBy.push(f);
    }
  const measures: CheckedMeasure[] = [];
  const rawMeasures = query['measures'];
  if (!isPlainObject(rawMeasures))
    issues.push(crmIssue.invalidType(['measures'], 'measures by name { name: { fn, … } }', rawMeasures));
  else {
    const all = copyKeys(rawMeasures);
    const names = Object.keys(all);
    if (names.length === 0) issues.push(crmIssue.tooSmall(['measures'], 'measures', 1, true, '0 measures'));
    else if (names.length > MAX_MEASURES)
      issues.push(crmIssue.tooBig(['measures'], 'measures', MAX_MEASURES, true, `${names.length} measures`));
    else
      for (const name of names) {
        const m = checkMeasure(repository, name, all[name], query['context'], issues);
        if (m !== null) measures.push(m);
      }
  }
  if (issues.length > 0 || !filter.ok) return err(invalidInput('The aggregate query', issues));
  return ok(
    Object.freeze({
      ctx: c.value,
      query: filter.value,
      groupBy: Object.freeze(groupBy.map((g) => Object.freeze(g))),
      measures: Object.freeze(measures.map((m) => Object.freeze(m))),
    }),
  );
}

/**
 * Checks an `aggregate` before a store reads, as both built-in stores do: the context
 * (`validateContext`), the query's keys (`where`, `context`, `groupBy`, `measures`; others refused),
 * the filter and every `countIf` condition (as `count` checks a filter: the shared condition
 * language, bound to `context`; paths `['where', …]` and `['measures', name, 'where', …]`), the group
 * fields (at most 8 text, number, date or boolean fields, no custom field, none twice) and the
 * measures (1 to 32, each name a letter or `_` followed by letters, digits or `_`; `sum` of a number or
 * money field, `min`/`max` of a text, number or date field, `distinctCount` of a text, number, date or
 * boolean field). Returns what the store aggregates with, or `validation_failed`. Never throws for
 * the context or query, whatever they hold.
 *
 * @throws {CrmError} `validation_failed` when `request` has no repository name (a call no type-correct
 *   program makes).
 *
 * @example
 * ```ts
 * const ok1 = checkAggregate({ repository: 'surveyResponses', ctx: { tenantId: 'acme' }, query: { measures: { n: { fn: 'count' } } } });
 * ok1.ok; //=> true
 * const bad = checkAggregate({ repository: 'deals', ctx: { tenantId: 'acme' }, query: { measures: { s: { fn: 'sum', field: 'name' } } } });
 * bad.ok ? null : bad.error.issues[0]?.path; //=> ['measures', 's', 'field']
 * ```
 */
export function checkAggregate(request: AggregateRequest): Result<CheckedAggregate> {
  try {
    return run(request);
  } catch (e) {
    if (e instanceof CrmError) {
      if (e.message.startsWith('checkAggregate:')) throw e;
      return err(e);
    }
    return err(
      invalidInput('The aggregate query', [crmIssue.of('invalid_type', [], `it could not be read: ${thrownText(e)}`)]),
    );
  }
}
