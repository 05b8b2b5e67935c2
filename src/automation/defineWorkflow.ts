/**
 * `defineWorkflow`: a workflow definition (JSON) validated against its entity's catalog, with every
 * problem reported at once.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { ENTITY_KINDS, type EntityKind } from '../core/ids.js';
import { parseIsoInstant } from '../core/dates.js';
import { entityCatalog, type FieldCatalog } from '../conditions/catalog.js';
import { defineCondition, type AnyCondition } from '../conditions/define.js';
import { changeTests } from '../conditions/extensions/changeTests.js';
import { parseIsoDuration, canonicalDecimal } from '../conditions/values.js';
import { WORKFLOW_STEP_TYPES, type JsonValue } from './types.js';
import {
  WEEKDAYS,
  WORKFLOW_RUN_POLICIES,
  WORKFLOW_TRIGGERS,
  type Workflow,
  type WorkflowJson,
  type WorkflowRunPolicy,
  type WorkflowStep,
  type WorkflowTriggerJson,
  type WorkflowWindowJson,
} from './workflow.js';
import { readJson } from './_definitionJson.js';
import { isTimeZone, wallMinutes } from './_window.js';
import { internalsOf, registerWorkflow, type WorkflowInternals } from './_registry.js';
import { selfTriggerIssues } from './_selfTrigger.js';
import { graphIssues } from './_graph.js';

/**
 * The most steps a workflow may have.
 *
 * @example
 * ```ts
 * MAX_WORKFLOW_STEPS; //=> 200
 * ```
 */
export const MAX_WORKFLOW_STEPS = 200;

/**
 * The most ways one `branch` step may have.
 *
 * @example
 * ```ts
 * MAX_WORKFLOW_BRANCHES; //=> 20
 * ```
 */
export const MAX_WORKFLOW_BRANCHES = 20;

/**
 * A zod-like schema for a host action's params: anything with `safeParse` (zod 3 and 4 fit).
 *
 * @example
 * ```ts
 * const s: WorkflowParamsSchema = { safeParse: (v) => (typeof v === 'object' ? { success: true } : { success: false, error: { issues: [{ path: [], message: 'expected an object' }] } }) };
 * ```
 */
export interface WorkflowParamsSchema {
  /** Checks params: `success`, or an error with zod-style issues. */
  safeParse(value: unknown):
    | { readonly success: true }
    | {
        readonly success: false;
        readonly error: {
          readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
        };
      };
}

/**
 * A validator function for a host action's params: the problems found, in words (empty: fine).
 *
 * @example
 * ```ts
 * const v: WorkflowParamsValidator = (p) => (typeof p['channel'] === 'string' ? [] : ['params.channel must be text']);
 * ```
 */
export type WorkflowParamsValidator = (params: { readonly [key: string]: JsonValue }) => readonly string[];

/**
 * A host action a workflow step may name as its `type`: how its params are checked.
 *
 * @example
 * ```ts
 * const slack: WorkflowAction = { params: (p) => (typeof p['channel'] === 'string' ? [] : ['channel must be text']) };
 * ```
 */
export interface WorkflowAction {
  /** A zod schema (or anything with `safeParse`), or a validator function returning problems. */
  readonly params: WorkflowParamsSchema | WorkflowParamsValidator;
}

/**
 * Options of {@link defineWorkflow}.
 *
 * @example
 * ```ts
 * const o: DefineWorkflowOptions = { actions: { post_to_slack: { params: () => [] } } };
 * ```
 */
export interface DefineWorkflowOptions {
  /** Host actions by name (lower-case letters, digits and `_`, not a built-in step type). */
  readonly actions?: Readonly<Record<string, WorkflowAction>>;
}

const TOP_KEYS = [
  'id',
  'name',
  'enabled',
  'object',
  'trigger',
  'condition',
  'runPolicy',
  'reenrollment',
  'goal',
  'suppression',
  'window',
  'steps',
];
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ACTION_NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** Fields a `set_field` may not write: the store keeps them. */
const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'version'];
const MAX_TEXT = 2000;
const MAX_USERS = 1000;
const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function keysIssue(o: Obj, allowed: readonly string[], path: readonly PathSegment[]): CrmIssue[] {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  return extra.length === 0 ? [] : [crmIssue.unrecognizedKeys(path, extra, allowed)];
}

