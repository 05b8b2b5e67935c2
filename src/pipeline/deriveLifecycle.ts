/**
 * The lifecycle stage a contact's records suggest, with the reasons (HubSpot's automatic lifecycle
 * rules: deals, subscriptions and survey answers move a contact along).
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { caught } from '../metrics/_guard.js';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../entities/enums.js';
import { parseContact, type Contact } from '../entities/contact.js';
import type { Deal } from '../entities/deal.js';
import type { Subscription } from '../entities/subscription.js';
import type { SurveyResponse } from '../entities/surveyResponse.js';
import { readPipelines, isRecord, type Pipelines } from './_records.js';
import { b2bPipeline, saasRenewalPipeline } from './presets.js';
import type { Pipeline } from './define.js';

/**
 * The records {@link deriveLifecycle} looks at. Each list may hold other contacts' records too: a
 * deal counts when its `contactId` is the contact's or its `accountId` the contact's account; a
 * subscription when its `accountId` is the contact's account; a survey answer and a referral when
 * they name the contact.
 *
 * @example
 * ```ts
 * declare const deals: readonly Deal[];
 * const f: LifecycleFacts = { deals, subscriptions: [], surveys: [] };
 * ```
 */
export interface LifecycleFacts {
  /** Deals (open and closed); whether one is open, won or lost comes from its pipeline's stage kind. */
  readonly deals?: readonly Deal[] | null;
  /** Subscriptions of the contact's account. */
  readonly subscriptions?: readonly Subscription[] | null;
  /** Survey answers; the contact's latest NPS answer decides whether they are a promoter (9–10). */
  readonly surveys?: readonly SurveyResponse[] | null;
  /** Referrals made (`crmkit/loyalty`'s Referral fits): a contact who referred someone is a referrer. */
  readonly referrals?: readonly { readonly referrerContactId: string | null }[] | null;
  /** The pipelines of the deals; default `[b2bPipeline, saasRenewalPipeline]`. */
  readonly pipelines?: Pipelines | null;
}

/**
 * What a rule sees: the contact and its records, sorted out.
 *
 * @example
 * ```ts
 * const quiet = (e: LifecycleEvidence) => e.openDeals.length === 0 && e.wonDeals.length === 0;
 * ```
 */
export interface LifecycleEvidence {
  /** The contact. */
  readonly contact: Contact;
  /** The contact's deals in an open stage. */
  readonly openDeals: readonly Deal[];
  /** The contact's deals in a won stage. */
  readonly wonDeals: readonly Deal[];
  /** The subscriptions of the contact's account. */
  readonly subscriptions: readonly Subscription[];
  /** Of those, the ones `active` or `past_due` (a paying customer, late or not). */
  readonly activeSubscriptions: readonly Subscription[];
  /** Of those, the ones that ended: `canceled` or `expired`, or with `endedAt` set. */
  readonly endedSubscriptions: readonly Subscription[];
  /** The contact's latest NPS answer (by `answeredAt`), or null. */
  readonly latestNps: SurveyResponse | null;
  /** How many referrals name the contact as referrer. */
  readonly referrals: number;
}

/**
 * A lifecycle rule: when `when` gives a reason (text), the rule suggests `stage`; `null` means it
 * does not apply. Rules are tried in order and the first that applies decides.
 *
 * @example
 * ```ts
 * const bigDeal: LifecycleRule = { id: 'big_deal', stage: 'decision', when: (e) => (e.openDeals.some((d) => Number(d.amount.amount) > 50_000) ? 'a large open deal' : null) };
 * ```
 */
export interface LifecycleRule {
  /** The rule's name, given back with its reason. */
  readonly id: string;
  /** The stage it suggests. */
  readonly stage: LifecycleStage;
  /** A reason when the rule applies, `null` when not. Must be pure. */
  readonly when: (evidence: LifecycleEvidence) => string | null;
}

/**
 * The default rules, as HubSpot moves lifecycle stages, tried in this order:
 * 1. `all_subscriptions_ended` → churned: the account has subscriptions and every one has ended;
 * 2. `promoter_or_referrer` → advocacy: the latest NPS answer is 9 or 10, or the contact referred someone;
 * 3. `customer` → growth: a won deal or an active (or past-due) subscription;
 * 4. `open_deal` → decision: a deal in an open stage.
 *
 * @example
 * ```ts
 * DEFAULT_LIFECYCLE_RULES.map((r) => r.stage); //=> ['churned', 'advocacy', 'growth', 'decision']
 * ```
 */
