/**
 * SLA policies as data: which tickets a policy covers (a condition), its targets per priority
 * (first response, next response, resolution, in minutes on its clock), its clock (a business
 * calendar, or calendar hours), the statuses that pause it, and when it is valid.
 *
 * @module
 */
import type { CrmIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { prefixIssues } from '../core/errors.js';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../entities/enums.js';
import type { Ticket } from '../entities/ticket.js';
import { defineCondition, isCondition, type Condition } from '../conditions/define.js';
import { compileCondition } from '../conditions/evaluate.js';
import type { ConditionJson } from '../conditions/types.js';
import { isBusinessCalendar, type BusinessCalendar } from './businessCalendar.js';
import { quoteValue } from '../_lib/show.js';

/**
 * The targets of one priority, in minutes on the policy's clock (business minutes with a
 * calendar, else calendar minutes). Each is optional; a priority names at least one.
 *
 * @example
 * ```ts
 * const t: SlaTargets = { firstResponse: 60, nextResponse: 240, resolution: 8 * 60 };
 * ```
 */
export interface SlaTargets {
  /** From the ticket's creation to its first public reply. */
  readonly firstResponse?: number;
  /** From a requester's message (after an answer) to the next public reply. */
  readonly nextResponse?: number;
  /** From the ticket's creation to its resolution. */
  readonly resolution?: number;
}

/** The names of the targets, in report order. */
export const SLA_TARGETS = /* @__PURE__ */ Object.freeze(['firstResponse', 'nextResponse', 'resolution'] as const);

/**
 * The name of an SLA target.
 *
 * @example
 * ```ts
 * const t: SlaTargetName = 'resolution';
 * ```
 */
export type SlaTargetName = (typeof SLA_TARGETS)[number];

/**
 * What {@link defineSlaPolicy} reads.
 *
 * @example
 * ```ts
 * declare const calendar: BusinessCalendar;
 * const spec: SlaPolicySpec = {
 *   id: 'standard', appliesTo: 'ticket',
 *   when: { field: 'type', op: 'in', value: ['incident', 'complaint'] },
 *   priorities: { urgent: { firstResponse: 30, resolution: 240 }, normal: { firstResponse: 240, resolution: 2400 } },
 *   calendar, pauseWhile: ['pending'],
 * };
 * ```
 */
export interface SlaPolicySpec {
  /** A stable id (1–100 characters). */
  readonly id: string;
  readonly name?: string | null;
  /** The kind of record the policy covers and its `when` is written against: `'ticket'` (the default). */
  readonly appliesTo?: 'ticket';
  /** Which tickets it covers, in the condition language on the ticket's fields (default: every ticket). */
  readonly when?: ConditionJson | Condition<never, never> | null;
  /** Targets per ticket priority; a priority left out has no targets under this policy. */
  readonly priorities: Partial<Record<TicketPriority, SlaTargets>>;
  /** Business hours and holidays the targets count in; absent or null: calendar hours (24/7). */
  readonly calendar?: BusinessCalendar | null;
  /** Ticket statuses during which the clock stops (default none; Zendesk-style: `['pending']`). */
  readonly pauseWhile?: readonly TicketStatus[];
  /** When the policy may be selected: `from` inclusive, `to` exclusive (Dates or ISO text). */
  readonly validity?: { readonly from?: Date | string | null; readonly to?: Date | string | null } | null;
  /** The fallback policy, used when no other matches (its `when` is not consulted then). */
  readonly default?: boolean;
  /** A disabled policy is never selected (default true). */
  readonly enabled?: boolean;
}

/**
 * A validated SLA policy (frozen; made only by {@link defineSlaPolicy}).
 *
 * @example
 * ```ts
 * declare const policy: SlaPolicy;
 * policy.priorities.urgent?.firstResponse; //=> 30
 * ```
 */
export interface SlaPolicy {
  readonly id: string;
  readonly name: string | null;
  readonly appliesTo: 'ticket';
  /** The condition, or null for every ticket. */
  readonly when: Condition<never, never> | null;
  readonly priorities: Readonly<Partial<Record<TicketPriority, Readonly<SlaTargets>>>>;
  readonly calendar: BusinessCalendar | null;
  readonly pauseWhile: readonly TicketStatus[];
  readonly validity: { readonly from: Date | null; readonly to: Date | null };
  readonly default: boolean;
  readonly enabled: boolean;
}

const POLICIES = /* @__PURE__ */ new WeakSet<object>();
const SPEC_KEYS = [
  'id',
  'name',
  'appliesTo',
  'when',
  'priorities',
  'calendar',
  'pauseWhile',
  'validity',
  'default',
  'enabled',
] as const;
/** The longest target: ten years of minutes. */
const MAX_TARGET_MINUTES = 5_256_000;

function dateOf(v: unknown): Date | null | undefined {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : new Date(v.getTime());
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

function targetsOf(raw: unknown, path: (string | number)[], issues: CrmIssue[]): Readonly<SlaTargets> | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push(crmIssue.invalidType(path, 'an object of targets in minutes', raw));
    return null;
  }
  for (const i of checkOptionKeys(raw, SLA_TARGETS, path)) issues.push(i);
  const out: Record<string, number> = {};
  for (const name of SLA_TARGETS) {
    const v = (raw as Record<string, unknown>)[name];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_TARGET_MINUTES) {
      issues.push(
        crmIssue.of(
          typeof v === 'number' ? 'too_small' : 'invalid_type',
          [...path, name],
          `Expected a whole number of minutes from 1 to ${MAX_TARGET_MINUTES}; received ${quoteValue(v)}`,
        ),
      );
      continue;
    }
    out[name] = v;
  }
  if (Object.keys(out).length === 0 && issues.length === 0)
    issues.push(
      crmIssue.of('too_small', path, 'A priority needs at least one target: firstResponse, nextResponse or resolution'),
    );
  return Object.freeze(out);
}