function text(issues: IssueList, v: unknown, path: readonly PathSegment[], what: string, max = MAX_TEXT): v is string {
  if (typeof v !== 'string' || v.length === 0) {
    issues.push(crmIssue.invalidType(path, `${what} (non-empty text)`, v));
    return false;
  }
  if (v.length > max) {
    issues.push(crmIssue.tooBig(path, what, max, true, `${v.length} characters`));
    return false;
  }
  return true;
}

function duration(issues: IssueList, v: unknown, path: readonly PathSegment[], signed: boolean): boolean {
  const d = parseIsoDuration(v);
  if (d === null || (!signed && d.sign < 0) || d.years + d.months + d.days + d.ms === 0) {
    issues.push(
      crmIssue.invalidValue(
        path,
        `expected ${signed ? 'an' : 'a positive'} ISO 8601 duration such as '${signed ? '-P30D' : 'P1D'}'`,
        v,
      ),
    );
    return false;
  }
  return true;
}

/** The issues of a condition, its paths under `path`. */
function condition(
  issues: IssueList,
  json: unknown,
  object: EntityKind,
  path: readonly PathSegment[],
  withChanges: boolean,
): AnyCondition | null {
  const r = defineCondition(json as never, { entity: object, extensions: withChanges ? changeTests : [] });
  if (!r.ok) {
    for (const i of r.error.issues) issues.push({ ...i, path: [...path, ...i.path] });
    return null;
  }
  const c = r.value as unknown as AnyCondition;
  if (c.requires.includes('user'))
    issues.push(crmIssue.invalidValue(path, 'a workflow condition cannot use `$ref` (no user evaluates it)', 'user.*'));
  return c;
}

function users(issues: IssueList, v: unknown, path: readonly PathSegment[], what: string): void {
  if (v === 'owner') return;
  if (typeof v === 'string') {
    text(issues, v, path, what, 200);
    return;
  }
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_USERS) {
    issues.push(crmIssue.invalidType(path, `${what}: 'owner', a user id, or a list of 1 to ${MAX_USERS} of them`, v));
    return;
  }
  v.forEach((u, i) => {
    if (u !== 'owner') text(issues, u, [...path, i], 'a user id', 200);
  });
}

/** Checks a `set_field` value against its field's type. */
function valueFits(type: string, v: unknown): boolean {
  if (v === null) return true;
  switch (type) {
    case 'text':
      return typeof v === 'string' && v.length <= 10_000;
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return typeof v === 'string' && Number.isFinite(parseIsoInstant(v));
    case 'money':
      return (
        isObj(v) &&
        Object.keys(v).length === 2 &&
        typeof v['amount'] === 'string' &&
        canonicalDecimal(v['amount']) !== null &&
        typeof v['currency'] === 'string' &&
        /^[A-Z]{3}$/.test(v['currency'])
      );
    case 'list':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    default:
      return true;
  }
}