export const DEFAULT_LIFECYCLE_RULES: readonly LifecycleRule[] = /* @__PURE__ */ Object.freeze([
  /* @__PURE__ */ Object.freeze({
    id: 'all_subscriptions_ended',
    stage: 'churned' as const,
    when: (e: LifecycleEvidence) =>
      e.subscriptions.length > 0 && e.endedSubscriptions.length === e.subscriptions.length
        ? `all ${e.subscriptions.length} subscription${e.subscriptions.length === 1 ? '' : 's'} ended`
        : null,
  }),
  /* @__PURE__ */ Object.freeze({
    id: 'promoter_or_referrer',
    stage: 'advocacy' as const,
    when: (e: LifecycleEvidence) =>
      e.latestNps !== null && e.latestNps.score >= 9
        ? `a promoter (latest NPS answer ${e.latestNps.score})`
        : e.referrals > 0
          ? `a referrer (${e.referrals} referral${e.referrals === 1 ? '' : 's'})`
          : null,
  }),
  /* @__PURE__ */ Object.freeze({
    id: 'customer',
    stage: 'growth' as const,
    when: (e: LifecycleEvidence) =>
      e.wonDeals.length > 0
        ? `${e.wonDeals.length} won deal${e.wonDeals.length === 1 ? '' : 's'}`
        : e.activeSubscriptions.length > 0
          ? `${e.activeSubscriptions.length} active subscription${e.activeSubscriptions.length === 1 ? '' : 's'}`
          : null,
  }),
  /* @__PURE__ */ Object.freeze({
    id: 'open_deal',
    stage: 'decision' as const,
    when: (e: LifecycleEvidence) =>
      e.openDeals.length > 0 ? `${e.openDeals.length} open deal${e.openDeals.length === 1 ? '' : 's'}` : null,
  }),
]);

/**
 * What {@link deriveLifecycle} suggests.
 *
 * @example
 * ```ts
 * const s: DerivedLifecycle = { stage: 'growth', current: 'decision', changed: true, rule: 'customer', reasons: [{ rule: 'customer', stage: 'growth', reason: '1 won deal' }] };
 * ```
 */
export interface DerivedLifecycle {
  /** The suggested stage: the first applying rule's, or the current stage when none applies. */
  readonly stage: LifecycleStage;
  /** The contact's stage now. */
  readonly current: LifecycleStage;
  /** Whether the suggestion differs from the current stage. */
  readonly changed: boolean;
  /** The id of the deciding rule, or null when none applies. */
  readonly rule: string | null;
  /** Every rule that applies, in rule order, with its reason (the first decides). */
  readonly reasons: readonly { readonly rule: string; readonly stage: LifecycleStage; readonly reason: string }[];
}

const FACT_KEYS = ['deals', 'subscriptions', 'surveys', 'referrals', 'pipelines'] as const;
const ACTIVE: ReadonlySet<string> = /* @__PURE__ */ new Set(['active', 'past_due']);
const ENDED: ReadonlySet<string> = /* @__PURE__ */ new Set(['canceled', 'expired']);
const FN = 'deriveLifecycle';

function listIssue(v: unknown, path: PathSegment[]): CrmIssue | undefined {
  return v === undefined || v === null || Array.isArray(v) ? undefined : crmIssue.invalidType(path, 'an array', v);
}

function rulesIssues(rules: unknown): CrmIssue[] {
  if (!Array.isArray(rules)) return [crmIssue.invalidType(['rules'], 'an array of rules { id, stage, when }', rules)];
  const out: CrmIssue[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rules.length && out.length < 20; i++) {
    const r: unknown = rules[i];
    if (!isRecord(r)) {
      out.push(crmIssue.invalidType(['rules', i], 'a rule { id, stage, when }', r));
      continue;
    }
    out.push(...checkOptionKeys(r, ['id', 'stage', 'when'], ['rules', i]));
    if (typeof r['id'] !== 'string' || r['id'] === '')
      out.push(crmIssue.invalidType(['rules', i, 'id'], 'a name', r['id']));
    else if (seen.has(r['id'])) out.push(crmIssue.duplicate(['rules', i, 'id'], 'rule id', r['id']));
    else seen.add(r['id']);
    if (!(LIFECYCLE_STAGES as readonly unknown[]).includes(r['stage']))
      out.push(crmIssue.invalidValue(['rules', i, 'stage'], 'a lifecycle stage', r['stage'], LIFECYCLE_STAGES));
    if (typeof r['when'] !== 'function')
      out.push(crmIssue.invalidType(['rules', i, 'when'], 'a function (evidence) => reason | null', r['when']));
  }
  return out;
}