/**
 * Validates an SLA policy (Frappe's and Zendesk's policies, as data): its `when` condition on the
 * ticket's fields (the one condition language; `$now` reads the moment of selection), its targets
 * per priority in whole minutes, its clock (a {@link BusinessCalendar} from
 * `defineBusinessCalendar`, or none for calendar hours), the statuses that pause it, its validity
 * window, and whether it is the default or disabled.
 *
 * Every problem is reported at once, with its path, as a `validation_failed` error: a missing or
 * bad id, an unknown `appliesTo`, a condition that does not validate (issues under `['when']`), an
 * unknown priority or target, a target that is not a whole number of minutes from 1 to 5,256,000
 * (ten years), a priority without targets, no priorities at all, a calendar not made by
 * `defineBusinessCalendar`, an unknown or repeated status in `pauseWhile` (a `resolved` or `closed`
 * status is refused there: a solved ticket's clocks stop anyway), a validity that ends before it
 * starts, unknown keys. Never throws for its input.
 *
 * @example
 * ```ts
 * const r = defineSlaPolicy({ id: 'vip', when: { field: 'priority', op: 'eq', value: 'urgent' }, priorities: { urgent: { firstResponse: 15 } } });
 * r.ok; //=> true
 * defineSlaPolicy({ id: 'x', priorities: { critical: { firstResponse: 5 } } }).ok; //=> false (unknown priority at ['priorities', 'critical'])
 * ```
 */