function checkParams(
  issues: IssueList,
  type: string,
  params: Obj,
  path: readonly PathSegment[],
  catalog: FieldCatalog,
  actions: Readonly<Record<string, WorkflowAction>>,
): void {
  const p = [...path, 'params'];
  const allow = (keys: string[]) => issues.push(...keysIssue(params, keys, p));
  const enumValue = (field: string, v: unknown) => {
    const values = catalog.values?.[field];
    return values === undefined || v === null || (typeof v === 'string' && values.includes(v));
  };
  switch (type) {
    case 'set_field': {
      allow(['patch']);
      const patch = params['patch'];
      if (!isObj(patch) || Object.keys(patch).length === 0) {
        issues.push(crmIssue.invalidType([...p, 'patch'], 'an object of fields to set', patch));
        return;
      }
      for (const [field, v] of Object.entries(patch)) {
        const at = [...p, 'patch', field];
        const ft = Object.hasOwn(catalog.fields, field) ? catalog.fields[field] : undefined;
        if (ft === undefined || SYSTEM_FIELDS.includes(field))
          issues.push(
            crmIssue.unknownName(
              'unknown_field',
              at,
              `field ${catalog.name} lets a workflow set`,
              field,
              Object.keys(catalog.fields).filter((f) => !SYSTEM_FIELDS.includes(f)),
            ),
          );
        else if (!valueFits(ft, v) || !enumValue(field, v))
          issues.push(
            catalog.values?.[field] !== undefined && typeof v === 'string'
              ? crmIssue.invalidValue(at, `a value of ${field}`, v, catalog.values[field])
              : crmIssue.invalidType(at, `a ${ft} value (or null) for '${field}'`, v),
          );
      }
      return;
    }
    case 'create_task': {
      allow(['subject', 'description', 'dueIn', 'dueInBusinessDays', 'assignTo']);
      text(issues, params['subject'], [...p, 'subject'], 'subject', 500);
      if (params['description'] !== undefined)
        text(issues, params['description'], [...p, 'description'], 'description');
      if (params['dueIn'] !== undefined) duration(issues, params['dueIn'], [...p, 'dueIn'], false);
      const bd = params['dueInBusinessDays'];
      if (bd !== undefined && !(Number.isSafeInteger(bd) && (bd as number) >= 0 && (bd as number) <= 365))
        issues.push(crmIssue.invalidType([...p, 'dueInBusinessDays'], 'a whole number of days from 0 to 365', bd));
      if (bd !== undefined && params['dueIn'] !== undefined)
        issues.push(crmIssue.of('options_mismatch', p, 'give dueIn or dueInBusinessDays, not both'));
      if (params['assignTo'] !== undefined && params['assignTo'] !== 'owner')
        text(issues, params['assignTo'], [...p, 'assignTo'], "'owner' or a user id", 200);
      return;
    }
    case 'notify':
      allow(['to', 'message', 'channel']);
      users(issues, params['to'], [...p, 'to'], 'to');
      text(issues, params['message'], [...p, 'message'], 'message');
      if (params['channel'] !== undefined) text(issues, params['channel'], [...p, 'channel'], 'channel', 100);
      return;
    case 'request_approval':
      allow(['approvers', 'message']);
      users(issues, params['approvers'], [...p, 'approvers'], 'approvers');
      if (params['message'] !== undefined) text(issues, params['message'], [...p, 'message'], 'message');
      return;
    case 'assign': {
      allow(['strategy', 'users', 'team']);
      const s = params['strategy'];
      if (s !== 'round_robin' && s !== 'least_busy')
        issues.push(
          crmIssue.invalidValue([...p, 'strategy'], 'an assignment strategy', s, ['round_robin', 'least_busy']),
        );
      const u = params['users'];
      const team = params['team'];
      if ((u === undefined) === (team === undefined))
        issues.push(
          crmIssue.of('options_mismatch', p, 'give users (a list of user ids) or team (a team id), one of them'),
        );
      if (u !== undefined) {
        if (!Array.isArray(u) || u.length === 0 || u.length > MAX_USERS)
          issues.push(crmIssue.invalidType([...p, 'users'], `a list of 1 to ${MAX_USERS} user ids`, u));
        else u.forEach((x, i) => text(issues, x, [...p, 'users', i], 'a user id', 200));
      }
      if (team !== undefined) text(issues, team, [...p, 'team'], 'a team id', 200);
      return;
    }
    case 'delay':
      allow(['duration']);
      duration(issues, params['duration'], [...p, 'duration'], false);
      return;
    case 'webhook': {
      allow(['url', 'method', 'body', 'headers']);
      const url = params['url'];
      if (!(typeof url === 'string' && url.length <= MAX_TEXT && /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url)))
        issues.push(crmIssue.invalidValue([...p, 'url'], 'expected an http(s) URL', url));
      const m = params['method'];
      if (m !== undefined && !WEBHOOK_METHODS.includes(m as string))
        issues.push(crmIssue.invalidValue([...p, 'method'], 'an HTTP method', m, WEBHOOK_METHODS));
      const h = params['headers'];
      if (h !== undefined && !(isObj(h) && Object.values(h).every((x) => typeof x === 'string')))
        issues.push(crmIssue.invalidType([...p, 'headers'], 'an object of header texts', h));
      return;
    }
    default: {
      const action = actions[type]!;
      let problems: { path: readonly PathSegment[]; message: string }[];
      const schema = action.params;
      if (typeof schema === 'function') {
        const found = schema(params as { readonly [key: string]: JsonValue });
        problems = Array.isArray(found) ? found.map((m) => ({ path: [], message: String(m) })) : [];
      } else {
        const r = schema.safeParse(params);
        problems = r.success
          ? []
          : r.error.issues.map((i) => ({
              path: i.path.filter((s): s is string | number => typeof s !== 'symbol'),
              message: i.message,
            }));
      }
      for (const pr of problems) issues.push(crmIssue.of('custom', [...p, ...pr.path], pr.message));
    }
  }
}