/** Sorts the facts out for one contact; the issues when a record cannot be read. */
function evidenceOf(c: Contact, facts: LifecycleFacts, issues: IssueList): LifecycleEvidence | undefined {
  const pipelines =
    facts.pipelines === undefined || facts.pipelines === null
      ? new Map<string, Pipeline>([
          [b2bPipeline.id, b2bPipeline],
          [saasRenewalPipeline.id, saasRenewalPipeline],
        ])
      : readPipelines(facts.pipelines, ['facts', 'pipelines'], issues)?.byId;
  if (pipelines === undefined) return undefined;
  const account = c.accountId;
  const openDeals: Deal[] = [];
  const wonDeals: Deal[] = [];
  const deals = facts.deals ?? [];
  for (let i = 0; i < deals.length && !issues.full; i++) {
    const d: unknown = deals[i];
    if (!isRecord(d)) {
      issues.push(crmIssue.invalidType(['facts', 'deals', i], 'a deal', d));
      continue;
    }
    const mine = (d['contactId'] === c.id && c.id !== null) || (account !== null && d['accountId'] === account);
    if (!mine) continue;
    const pipeline = typeof d['pipelineId'] === 'string' ? pipelines.get(d['pipelineId']) : undefined;
    if (pipeline === undefined) {
      issues.push(
        crmIssue.unknownName('unknown_reference', ['facts', 'deals', i, 'pipelineId'], 'pipeline', d['pipelineId'], [
          ...pipelines.keys(),
        ]),
      );
      continue;
    }
    const stage = typeof d['stageId'] === 'string' ? pipeline.stageById.get(d['stageId']) : undefined;
    if (stage === undefined) {
      issues.push(
        crmIssue.unknownName('unknown_stage', ['facts', 'deals', i, 'stageId'], 'stage', d['stageId'], [
          ...pipeline.stageById.keys(),
        ]),
      );
      continue;
    }
    if (stage.kind === 'open') openDeals.push(d as unknown as Deal);
    else if (stage.kind === 'won') wonDeals.push(d as unknown as Deal);
  }
  const subscriptions: Subscription[] = [];
  const active: Subscription[] = [];
  const ended: Subscription[] = [];
  const subs = facts.subscriptions ?? [];
  for (let i = 0; i < subs.length && !issues.full; i++) {
    const s: unknown = subs[i];
    if (!isRecord(s) || typeof s['status'] !== 'string') {
      issues.push(crmIssue.invalidType(['facts', 'subscriptions', i], 'a subscription', s));
      continue;
    }
    if (account === null || s['accountId'] !== account) continue;
    const sub = s as unknown as Subscription;
    subscriptions.push(sub);
    if (ENDED.has(sub.status) || (sub.endedAt !== null && sub.endedAt !== undefined)) ended.push(sub);
    else if (ACTIVE.has(sub.status)) active.push(sub);
  }
  let latestNps: SurveyResponse | null = null;
  const surveys = facts.surveys ?? [];
  for (let i = 0; i < surveys.length && !issues.full; i++) {
    const s: unknown = surveys[i];
    if (!isRecord(s)) {
      issues.push(crmIssue.invalidType(['facts', 'surveys', i], 'a survey response', s));
      continue;
    }
    if (s['contactId'] !== c.id || s['kind'] !== 'nps') continue;
    const at = s['answeredAt'];
    if (!(at instanceof Date) || Number.isNaN(at.getTime()) || typeof s['score'] !== 'number') {
      issues.push(crmIssue.invalidType(['facts', 'surveys', i], 'a survey response with answeredAt and score', s));
      continue;
    }
    if (latestNps === null || at.getTime() >= latestNps.answeredAt.getTime())
      latestNps = s as unknown as SurveyResponse;
  }
  let referrals = 0;
  const refs = facts.referrals ?? [];
  for (let i = 0; i < refs.length && !issues.full; i++) {
    const r: unknown = refs[i];
    if (!isRecord(r)) issues.push(crmIssue.invalidType(['facts', 'referrals', i], 'a referral', r));
    else if (r['referrerContactId'] === c.id) referrals++;
  }
  if (issues.count > 0) return undefined;
  return Object.freeze({
    contact: c,
    openDeals: Object.freeze(openDeals),
    wonDeals: Object.freeze(wonDeals),
    subscriptions: Object.freeze(subscriptions),
    activeSubscriptions: Object.freeze(active),
    endedSubscriptions: Object.freeze(ended),
    latestNps,
    referrals,
  });
}

