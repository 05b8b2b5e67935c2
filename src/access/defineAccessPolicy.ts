/**
 * Access policies: organisation-wide defaults, roles, a role hierarchy, sharing rules and field rules,
 * validated at once and frozen.
 *
 * @module
 */
import { CrmError, prefixIssues, type PathSegment } from '../core/errors.js';
import { ENTITY_KINDS } from '../core/ids.js';
import { crmIssue, invalidInput, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { USER_ROLES } from '../entities/enums.js';
import { entityCatalog, isFieldName } from '../conditions/catalog.js';
import { defineCondition, type Condition } from '../conditions/define.js';
import { ACCESS_ACTIONS, ACCESS_LEVELS, type AccessAction, type AccessLevel, type AccessPolicySpec } from './types.js';

/**
 * A validated access policy, frozen: the spec as given (deep-copied). Made only by
 * {@link defineAccessPolicy}; {@link isAccessPolicy} tells.
 *
 * @example
 * ```ts
 * const p: AccessPolicy = unwrap(defineAccessPolicy({ defaults: {}, roles: { admin: { deal: { read: 'all' } } } }));
 * p.roles.admin?.deal?.read; //=> 'all'
 * ```
 */
export interface AccessPolicy extends AccessPolicySpec {
  readonly hierarchy: NonNullable<AccessPolicySpec['hierarchy']>;
  readonly sharingRules: NonNullable<AccessPolicySpec['sharingRules']>;
  readonly fields: NonNullable<AccessPolicySpec['fields']>;
}

/** A rule after validation. */
export type Grant =
  { readonly level: Exclude<AccessLevel, 'none'> } | { readonly level: 'condition'; readonly condition: Condition };

/** A sharing rule after validation. */
export interface CompiledRule {
  readonly id: string;
  readonly kind: string;
  readonly condition: Condition;
  readonly actions: ReadonlySet<AccessAction>;
  readonly role: string | undefined;
  readonly team: string | undefined;
}

/** What a policy compiles to (internal). */
export interface CompiledPolicy {
  /** kind → action → grant of the defaults. */
  readonly defaults: ReadonlyMap<string, ReadonlyMap<AccessAction, Grant>>;
  /** role → kind → action → grant. */
  readonly roles: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<AccessAction, Grant>>>;
  /** role → every role below it (transitively). */
  readonly below: ReadonlyMap<string, ReadonlySet<string>>;
  readonly rules: readonly CompiledRule[];
  /** kind → field → action → the roles refused. */
  readonly fields: ReadonlyMap<string, ReadonlyMap<string, { read: ReadonlySet<string>; edit: ReadonlySet<string> }>>;
}

const POLICIES = /* @__PURE__ */ new WeakMap<object, CompiledPolicy>();
const SPEC_KEYS = ['defaults', 'roles', 'hierarchy', 'sharingRules', 'fields'] as const;
const RULE_KEYS = ['id', 'object', 'where', 'grant', 'to'] as const;
const FIELD_RULE_KEYS = ['read', 'edit'] as const;
const ROLES: readonly string[] = USER_ROLES;
const KINDS: readonly string[] = ENTITY_KINDS;
const LEVELS: readonly string[] = ACCESS_LEVELS;
const ACTIONS: readonly string[] = ACCESS_ACTIONS;

/** The compiled form of a policy made by {@link defineAccessPolicy}. @throws CrmError for anything else. */
export function compiledPolicy(policy: unknown, fn: string): CompiledPolicy {
  const c = typeof policy === 'object' && policy !== null ? POLICIES.get(policy) : undefined;
  if (c === undefined)
    throw new CrmError(
      'validation_failed',
      `${fn}: expected an AccessPolicy made by defineAccessPolicy; received ${quoteValue(policy)}`,
      { issues: [crmIssue.invalidType(['policy'], 'an AccessPolicy made by defineAccessPolicy', policy)] },
    );
  return c;
}

/** Checks a kind argument of a function taking a policy. @throws CrmError for an unknown kind. */
export function checkKind(kind: unknown, fn: string): string {
  if (typeof kind !== 'string' || !KINDS.includes(kind))
    throw new CrmError('validation_failed', `${fn}: expected an entity kind; received ${quoteValue(kind)}`, {
      issues: [crmIssue.invalidValue(['kind'], 'an entity kind', kind, KINDS)],
    });
  return kind;
}

/**
 * True when `value` is an {@link AccessPolicy} made by {@link defineAccessPolicy}.
 *
 * @example
 * ```ts
 * isAccessPolicy(unwrap(defineAccessPolicy({ defaults: {}, roles: {} }))); //=> true
 * isAccessPolicy({ defaults: {}, roles: {} }); //=> false
 * ```
 */
export function isAccessPolicy(value: unknown): value is AccessPolicy {
  return typeof value === 'object' && value !== null && POLICIES.has(value);
}

/** A plain object (a Date, a Map or a class instance is not one: they would pass as empty). */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Own enumerable keys that are not Object.prototype names (those can never be a role, kind or field). */
function keysOf(v: Record<string, unknown>): string[] {
  return Object.keys(v);
}

function copyJson(v: unknown, depth = 0): unknown {
  if (v instanceof Date) return new Date(v.getTime());
  if (Array.isArray(v)) return Object.freeze(Array.from(v, (x) => copyJson(x, depth + 1)));
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      Object.defineProperty(out, k, { value: copyJson(v[k], depth + 1), enumerable: true });
    return Object.freeze(out);
  }
  return v;
}