export function defineSlaPolicy(spec: SlaPolicySpec): Result<SlaPolicy> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    return err(invalidInput('SLA policy', [crmIssue.invalidType([], 'an SLA policy object', spec)]));
  const issues: CrmIssue[] = checkOptionKeys(spec, SPEC_KEYS, []);
  const s = spec as unknown as Record<string, unknown>;
  const id = s['id'];
  if (typeof id !== 'string' || id.length === 0 || id.length > 100)
    issues.push(crmIssue.invalidType(['id'], 'an id of 1 to 100 characters', id));
  const name = s['name'];
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > 300))
    issues.push(crmIssue.invalidType(['name'], 'text of at most 300 characters, or null', name));
  const appliesTo = s['appliesTo'];
  if (appliesTo !== undefined && appliesTo !== 'ticket')
    issues.push(crmIssue.invalidValue(['appliesTo'], 'the kind of record the policy covers', appliesTo, ['ticket']));
  let when: Condition<never, never> | null = null;
  const rawWhen = s['when'];
  if (rawWhen !== undefined && rawWhen !== null) {
    const c = defineCondition<never, never>(isCondition(rawWhen) ? rawWhen.json : rawWhen, { entity: 'ticket' });
    if (c.ok) when = c.value;
    else for (const i of prefixIssues(c.error.issues, ['when'])) issues.push(i);
  }
  const priorities: Partial<Record<TicketPriority, Readonly<SlaTargets>>> = {};
  const rawPriorities = s['priorities'];
  if (typeof rawPriorities !== 'object' || rawPriorities === null || Array.isArray(rawPriorities))
    issues.push(crmIssue.invalidType(['priorities'], 'targets by ticket priority', rawPriorities));
  else {
    for (const i of checkOptionKeys(rawPriorities, TICKET_PRIORITIES, ['priorities'])) issues.push(i);
    for (const p of TICKET_PRIORITIES) {
      const raw = (rawPriorities as Record<string, unknown>)[p];
      if (raw === undefined) continue;
      const local: CrmIssue[] = [];
      const t = targetsOf(raw, ['priorities', p], local);
      issues.push(...local);
      if (t !== null && local.length === 0) priorities[p] = t;
    }
    if (Object.keys(rawPriorities).length === 0)
      issues.push(crmIssue.of('too_small', ['priorities'], 'A policy needs targets for at least one priority'));
  }
  const calendar = s['calendar'];
  if (calendar !== undefined && calendar !== null && !isBusinessCalendar(calendar))
    issues.push(crmIssue.invalidType(['calendar'], 'a calendar made by defineBusinessCalendar, or null', calendar));
  const pauseWhile: TicketStatus[] = [];
  const rawPause = s['pauseWhile'];
  if (rawPause !== undefined && rawPause !== null) {
    if (!Array.isArray(rawPause))
      issues.push(crmIssue.invalidType(['pauseWhile'], 'a list of ticket statuses', rawPause));
    else
      rawPause.forEach((st: unknown, i) => {
        const allowed = TICKET_STATUSES.filter((x) => x !== 'resolved' && x !== 'closed');
        if (typeof st !== 'string' || !(allowed as readonly string[]).includes(st))
          issues.push(crmIssue.invalidValue(['pauseWhile', i], 'a status the clock can pause in', st, allowed));
        else if (pauseWhile.includes(st as TicketStatus))
          issues.push(crmIssue.of('duplicate', ['pauseWhile', i], `Status '${st}' is listed twice`));
        else pauseWhile.push(st as TicketStatus);
      });
  }
  let from: Date | null = null;
  let to: Date | null = null;
  const validity = s['validity'];
  if (validity !== undefined && validity !== null) {
    if (typeof validity !== 'object' || Array.isArray(validity))
      issues.push(crmIssue.invalidType(['validity'], 'an object { from?, to? }', validity));
    else {
      for (const i of checkOptionKeys(validity, ['from', 'to'], ['validity'])) issues.push(i);
      const v = validity as Record<string, unknown>;
      const f = dateOf(v['from']);
      const t = dateOf(v['to']);
      if (f === undefined) issues.push(crmIssue.invalidDate(['validity', 'from'], v['from']));
      if (t === undefined) issues.push(crmIssue.invalidDate(['validity', 'to'], v['to']));
      if (f && t && t.getTime() <= f.getTime())
        issues.push(
          crmIssue.of(
            'invalid_period',
            ['validity', 'to'],
            `The validity ends (${t.toISOString()}) before or when it starts (${f.toISOString()})`,
          ),
        );
      from = f ?? null;
      to = t ?? null;
    }
  }
  for (const key of ['default', 'enabled'] as const) {
    const v = s[key];
    if (v !== undefined && typeof v !== 'boolean') issues.push(crmIssue.invalidType([key], 'true or false', v));
  }
  if (issues.length > 0) return err(invalidInput('SLA policy', issues));
  const policy: SlaPolicy = Object.freeze({
    id: id as string,
    name: typeof name === 'string' ? name : null,
    appliesTo: 'ticket' as const,
    when,
    priorities: Object.freeze(priorities),
    calendar: (calendar as BusinessCalendar | null | undefined) ?? null,
    pauseWhile: Object.freeze(pauseWhile),
    validity: Object.freeze({ from, to }),
    default: s['default'] === true,
    enabled: s['enabled'] !== false,
  });
  POLICIES.add(policy);
  return ok(policy);
}