/**
 * The customer-lifecycle stage a contact's records suggest, with every reason: the rules are tried
 * in order and the first that applies gives the stage ({@link DEFAULT_LIFECYCLE_RULES}, as HubSpot
 * does: every subscription ended → churned; a promoter or referrer → advocacy; a won deal or an
 * active subscription → growth; an open deal → decision); when none applies the current stage is
 * kept. It only suggests: apply it with `transitionContactLifecycle`, which keeps moves forward
 * unless forced (a suggestion behind the current stage — an advocate with only an open upsell deal —
 * is listed by the rules in order, and the caller decides).
 *
 * Deals are open, won or lost by their stage's kind in their pipeline (`facts.pipelines`; default the
 * preset `b2bPipeline` and `saasRenewalPipeline`). Pure; linear in the records.
 *
 * Bad data is a `validation_failed` error, never a throw: a contact that `parseContact` refuses
 * (issues under `['contact']`), facts that are not an object of arrays (unknown keys refused), a
 * deal of the contact in a pipeline or stage the pipelines do not have (`unknown_reference`,
 * `unknown_stage` under `['facts', 'deals', i]`), an unreadable record, rules that are not
 * `{ id, stage, when }` with distinct ids.
 *
 * @throws whatever a rule's own `when` throws (the caller's code, unchanged).
 *
 * @example
 * ```ts
 * declare const contact: Contact; // in 'decision', at account 'acc-1'
 * declare const won: Deal;        // of acc-1, in b2b's closed_won
 * const r = deriveLifecycle(contact, { deals: [won] });
 * if (r.ok) [r.value.stage, r.value.reasons[0]?.reason]; //=> ['growth', '1 won deal']
 * ```
 */
export function deriveLifecycle(
  contact: Contact,
  facts: LifecycleFacts,
  rules: readonly LifecycleRule[] = DEFAULT_LIFECYCLE_RULES,
): Result<DerivedLifecycle> {
  let evidence: LifecycleEvidence;
  let list: readonly LifecycleRule[];
  try {
    const issues = new IssueList();
    const parsed = parseContact(contact);
    if (!parsed.ok) issues.push(...parsed.error.issues.map((i) => ({ ...i, path: ['contact', ...i.path] })));
    if (!isRecord(facts))
      issues.push(crmIssue.invalidType(['facts'], 'an object { deals, subscriptions, surveys }', facts));
    else {
      issues.push(...checkOptionKeys(facts, FACT_KEYS, ['facts']));
      for (const k of ['deals', 'subscriptions', 'surveys', 'referrals'] as const) {
        const i = listIssue(facts[k], ['facts', k]);
        if (i !== undefined) issues.push(i);
      }
    }
    list = rules ?? DEFAULT_LIFECYCLE_RULES;
    issues.push(...rulesIssues(list));
    if (issues.count > 0 || !parsed.ok) return err(issues.error(FN));
    const e = evidenceOf(parsed.value, facts, issues);
    if (e === undefined) return err(issues.error(FN));
    evidence = e;
  } catch (e) {
    return caught(FN, e);
  }
  const reasons: { rule: string; stage: LifecycleStage; reason: string }[] = [];
  for (const rule of list) {
    // The rule is the caller's code: what it throws reaches the caller unchanged.
    const reason: unknown = rule.when(evidence);
    if (reason === null || reason === undefined || reason === false) continue;
    reasons.push(Object.freeze({ rule: rule.id, stage: rule.stage, reason: String(reason) }));
  }
  const current = evidence.contact.lifecycleStage;
  const first = reasons[0];
  const stage = first?.stage ?? current;
  return ok(
    Object.freeze({
      stage,
      current,
      changed: stage !== current,
      rule: first?.rule ?? null,
      reasons: Object.freeze(reasons),
    }),
  );
}
