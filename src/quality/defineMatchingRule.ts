/**
 * Matching rules: which records are the same person or company.
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue } from '../core/issues.js';
import { ok, type Result } from '../core/result.js';
import { deepFreeze, freezeCopy } from '../_lib/freeze.js';
import { quoteValue } from '../_lib/show.js';
import { defineCondition } from '../conditions/define.js';
import { compileCondition } from '../conditions/evaluate.js';
import { isPhoneRegion } from '../entities/phoneNumber.js';
import maxMetadata from 'libphonenumber-js/max/metadata';
import type { ConditionJson } from '../conditions/types.js';
import { FREE_MAIL_DOMAINS } from './freeMailDomains.js';
import { featureIndex, registerEngine, type CompiledItem, type Engine, type Feature } from './_engine.js';
import { checkField, checkMethod, checkObject } from './_specChecks.js';
import { isObject, refuse } from './_results.js';
import type { BlankBehaviour, MatchingItem, MatchingRule, MatchingRuleSpec, MatchObject } from './types.js';
import { registerFinder } from './_registerFinder.js';

const RULE_KEYS = ['object', 'groups', 'blanks', 'where', 'defaultRegion', 'freeMailDomains', 'maxBlock'];
const ITEM_KEYS = ['field', 'method', 'threshold', 'blank'];
const BLANKS: readonly BlankBehaviour[] = ['no_match', 'match'];
/** The default `maxBlock`. */
export const DEFAULT_MAX_BLOCK = 1000;
const MAX_GROUPS = 20;
const MAX_ITEMS = 10;

function checkBlank(v: unknown, path: readonly PathSegment[], issues: CrmIssue[]): BlankBehaviour | undefined {
  if (v === 'no_match' || v === 'match') return v;
  issues.push(crmIssue.invalidValue(path, 'expected a blank behaviour', v, BLANKS));
  return undefined;
}

function checkItems(object: MatchObject, raw: unknown, blanks: BlankBehaviour, issues: CrmIssue[]): MatchingItem[][] {
  const groups: MatchingItem[][] = [];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_GROUPS) {
    issues.push(crmIssue.invalidType(['groups'], `a list of 1 to ${MAX_GROUPS} groups of items`, raw));
    return groups;
  }
  for (let g = 0; g < raw.length; g++) {
    const group: unknown = raw[g];
    if (!Array.isArray(group) || group.length === 0 || group.length > MAX_ITEMS) {
      issues.push(crmIssue.invalidType(['groups', g], `a group: a list of 1 to ${MAX_ITEMS} items`, group));
      continue;
    }
    const items: MatchingItem[] = [];
    for (let i = 0; i < group.length; i++) {
      const path = ['groups', g, i];
      const item: unknown = group[i];
      if (!isObject(item)) {
        issues.push(crmIssue.invalidType(path, 'an item { field, method, threshold?, blank? }', item));
        continue;
      }
      const keyIssues = checkOptionKeys(item, ITEM_KEYS, path);
      if (keyIssues.length > 0) {
        issues.push(...keyIssues);
        continue;
      }
      const fieldOk = checkField(object, item['field'], [...path, 'field'], issues);
      const methodOk = checkMethod(item['method'], item['threshold'], path, issues);
      const blank = item['blank'] === undefined ? blanks : checkBlank(item['blank'], [...path, 'blank'], issues);
      if (!fieldOk || !methodOk || blank === undefined) continue;
      items.push({
        field: item['field'] as string,
        method: item['method'] as MatchingItem['method'],
        threshold: typeof item['threshold'] === 'number' ? item['threshold'] : null,
        blank,
      });
    }
    groups.push(items);
  }
  return groups;
}

function checkWhere(object: MatchObject, where: unknown, issues: CrmIssue[]): ((r: unknown) => boolean) | null {
  if (where === undefined || where === null) return null;
  const c = defineCondition(where, { entity: object });
  if (!c.ok) {
    for (const i of c.error.issues) issues.push({ ...i, path: ['where', ...i.path] });
    return null;
  }
  if (c.value.requires.length > 0) {
    issues.push(
      crmIssue.invalidValue(
        ['where'],
        `a matching rule's condition is tested on records alone; this one needs ${c.value.requires.join(', ')}`,
        where,
      ),
    );
    return null;
  }
  return compileCondition(c.value);
}

function checkFreeMail(v: unknown, issues: CrmIssue[]): readonly string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.length > 100_000 || !v.every((d) => typeof d === 'string' && d.length <= 253)) {
    issues.push(crmIssue.invalidType(['freeMailDomains'], 'a list of at most 100,000 domains (strings)', v));
    return null;
  }
  return (v as string[]).map((d) => d.trim().toLowerCase());
}