/**
 * True when `value` is a policy made by {@link defineSlaPolicy}. Never throws.
 *
 * @example
 * ```ts
 * isSlaPolicy({ id: 'x' }); //=> false
 * ```
 */
export function isSlaPolicy(value: unknown): value is SlaPolicy {
  return typeof value === 'object' && value !== null && POLICIES.has(value);
}

/**
 * Options of {@link selectSlaPolicy}.
 *
 * @example
 * ```ts
 * const o: SelectSlaPolicyOptions = { at: new Date('2026-03-02T09:00:00Z') };
 * ```
 */
export interface SelectSlaPolicyOptions {
  /** The moment of selection: validity windows and `$now` in conditions read it. */
  readonly at: Date;
}

/** Whether a policy may be selected at `at` (enabled, inside its validity). */
export function policyLive(policy: SlaPolicy, at: number): boolean {
  const { from, to } = policy.validity;
  return policy.enabled && (from === null || from.getTime() <= at) && (to === null || at < to.getTime());
}

/** The issues of a policy list (each must come from defineSlaPolicy). */
export function policyListIssues(policies: unknown, path: (string | number)[]): CrmIssue[] {
  if (!Array.isArray(policies)) return [crmIssue.invalidType(path, 'a list of SLA policies', policies)];
  const issues: CrmIssue[] = [];
  for (let i = 0; i < policies.length; i++)
    if (!isSlaPolicy(policies[i]))
      issues.push(crmIssue.invalidType([...path, i], 'an SLA policy made by defineSlaPolicy', policies[i]));
  return issues;
}

/**
 * A chooser of the policy of each ticket at one moment: the conditions compiled once (internal; the
 * policies and `at` are already checked). A condition that throws for a record (it cannot: compiled
 * conditions never do) would propagate.
 */
export function policyChooser(policies: readonly SlaPolicy[], at: number): (ticket: Ticket) => SlaPolicy | null {
  const live = policies.filter((p) => policyLive(p, at));
  const context = { asOf: new Date(at) };
  const tests = live
    .filter((p) => !p.default)
    .map((p) => ({ policy: p, test: p.when === null ? () => true : compileCondition<Ticket>(p.when, context) }));
  const fallback = live.find((p) => p.default) ?? null;
  return (ticket) => {
    for (const t of tests) if (t.test(ticket)) return t.policy;
    return fallback;
  };
}

/**
 * Picks the SLA policy of a ticket at a moment, as Frappe does: the first policy in list order that
 * is enabled, valid at `at` (validity `from` ≤ at < `to`), not the default, and whose `when` holds for
 * the ticket; else the first enabled, valid default policy; else `null` (no SLA applies).
 *
 * Bad input is a `validation_failed` error with its path: a list whose items are not made by
 * {@link defineSlaPolicy}, a ticket that is not an object, `at` not a valid Date, unknown option keys.
 * Never throws for its input.
 *
 * @example
 * ```ts
 * declare const policies: readonly SlaPolicy[];
 * declare const ticket: Ticket;
 * const r = selectSlaPolicy(policies, ticket, { at: new Date('2026-03-02T09:00:00Z') });
 * if (r.ok) r.value?.id; //=> 'standard' (or undefined when none applies)
 * ```
 */
export function selectSlaPolicy(
  policies: readonly SlaPolicy[],
  ticket: Ticket,
  options: SelectSlaPolicyOptions,
): Result<SlaPolicy | null> {
  const issues = policyListIssues(policies, ['policies']);
  if (typeof ticket !== 'object' || ticket === null) issues.push(crmIssue.invalidType(['ticket'], 'a Ticket', ticket));
  if (typeof options !== 'object' || options === null)
    issues.push(crmIssue.invalidType(['options'], 'an object with at (a Date)', options));
  else {
    issues.push(...checkOptionKeys(options, ['at'], ['options']));
    const at = (options as { at?: unknown }).at;
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) issues.push(crmIssue.invalidDate(['options', 'at'], at));
  }
  if (issues.length > 0) return err(invalidInput('selectSlaPolicy', issues));
  return ok(policyChooser(policies, options.at.getTime())(ticket));
}