function checkTrigger(issues: IssueList, t: unknown, catalog: FieldCatalog): void {
  const path = ['trigger'];
  if (!isObj(t) || !(WORKFLOW_TRIGGERS as readonly unknown[]).includes(t['type'])) {
    issues.push(
      isObj(t)
        ? crmIssue.invalidValue([...path, 'type'], 'a trigger type', t['type'], WORKFLOW_TRIGGERS)
        : crmIssue.invalidType(path, 'a trigger { type, … }', t),
    );
    return;
  }
  const dateField = (f: unknown, at: PathSegment[]) => {
    if (typeof f !== 'string' || !Object.hasOwn(catalog.fields, f) || catalog.fields[f] !== 'date')
      issues.push(
        crmIssue.unknownName(
          'unknown_field',
          at,
          `date field of ${catalog.name}`,
          f,
          Object.keys(catalog.fields).filter((k) => catalog.fields[k] === 'date'),
        ),
      );
  };
  switch (t['type']) {
    case 'field_changed': {
      issues.push(...keysIssue(t, ['type', 'fields'], path));
      const fields = t['fields'];
      if (!Array.isArray(fields) || fields.length === 0 || fields.length > 100) {
        issues.push(crmIssue.invalidType([...path, 'fields'], 'a list of 1 to 100 field names', fields));
        return;
      }
      fields.forEach((f, i) => {
        if (typeof f !== 'string' || !Object.hasOwn(catalog.fields, f))
          issues.push(
            crmIssue.unknownName(
              'unknown_field',
              [...path, 'fields', i],
              `field of ${catalog.name}`,
              f,
              Object.keys(catalog.fields),
            ),
          );
        else if (fields.indexOf(f) !== i) issues.push(crmIssue.duplicate([...path, 'fields', i], 'the field', f));
      });
      return;
    }
    case 'scheduled':
      if ('noActivityFor' in t) {
        issues.push(...keysIssue(t, ['type', 'noActivityFor', 'field'], path));
        duration(issues, t['noActivityFor'], [...path, 'noActivityFor'], false);
        if (t['field'] !== undefined) dateField(t['field'], [...path, 'field']);
      } else {
        issues.push(...keysIssue(t, ['type', 'field', 'offset', 'noActivityFor'], path));
        dateField(t['field'], [...path, 'field']);
        if (t['offset'] !== undefined) duration(issues, t['offset'], [...path, 'offset'], true);
      }
      return;
    default:
      issues.push(...keysIssue(t, ['type'], path));
  }
}

function checkWindow(issues: IssueList, w: unknown): void {
  const path = ['window'];
  if (!isObj(w)) {
    issues.push(crmIssue.invalidType(path, 'a time window { timeZone, days?, from, to }', w));
    return;
  }
  issues.push(...keysIssue(w, ['timeZone', 'days', 'from', 'to'], path));
  if (!isTimeZone(w['timeZone']))
    issues.push(
      crmIssue.invalidValue([...path, 'timeZone'], "an IANA time zone such as 'Europe/Berlin'", w['timeZone']),
    );
  const days = w['days'];
  if (days !== undefined) {
    if (!Array.isArray(days) || days.length === 0 || days.length > 7)
      issues.push(crmIssue.invalidType([...path, 'days'], 'a list of 1 to 7 days', days));
    else
      days.forEach((d, i) => {
        if (!(WEEKDAYS as readonly unknown[]).includes(d))
          issues.push(crmIssue.invalidValue([...path, 'days', i], 'a day', d, WEEKDAYS));
        else if (days.indexOf(d) !== i) issues.push(crmIssue.duplicate([...path, 'days', i], 'the day', d));
      });
  }
  const from = wallMinutes(w['from']);
  const to = wallMinutes(w['to']);
  if (from === undefined || from === 1440)
    issues.push(crmIssue.invalidValue([...path, 'from'], "a wall time 'HH:mm' before 24:00", w['from']));
  if (to === undefined) issues.push(crmIssue.invalidValue([...path, 'to'], "a wall time 'HH:mm' up to 24:00", w['to']));
  if (from !== undefined && to !== undefined && from >= to)
    issues.push(
      crmIssue.of('out_of_order', [...path, 'to'], `the window must close after it opens (${String(w['from'])})`),
    );
}