function checkMaxBlock(v: unknown, issues: CrmIssue[]): number {
  if (v === undefined || v === null) return DEFAULT_MAX_BLOCK;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 2 || v > 10_000_000) {
    issues.push(crmIssue.invalidValue(['maxBlock'], 'expected an integer from 2 to 10,000,000', v));
    return DEFAULT_MAX_BLOCK;
  }
  return v;
}

/** The engine of a checked rule (also used by `trainMatchModel` for its blocking rule). */
export function ruleEngine(
  rule: MatchingRule,
  where: ((r: unknown) => boolean) | null,
  features: Feature[] = [],
): Engine {
  const groups: CompiledItem[][] = rule.groups.map((group) =>
    group.map((item) => ({
      field: item.field,
      method: item.method,
      threshold: item.threshold ?? 1,
      blank: item.blank,
      feature: featureIndex(features, item.field, item.method),
    })),
  );
  return {
    object: rule.object,
    features,
    groups,
    region: rule.defaultRegion ?? undefined,
    freeMail: new Set(rule.freeMailDomains ?? FREE_MAIL_DOMAINS),
    where,
    maxBlock: rule.maxBlock,
    model: null,
  };
}

/**
 * Checks a matching rule, Salesforce-style: two records of `object` match when every item of at least
 * one group agrees (OR of groups, AND within a group). Each item names a field, a method (see
 * {@link MatchMethod}) and, for `jaroWinkler`, a threshold; blank fields follow `blanks` (default
 * `no_match`) or the item's own `blank`. `where` (crmkit's condition language) limits the records matched,
 * e.g. to leads not yet converted. Fields are checked against the entity's schema, with paths.
 *
 * The rule also makes the blocking keys (see {@link matchKeys}): a key shared by more than `maxBlock`
 * records (default 1,000) is dropped and reported by `findDuplicates` and `duplicateClusters`.
 *
 * Never throws: every problem is an issue of one `validation_failed` error, at its path (`groups.0.1.field`).
 *
 * @example
 * ```ts
 * const rule = defineMatchingRule({
 *   object: 'lead',
 *   groups: [
 *     [{ field: 'email', method: 'normalized' }],
 *     [{ field: 'lastName', method: 'jaroWinkler', threshold: 0.92 }, { field: 'phone', method: 'phone' }],
 *   ],
 * });
 * rule.ok; //=> true
 * defineMatchingRule({ object: 'lead', groups: [[{ field: 'emial', method: 'exact' }]] }).ok; //=> false
 * ```
 */
export function defineMatchingRule(spec: MatchingRuleSpec): Result<MatchingRule> {
  try {
    if (!isObject(spec))
      return refuse('Matching rule', [crmIssue.invalidType([], 'a matching rule { object, groups, … }', spec)]);
    const keyIssues = checkOptionKeys(spec, RULE_KEYS);
    if (keyIssues.length > 0) return refuse('Matching rule', keyIssues);
    const issues: CrmIssue[] = [];
    const object = checkObject(spec['object'], ['object'], issues);
    const blanks =
      spec['blanks'] === undefined ? 'no_match' : (checkBlank(spec['blanks'], ['blanks'], issues) ?? 'no_match');
    const region = spec['defaultRegion'];
    if (region !== undefined && !isPhoneRegion(region, maxMetadata))
      issues.push(
        crmIssue.invalidValue(
          ['defaultRegion'],
          'expected an upper-case ISO 3166-1 alpha-2 region with a phone numbering plan, e.g. ID, DE, US',
          region,
        ),
      );
    const freeMail = checkFreeMail(spec['freeMailDomains'], issues);
    const maxBlock = checkMaxBlock(spec['maxBlock'], issues);
    if (object === undefined) return refuse('Matching rule', issues);
    const groups = checkItems(object, spec['groups'], blanks, issues);
    const where = checkWhere(object, spec['where'], issues);
    if (issues.length > 0) return refuse(`Matching rule on ${object}`, issues);
    const rule: MatchingRule = deepFreeze({
      kind: 'matching_rule' as const,
      object,
      groups,
      blanks,
      where:
        spec['where'] === undefined || spec['where'] === null ? null : (freezeCopy(spec['where']) as ConditionJson),
      defaultRegion: (region as string | undefined) ?? null,
      freeMailDomains: freeMail,
      maxBlock,
    });
    registerEngine(rule, ruleEngine(rule, where));
    registerFinder(rule);
    return ok(rule);
  } catch (e) {
    return refuse('Matching rule', [
      crmIssue.invalidType(
        [],
        'a readable matching rule (a property threw when read)',
        e instanceof Error ? e.message : quoteValue(e),
      ),
    ]);
  }
}