interface State {
  readonly issues: IssueList;
}

function checkObject(s: State, v: unknown, path: readonly PathSegment[], what: string): v is Record<string, unknown> {
  if (isRecord(v)) return true;
  s.issues.push(crmIssue.invalidType(path, what, v));
  return false;
}

function checkKindKey(s: State, k: string, path: readonly PathSegment[]): boolean {
  if (KINDS.includes(k)) return true;
  s.issues.push(crmIssue.invalidValue(path, 'an entity kind', k, KINDS));
  return false;
}

function checkRoleKey(s: State, k: unknown, path: readonly PathSegment[]): k is string {
  if (typeof k === 'string' && ROLES.includes(k)) return true;
  s.issues.push(crmIssue.invalidValue(path, 'a role (a User.role value)', k, ROLES));
  return false;
}

function owned(kind: string): boolean {
  return entityCatalog(kind)?.fields['ownerId'] === 'text';
}

/** A condition of a policy: valid on the kind, reading nothing but the user. */
function policyCondition(s: State, json: unknown, kind: string, path: readonly PathSegment[]): Condition | undefined {
  const r = defineCondition(json, { entity: kind });
  if (!r.ok) {
    s.issues.push(...prefixIssues(r.error.issues, path));
    return undefined;
  }
  // accessCondition puts it under one `any`: it must stay within the depth limit there too.
  const wrapped = defineCondition({ any: [json] }, { entity: kind });
  if (!wrapped.ok) {
    const strip = wrapped.error.issues.map((i) => ({ ...i, path: i.path.slice(2) }));
    s.issues.push(...prefixIssues(strip, path));
    return undefined;
  }
  const other = r.value.requires.filter((x) => x !== 'user');
  if (other.length > 0) {
    s.issues.push(
      crmIssue.of(
        'invalid_value',
        path,
        `an access condition may read only the acting user; this one needs ${other.join(', ')} ($now makes access depend on a clock)`,
      ),
    );
    return undefined;
  }
  return r.value;
}

function checkGrants(
  s: State,
  v: unknown,
  kind: string,
  path: readonly PathSegment[],
): ReadonlyMap<AccessAction, Grant> | undefined {
  if (!checkObject(s, v, path, `an object of actions (${ACTIONS.join(', ')}) to levels or conditions`))
    return undefined;
  const out = new Map<AccessAction, Grant>();
  const unknown = keysOf(v).filter((k) => !ACTIONS.includes(k));
  if (unknown.length > 0) s.issues.push(crmIssue.unrecognizedKeys(path, unknown, ACTIONS));
  for (const action of ACCESS_ACTIONS) {
    if (!Object.hasOwn(v, action)) continue;
    const rule = v[action];
    const at = [...path, action];
    if (rule === undefined) continue;
    if (typeof rule === 'string') {
      if (!LEVELS.includes(rule)) {
        s.issues.push(crmIssue.invalidValue(at, 'a level or a condition', rule, LEVELS));
        continue;
      }
      if ((rule === 'own' || rule === 'team') && !owned(kind)) {
        s.issues.push(
          crmIssue.of(
            'invalid_value',
            at,
            `level '${rule}' needs an ownerId, and a ${kind} has none; use 'all', 'none' or a condition`,
          ),
        );
        continue;
      }
      if (rule !== 'none') out.set(action, Object.freeze({ level: rule as Exclude<AccessLevel, 'none'> }));
      continue;
    }
    if (!isRecord(rule)) {
      s.issues.push(crmIssue.invalidType(at, `a level (${LEVELS.join(', ')}) or a condition`, rule));
      continue;
    }
    const condition = policyCondition(s, rule, kind, at);
    if (condition !== undefined) out.set(action, Object.freeze({ level: 'condition', condition }));
  }
  return out;
}