function checkActions(options: unknown): { issues: CrmIssue[]; actions: Record<string, WorkflowAction> } {
  const issues = checkOptionKeys(options, ['actions']);
  const actions: Record<string, WorkflowAction> = Object.create(null) as Record<string, WorkflowAction>;
  const given = isObj(options) ? options['actions'] : undefined;
  if (issues.length > 0 || given === undefined || given === null) return { issues, actions };
  if (!isObj(given)) return { issues: [crmIssue.invalidType(['actions'], 'host actions by name', given)], actions };
  for (const name of Object.keys(given)) {
    const a = given[name];
    if (!ACTION_NAME.test(name) || (WORKFLOW_STEP_TYPES as readonly string[]).includes(name))
      issues.push(
        crmIssue.invalidValue(
          ['actions', name],
          'an action name: lower-case letters, digits and _, not a built-in step type',
          name,
        ),
      );
    else if (
      !isObj(a) ||
      !(typeof a['params'] === 'function' || (isObj(a['params']) && typeof a['params']['safeParse'] === 'function'))
    )
      issues.push(crmIssue.invalidType(['actions', name], '{ params: a zod schema or a validator function }', a));
    else actions[name] = { params: a['params'] as WorkflowAction['params'] };
  }
  return { issues, actions };
}

/**
 * Validates a workflow definition (JSON) into a frozen {@link Workflow}. Every problem is reported at
 * once, each with its path into the definition:
 *
 * - unknown keys, fields (checked against the entity's catalog: a trigger's fields, a condition's
 *   fields, a `set_field` patch), step types (a built-in type or an action of `options.actions`) and
 *   `next` steps (`unknown_state`);
 * - steps no path from the first step reaches (`unreachable_state`);
 * - a cycle of steps without a `delay` on it, and a `set_field` (or `assign`) whose write would
 *   re-trigger the workflow without a guard (`workflow_loop`; docs/automation.md says what guards);
 * - params of the wrong form, a time zone that is not an IANA zone, a window that closes before it opens;
 * - hostile definitions: more than {@link MAX_WORKFLOW_STEPS} steps or {@link MAX_WORKFLOW_BRANCHES} ways
 *   of a branch, nesting past 48 levels or more than 100,000 values, `__proto__` / `constructor` /
 *   `prototype` keys, getters that throw, cycles in the data — all `validation_failed`, in time linear
 *   in the size of the definition (the graph checks are quadratic in the number of steps, at most 200).
 *
 * Defaults: `runPolicy` `'every_time'`, `reenrollment` `true` (`false` for `first_save` and
 * `until_first_true`, which run once per record), no window.
 *
 * Never throws: whatever `json` and `options` are, problems come back as a `validation_failed` error.
 *
 * @param json - The definition (docs/automation.md, "Workflows as data").
 * @param options - Host actions the steps may name.
 * @returns The workflow, or `validation_failed` with every issue.
 * @example
 * ```ts
 * const wf = defineWorkflow({
 *   id: 'welcome', name: 'Welcome new leads', enabled: true, object: 'lead',
 *   trigger: { type: 'created' },
 *   steps: [{ id: 'call', type: 'create_task', params: { subject: 'Call the lead', dueInBusinessDays: 1 } }],
 * });
 * wf.ok; //=> true
 * ```
 */
export function defineWorkflow(json: unknown, options?: DefineWorkflowOptions): Result<Workflow> {
  try {
    return define(json, options);
  } catch (e) {
    if (e instanceof CrmError && e.code === 'validation_failed') return err(e);
    return err(
      new CrmError('validation_failed', 'Workflow is invalid: the definition could not be read', {
        issues: [crmIssue.of('custom', [], 'the definition could not be read (a getter or a host validator threw)')],
        cause: e,
      }),
    );
  }
}

function define(json: unknown, options: unknown): Result<Workflow> {
  const issues = new IssueList();
  const checked = checkActions(options);
  if (checked.issues.length > 0) {
    issues.push(...checked.issues);
    return err(issues.error('defineWorkflow options'));
  }
  const actions = checked.actions;
  const copy = readJson(json, issues);
  if (copy === undefined) return err(issues.error('Workflow'));
  if (!isObj(copy)) {
    issues.push(crmIssue.invalidType([], 'a workflow definition (an object)', copy));
    return err(issues.error('Workflow'));
  }
  const d = copy;
  issues.push(...keysIssue(d, TOP_KEYS, []));
  if (typeof d['id'] !== 'string' || !ID.test(d['id']))
    issues.push(crmIssue.invalidValue(['id'], 'an id of 1 to 64 letters, digits, _ and -', d['id']));
  text(issues, d['name'], ['name'], 'name', 200);
  if (typeof d['enabled'] !== 'boolean') issues.push(crmIssue.invalidType(['enabled'], 'true or false', d['enabled']));
  const object = d['object'];
  if (!(ENTITY_KINDS as readonly unknown[]).includes(object)) {
    issues.push(crmIssue.invalidValue(['object'], 'an entity kind', object, ENTITY_KINDS));
    return err(issues.error('Workflow'));
  }
  const kind = object as EntityKind;
  const catalog = entityCatalog(kind)!;
  checkTrigger(issues, d['trigger'], catalog);
  const cond = d['condition'] === undefined ? null : condition(issues, d['condition'], kind, ['condition'], true);
  const goal = d['goal'] === undefined ? null : condition(issues, d['goal'], kind, ['goal'], false);
  const suppression =
    d['suppression'] === undefined ? null : condition(issues, d['suppression'], kind, ['suppression'], false);
  const runPolicy = (d['runPolicy'] ?? 'every_time') as WorkflowRunPolicy;
  if (!(WORKFLOW_RUN_POLICIES as readonly unknown[]).includes(runPolicy))
    issues.push(crmIssue.invalidValue(['runPolicy'], 'a run policy', d['runPolicy'], WORKFLOW_RUN_POLICIES));
  const once = runPolicy === 'first_save' || runPolicy === 'until_first_true';
  if (d['reenrollment'] !== undefined && typeof d['reenrollment'] !== 'boolean')
    issues.push(crmIssue.invalidType(['reenrollment'], 'true or false', d['reenrollment']));
  else if (d['reenrollment'] === true && once)
    issues.push(
      crmIssue.of(
        'options_mismatch',
        ['reenrollment'],
        `the run policy '${runPolicy}' runs once per record: no re-enrollment`,
      ),
    );
  const reenrollment = once ? false : d['reenrollment'] !== false;
  if (d['window'] !== undefined) checkWindow(issues, d['window']);
  const before = issues.count;
  const steps = checkSteps(issues, d['steps'], kind, catalog, actions);
  if (issues.count === before) issues.push(...graphIssues(steps));
  if (issues.count > 0) return err(issues.error('Workflow'));
  const wf: Workflow = Object.freeze({
    id: d['id'] as string,
    name: d['name'] as string,
    enabled: d['enabled'] as boolean,
    object: kind,
    trigger: d['trigger'] as WorkflowTriggerJson,
    condition: cond,
    runPolicy,
    reenrollment,
    goal,
    suppression,
    window: (d['window'] as WorkflowWindowJson | undefined) ?? null,
    steps: Object.freeze(steps),
    json: d as unknown as WorkflowJson,
  });
  if (issues.count === 0) issues.push(...selfTriggerIssues(wf));
  if (issues.count > 0) return err(issues.error('Workflow'));
  const internals: WorkflowInternals = {
    steps: new Map(steps.map((s) => [s.id, s])),
    catalog,
    actions: Object.freeze(Object.keys(actions)),
  };
  registerWorkflow(wf, internals);
  return ok(wf);
}