function checkKinds(
  s: State,
  v: unknown,
  path: readonly PathSegment[],
): ReadonlyMap<string, ReadonlyMap<AccessAction, Grant>> | undefined {
  if (!checkObject(s, v, path, 'an object of entity kinds to actions')) return undefined;
  const out = new Map<string, ReadonlyMap<AccessAction, Grant>>();
  for (const kind of keysOf(v)) {
    if (!checkKindKey(s, kind, [...path, kind])) continue;
    const g = checkGrants(s, v[kind], kind, [...path, kind]);
    if (g !== undefined) out.set(kind, g);
  }
  return out;
}

function checkHierarchy(s: State, v: unknown): Map<string, ReadonlySet<string>> {
  const below = new Map<string, ReadonlySet<string>>();
  if (v === undefined || v === null) return below;
  if (!checkObject(s, v, ['hierarchy'], 'an object of roles to the roles reporting to them')) return below;
  const direct = new Map<string, string[]>();
  for (const role of keysOf(v)) {
    const at = ['hierarchy', role];
    const okRole = checkRoleKey(s, role, at);
    const list = v[role];
    if (!Array.isArray(list)) {
      s.issues.push(crmIssue.invalidType(at, 'an array of roles', list));
      continue;
    }
    const seen = new Map<string, number>();
    const kids: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const r: unknown = list[i];
      if (!checkRoleKey(s, r, [...at, i])) continue;
      const first = seen.get(r);
      if (first !== undefined) s.issues.push(crmIssue.duplicate([...at, i], 'role', r, [...at, first]));
      else seen.set(r, i);
      kids.push(r);
    }
    if (okRole) direct.set(role, kids);
  }
  // Cycles: a depth-first walk; each cycle is reported once, at the role where it was entered, naming it.
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  const walk = (role: string, trail: string[]): void => {
    state.set(role, 'open');
    for (const kid of direct.get(role) ?? []) {
      if (state.get(kid) === 'open') {
        const cycle = [...trail.slice(trail.indexOf(kid)), role, kid];
        const key = [...new Set(cycle)].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          s.issues.push(
            crmIssue.of('invalid_value', ['hierarchy', role], `the hierarchy has a cycle: ${cycle.join(' → ')}`),
          );
        }
      } else if (state.get(kid) === undefined) walk(kid, [...trail, role]);
    }
    state.set(role, 'done');
  };
  for (const role of direct.keys()) if (state.get(role) === undefined) walk(role, []);
  for (const role of direct.keys()) {
    const all = new Set<string>();
    const stack = [...(direct.get(role) ?? [])];
    while (stack.length > 0) {
      const r = stack.pop() as string;
      if (all.has(r) || r === role) continue;
      all.add(r);
      stack.push(...(direct.get(r) ?? []));
    }
    below.set(role, all);
  }
  return below;
}

function checkText(s: State, v: unknown, path: readonly PathSegment[], what: string): v is string {
  // eslint-disable-next-line no-control-regex
  if (typeof v === 'string' && v.length > 0 && v.length <= 200 && !/\u0000|\p{Cs}/u.test(v)) return true;
  s.issues.push(crmIssue.invalidType(path, `${what} (1 to 200 characters)`, v));
  return false;
}