function checkSteps(
  issues: IssueList,
  raw: unknown,
  object: EntityKind,
  catalog: FieldCatalog,
  actions: Readonly<Record<string, WorkflowAction>>,
): WorkflowStep[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push(crmIssue.invalidType(['steps'], 'a list of at least one step', raw));
    return [];
  }
  if (raw.length > MAX_WORKFLOW_STEPS) {
    issues.push(crmIssue.tooBig(['steps'], 'a workflow', MAX_WORKFLOW_STEPS, true, `${raw.length} steps`));
    return [];
  }
  const known = [...WORKFLOW_STEP_TYPES, ...Object.keys(actions)];
  const ids = new Map<string, number>();
  raw.forEach((s, i) => {
    if (isObj(s) && typeof s['id'] === 'string' && ID.test(s['id'])) {
      const first = ids.get(s['id']);
      if (first !== undefined)
        issues.push(crmIssue.duplicate(['steps', i, 'id'], 'the step id', s['id'], ['steps', first, 'id']));
      else ids.set(s['id'], i);
    }
  });
  const nextRef = (v: unknown, path: PathSegment[]): string | null => {
    if (v === null) return null;
    if (typeof v !== 'string' || !ids.has(v)) {
      issues.push(crmIssue.unknownName('unknown_state', path, 'step', v, [...ids.keys()]));
      return null;
    }
    return v;
  };
  const steps: WorkflowStep[] = [];
  raw.forEach((s, i) => {
    const path: PathSegment[] = ['steps', i];
    if (issues.full) return;
    if (!isObj(s)) {
      issues.push(crmIssue.invalidType(path, 'a step { id, type, params?, next? }', s));
      return;
    }
    if (typeof s['id'] !== 'string' || !ID.test(s['id']))
      issues.push(crmIssue.invalidValue([...path, 'id'], 'a step id of 1 to 64 letters, digits, _ and -', s['id']));
    const type = s['type'];
    if (typeof type !== 'string' || !known.includes(type)) {
      issues.push(crmIssue.invalidValue([...path, 'type'], 'a step type or a registered action', type, known));
      return;
    }
    const fallthrough = i + 1 < raw.length && isObj(raw[i + 1]) ? ((raw[i + 1] as Obj)['id'] as string) : null;
    if (type === 'branch') {
      issues.push(...keysIssue(s, ['id', 'type', 'branches', 'otherwise'], path));
      const ways = s['branches'];
      const branches: { when: AnyCondition; next: string | null }[] = [];
      if (!Array.isArray(ways) || ways.length === 0 || ways.length > MAX_WORKFLOW_BRANCHES)
        issues.push(
          crmIssue.invalidType(
            [...path, 'branches'],
            `a list of 1 to ${MAX_WORKFLOW_BRANCHES} ways { when, next }`,
            ways,
          ),
        );
      else
        ways.forEach((w, j) => {
          const at: PathSegment[] = [...path, 'branches', j];
          if (!isObj(w)) {
            issues.push(crmIssue.invalidType(at, 'a way { when, next }', w));
            return;
          }
          issues.push(...keysIssue(w, ['when', 'next'], at));
          const when = condition(issues, w['when'], object, [...at, 'when'], false);
          const next = nextRef(w['next'] === undefined ? null : w['next'], [...at, 'next']);
          if (when !== null) branches.push({ when, next });
        });
      const otherwise = s['otherwise'] === undefined ? null : nextRef(s['otherwise'], [...path, 'otherwise']);
      steps.push(
        Object.freeze({
          id: s['id'] as string,
          type,
          params: Object.freeze({}),
          next: null,
          branches: Object.freeze(branches.map((b) => Object.freeze(b))),
          otherwise,
        }),
      );
      return;
    }
    issues.push(...keysIssue(s, ['id', 'type', 'params', 'next'], path));
    const params = s['params'] ?? {};
    if (!isObj(params)) issues.push(crmIssue.invalidType([...path, 'params'], 'an object of params', params));
    else checkParams(issues, type, params, path, catalog, actions);
    const next = s['next'] === undefined ? fallthrough : nextRef(s['next'], [...path, 'next']);
    steps.push(
      Object.freeze({
        id: s['id'] as string,
        type,
        params: (isObj(params) ? params : {}) as { readonly [key: string]: JsonValue },
        next,
        branches: Object.freeze([]),
        otherwise: null,
      }),
    );
  });
  return steps;
}

/**
 * True when `value` is a {@link Workflow} made by {@link defineWorkflow} (a look-alike object is not).
 *
 * Never throws.
 *
 * @example
 * ```ts
 * isWorkflow(unwrap(defineWorkflow({ id: 'w', name: 'W', enabled: true, object: 'deal', trigger: { type: 'created' },
 *   steps: [{ id: 'n', type: 'notify', params: { to: 'owner', message: 'New deal' } }] }))); //=> true
 * isWorkflow({ id: 'w' }); //=> false
 * ```
 */
export function isWorkflow(value: unknown): value is Workflow {
  return internalsOf(value) !== undefined;
}