function checkRules(s: State, v: unknown): CompiledRule[] {
  const out: CompiledRule[] = [];
  if (v === undefined || v === null) return out;
  if (!Array.isArray(v)) {
    s.issues.push(crmIssue.invalidType(['sharingRules'], 'an array of sharing rules', v));
    return out;
  }
  const ids = new Map<string, number>();
  for (let i = 0; i < v.length; i++) {
    const at = ['sharingRules', i];
    const r: unknown = v[i];
    if (!checkObject(s, r, at, 'a sharing rule { id, object, where, grant, to }')) continue;
    const unknown = keysOf(r).filter((k) => !(RULE_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) s.issues.push(crmIssue.unrecognizedKeys(at, unknown, RULE_KEYS));
    const id = r['id'];
    const idOk = checkText(s, id, [...at, 'id'], 'a rule id');
    if (idOk) {
      const first = ids.get(id);
      if (first !== undefined)
        s.issues.push(crmIssue.duplicate([...at, 'id'], 'sharing rule id', id, ['sharingRules', first, 'id']));
      else ids.set(id, i);
    }
    const kind = r['object'];
    const kindOk = typeof kind === 'string' ? checkKindKey(s, kind, [...at, 'object']) : false;
    if (typeof kind !== 'string')
      s.issues.push(crmIssue.invalidValue([...at, 'object'], 'an entity kind', kind, KINDS));
    const condition = kindOk ? policyCondition(s, r['where'], kind as string, [...at, 'where']) : undefined;
    const grant = r['grant'];
    const actions = new Set<AccessAction>();
    if (checkObject(s, grant, [...at, 'grant'], 'an object of actions to true')) {
      const bad = keysOf(grant).filter((k) => !ACTIONS.includes(k));
      if (bad.length > 0) s.issues.push(crmIssue.unrecognizedKeys([...at, 'grant'], bad, ACTIONS));
      for (const a of ACCESS_ACTIONS) {
        if (!Object.hasOwn(grant, a) || grant[a] === undefined) continue;
        if (typeof grant[a] !== 'boolean')
          s.issues.push(crmIssue.invalidType([...at, 'grant', a], 'a boolean', grant[a]));
        else if (grant[a]) actions.add(a);
      }
    }
    const to = r['to'];
    let role: string | undefined;
    let team: string | undefined;
    if (checkObject(s, to, [...at, 'to'], '{ role } or { team }')) {
      const keys = keysOf(to);
      if (keys.length !== 1 || (keys[0] !== 'role' && keys[0] !== 'team'))
        s.issues.push(
          crmIssue.of(
            'invalid_value',
            [...at, 'to'],
            `expected exactly one of 'role' or 'team'; received keys ${quoteValue(keys)}`,
          ),
        );
      else if (keys[0] === 'role') {
        if (checkRoleKey(s, to['role'], [...at, 'to', 'role'])) role = to['role'] as string;
      } else if (checkText(s, to['team'], [...at, 'to', 'team'], 'a team id')) team = to['team'] as string;
    }
    if (idOk && condition !== undefined && (role !== undefined || team !== undefined))
      out.push(Object.freeze({ id, kind: kind as string, condition, actions, role, team }));
  }
  return out;
}

function checkFields(s: State, v: unknown): CompiledPolicy['fields'] {
  const out = new Map<string, Map<string, { read: ReadonlySet<string>; edit: ReadonlySet<string> }>>();
  if (v === undefined || v === null) return out;
  if (!checkObject(s, v, ['fields'], 'an object of entity kinds to field rules')) return out;
  for (const kind of keysOf(v)) {
    const at = ['fields', kind];
    if (!checkKindKey(s, kind, at)) continue;
    const byField = v[kind];
    if (!checkObject(s, byField, at, 'an object of fields to { read, edit }')) continue;
    const catalog = entityCatalog(kind);
    const known = catalog === undefined ? [] : Object.keys(catalog.fields).filter((f) => f !== 'id');
    const m = new Map<string, { read: ReadonlySet<string>; edit: ReadonlySet<string> }>();
    for (const field of keysOf(byField)) {
      const fat = [...at, field];
      const custom = /^customFields\.([A-Za-z0-9_]+)$/.exec(field);
      if (!(known.includes(field) || (custom !== null && isFieldName(field) && catalog?.customFields === true))) {
        s.issues.push(
          crmIssue.unknownName(
            'unknown_field',
            fat,
            `field of a ${kind} (or customFields.<key>; id is never restricted)`,
            field,
            known,
          ),
        );
        continue;
      }
      const rule = byField[field];
      if (!checkObject(s, rule, fat, '{ read?, edit? }')) continue;
      const bad = keysOf(rule).filter((k) => !(FIELD_RULE_KEYS as readonly string[]).includes(k));
      if (bad.length > 0) s.issues.push(crmIssue.unrecognizedKeys(fat, bad, FIELD_RULE_KEYS));
      const refused = { read: new Set<string>(), edit: new Set<string>() };
      for (const a of FIELD_RULE_KEYS) {
        const byRole = rule[a];
        if (byRole === undefined) continue;
        if (!checkObject(s, byRole, [...fat, a], 'an object of roles to booleans')) continue;
        for (const role of keysOf(byRole)) {
          if (!checkRoleKey(s, role, [...fat, a, role])) continue;
          const b = byRole[role];
          if (typeof b !== 'boolean') s.issues.push(crmIssue.invalidType([...fat, a, role], 'a boolean', b));
          else if (!b) refused[a].add(role);
        }
      }
      // A role that may not read a field may not edit it either.
      for (const r of refused.read) refused.edit.add(r);
      m.set(field, refused);
    }
    out.set(kind, m);
  }
  return out;
}

/**
 * Defines an access policy (EspoCRM's roles and levels, Salesforce's defaults, role hierarchy, sharing
 * rules and field-level security), checking every part and reporting every problem at once with its path:
 * unknown keys, roles (not a `User.role` value), entity kinds, actions, levels and fields; `own` and
 * `team` on a kind without `ownerId`; bad conditions (their issues prefixed with the rule's path, and
 * `$now` refused: access never depends on a clock); cycles in the hierarchy (the cycle named); duplicate
 * sharing-rule ids.
 *
 * What a user may do is the **union** of what every source grants — the most permissive wins:
 * - the **defaults** (for everyone): the floor. A role cannot go below it: a role's `none` adds nothing,
 *   it does not take away what the default gives;
 * - the user's **role**;
 * - the **hierarchy** `{ manager: ['sales'] }`: a manager may do an action on a record owned by a user
 *   whose role is below the manager's (transitively) when that owner's own role or the defaults let the
 *   owner do it to their own records (a level `own`, `team` or `all`; a condition level does not count)
 *   — "a manager sees what the reports own", as Salesforce's role hierarchy;
 * - **sharing rules** whose `to` names the user's role or one of the user's teams: the records matching
 *   `where` for the actions granted.
 *
 * Field rules are per role: a role listed `false` under `read` (or `edit`) may not read (edit) the field;
 * an unlisted role may. Field rules do not inherit through the hierarchy.
 *
 * Never throws for its input; bad input is a `validation_failed` error.
 *
 * @example
 * ```ts
 * const r = defineAccessPolicy({
 *   defaults: { deal: { read: 'none', edit: 'none', delete: 'none' } },
 *   roles: { sales: { deal: { read: 'own', edit: 'own', delete: 'none' } }, manager: { deal: { read: 'team' } } },
 *   hierarchy: { manager: ['sales'] },
 *   fields: { deal: { amount: { read: { support: false } } } },
 * });
 * r.ok; //=> true
 * defineAccessPolicy(JSON.parse('{ "defaults": {}, "roles": { "boss": {} } }')).ok; //=> false (invalid_value at roles.boss)
 * ```
 */
export function defineAccessPolicy(spec: AccessPolicySpec): Result<AccessPolicy> {
  try {
    const s: State = { issues: new IssueList() };
    if (!isRecord(spec))
      return err(invalidInput('Access policy', [crmIssue.invalidType([], 'an access policy object', spec)]));
    const unknown = keysOf(spec).filter((k) => !(SPEC_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) s.issues.push(crmIssue.unrecognizedKeys([], unknown, SPEC_KEYS));
    const defaults = checkKinds(s, spec.defaults, ['defaults']) ?? new Map();
    const roles = new Map<string, ReadonlyMap<string, ReadonlyMap<AccessAction, Grant>>>();
    if (checkObject(s, spec.roles, ['roles'], 'an object of roles to their grants'))
      for (const role of keysOf(spec.roles)) {
        if (!checkRoleKey(s, role, ['roles', role])) continue;
        const g = checkKinds(s, (spec.roles as Record<string, unknown>)[role], ['roles', role]);
        if (g !== undefined) roles.set(role, g);
      }
    const below = checkHierarchy(s, spec.hierarchy);
    const rules = checkRules(s, spec.sharingRules);
    const fields = checkFields(s, spec.fields);
    if (s.issues.count > 0) return err(s.issues.error('Access policy'));
    const policy = Object.freeze({
      defaults: copyJson(spec.defaults),
      roles: copyJson(spec.roles),
      hierarchy: copyJson(spec.hierarchy ?? {}),
      sharingRules: copyJson(spec.sharingRules ?? []),
      fields: copyJson(spec.fields ?? {}),
    }) as AccessPolicy;
    POLICIES.set(policy, Object.freeze({ defaults, roles, below, rules: Object.freeze(rules), fields }));
    return ok(policy);
  } catch (e) {
    return err(
      invalidInput('Access policy', [
        crmIssue.of(
          'invalid_type',
          [],
          `the policy could not be read: ${e instanceof Error ? e.message : quoteValue(e)}`,
        ),
      ]),
    );
  }
}
