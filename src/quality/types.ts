/**
 * The types of matching rules, match models and duplicate results.
 *
 * @module
 */
import type { ConditionJson } from '../conditions/types.js';

/**
 * The kinds of record crmkit matches: people (`lead`, `contact`) and companies (`account`).
 *
 * @example
 * ```ts
 * const o: MatchObject = 'lead';
 * ```
 */
export type MatchObject = 'lead' | 'contact' | 'account';

/**
 * How one field of two records is compared:
 * - `exact` — the stored values are equal;
 * - `normalized` — equal after the field's normaliser (e-mail, phone, person or company name, registrable
 *   domain, or folded text for other fields);
 * - `jaroWinkler` — normalised values with a Jaro–Winkler similarity of at least `threshold`;
 * - `nameInitials` — equal, or one is the initials of the other (`J` and `John`, `IBM` and
 *   `International Business Machines`);
 * - `emailDomain` — the same registrable domain of an e-mail address or website, never a free-mail one;
 * - `phone` — the same number in E.164 form (national numbers read in the record's country or the rule's
 *   `defaultRegion`).
 *
 * @example
 * ```ts
 * const m: MatchMethod = 'jaroWinkler';
 * ```
 */
export type MatchMethod = 'exact' | 'normalized' | 'jaroWinkler' | 'nameInitials' | 'emailDomain' | 'phone';

/**
 * What a blank field (missing, `null`, empty, or nothing the normaliser can read) does: `no_match` (the
 * default: a blank never agrees) or `match` (two blanks agree; a blank and a value never do), as
 * Salesforce's "match blank fields".
 *
 * @example
 * ```ts
 * const b: BlankBehaviour = 'no_match';
 * ```
 */
export type BlankBehaviour = 'no_match' | 'match';

/**
 * One test of a matching rule, as written.
 *
 * @example
 * ```ts
 * const i: MatchingItemSpec = { field: 'lastName', method: 'jaroWinkler', threshold: 0.92 };
 * ```
 */
export interface MatchingItemSpec {
  /** A field of the object (`email`, `lastName`, `emails`, `customFields.taxId`, …). */
  readonly field: string;
  /** How the field is compared. */
  readonly method: MatchMethod;
  /** For `jaroWinkler`: the least similarity that agrees, in (0, 1]. Not allowed with other methods. */
  readonly threshold?: number;
  /** This item's blank behaviour (default: the rule's `blanks`). */
  readonly blank?: BlankBehaviour;
}

/**
 * A matching rule as written: two records match when every item of at least one group agrees (OR of
 * groups, AND within a group).
 *
 * @example
 * ```ts
 * const spec: MatchingRuleSpec = { object: 'lead', groups: [[{ field: 'email', method: 'normalized' }]] };
 * ```
 */
export interface MatchingRuleSpec {
  /** The kind of record compared. */
  readonly object: MatchObject;
  /** The groups: OR of groups, AND of the items within one. At least one group, each with at least one item. */
  readonly groups: readonly (readonly MatchingItemSpec[])[];
  /** What a blank field does, unless an item says otherwise (default `no_match`). */
  readonly blanks?: BlankBehaviour;
  /** Only records satisfying this condition (crmkit's condition language, on the object) are matched. */
  readonly where?: ConditionJson;
  /** The region national phone numbers are read in when a record has no `country` (`'ID'`). */
  readonly defaultRegion?: string;
  /** The free-mail domains `emailDomain` never matches on (default {@link FREE_MAIL_DOMAINS}). */
  readonly freeMailDomains?: readonly string[];
  /** A blocking key shared by more records than this is dropped and reported (default 1,000). */
  readonly maxBlock?: number;
}

/**
 * One test of a {@link MatchingRule}, with its defaults filled in.
 *
 * @example
 * ```ts
 * const i: MatchingItem = { field: 'email', method: 'normalized', threshold: null, blank: 'no_match' };
 * ```
 */
export interface MatchingItem {
  /** The field compared. */
  readonly field: string;
  /** How it is compared. */
  readonly method: MatchMethod;
  /** The Jaro–Winkler threshold, or `null` for other methods. */
  readonly threshold: number | null;
  /** What a blank does. */
  readonly blank: BlankBehaviour;
}

/**
 * A checked matching rule, made by {@link defineMatchingRule}: serialisable data, frozen.
 *
 * @example
 * ```ts
 * const name = (r: MatchingRule) => `${r.object}: ${r.groups.length} groups`;
 * ```
 */
export interface MatchingRule {
  /** Tells a rule from a {@link MatchModel}. */
  readonly kind: 'matching_rule';
  /** The kind of record compared. */
  readonly object: MatchObject;
  /** The groups with their items. */
  readonly groups: readonly (readonly MatchingItem[])[];
  /** The rule's blank behaviour. */
  readonly blanks: BlankBehaviour;
  /** The condition records must satisfy to be matched, as written, or `null`. */
  readonly where: ConditionJson | null;
  /** The region national phone numbers are read in, or `null`. */
  readonly defaultRegion: string | null;
  /** The free-mail domains, or `null` for {@link FREE_MAIL_DOMAINS}. */
  readonly freeMailDomains: readonly string[] | null;
  /** Blocking keys shared by more records than this are dropped. */
  readonly maxBlock: number;
}

/**
 * One level of a model comparison as written: the first level whose test agrees is the pair's level.
 *
 * @example
 * ```ts
 * const l: MatchLevelSpec = { method: 'jaroWinkler', threshold: 0.9 };
 * ```
 */
export interface MatchLevelSpec {
  /** The test of this level. */
  readonly method: MatchMethod;
  /** For `jaroWinkler`: the least similarity. */
  readonly threshold?: number;
}

/**
 * One comparison of a match model as written: a field and its levels, most similar first. A pair whose
 * field agrees on no level is at the implicit last level, `else`; a pair with a blank is at none (the
 * comparison adds no weight).
 *
 * @example
 * ```ts
 * const c: MatchComparisonSpec = { field: 'lastName', levels: [{ method: 'normalized' }, { method: 'jaroWinkler', threshold: 0.9 }] };
 * ```
 */
export interface MatchComparisonSpec {
  /** The field compared. */
  readonly field: string;
  /** The levels, most similar first (at least one, at most 8). */
  readonly levels: readonly MatchLevelSpec[];
}

/**
 * One level of a trained comparison: its test, its m and u probabilities and its weight `log2(m / u)`.
 *
 * @example
 * ```ts
 * const l: MatchLevel = { label: 'normalized', method: 'normalized', threshold: null, m: 0.9, u: 0.001, weight: 9.81 };
 * ```
 */
export interface MatchLevel {
  /** `method` (with the threshold, `jaroWinkler ≥ 0.9`), or `else` for the last level. */
  readonly label: string;
  /** The test, or `null` for `else`. */
  readonly method: MatchMethod | null;
  /** The Jaro–Winkler threshold, or `null`. */
  readonly threshold: number | null;
  /** P(level | the records are one entity). */
  readonly m: number;
  /** P(level | the records are different entities). */
  readonly u: number;
  /** The match weight `log2(m / u)`: positive is evidence for a match. */
  readonly weight: number;
}

/**
 * One trained comparison of a {@link MatchModel}.
 *
 * @example
 * ```ts
 * const fieldOf = (c: MatchComparison) => c.field;
 * ```
 */
export interface MatchComparison {
  /** The field compared. */
  readonly field: string;
  /** The levels, the last being `else`. */
  readonly levels: readonly MatchLevel[];
}

/**
 * A Fellegi–Sunter match model trained by {@link trainMatchModel}: frozen data.
 *
 * @example
 * ```ts
 * const describe = (m: MatchModel) => `${m.object}: P(match) ≥ ${m.threshold}`;
 * ```
 */
export interface MatchModel {
  /** Tells a model from a {@link MatchingRule}. */
  readonly kind: 'match_model';
  /** The kind of record compared. */
  readonly object: MatchObject;
  /** The trained comparisons. */
  readonly comparisons: readonly MatchComparison[];
  /** λ: the share of blocked candidate pairs that are matches (the prior). */
  readonly prior: number;
  /** The least match probability that counts as a duplicate. */
  readonly threshold: number;
  /** The rule whose blocking keys find the candidate pairs. */
  readonly blocking: MatchingRule;
  /** EM iterations run. */
  readonly iterations: number;
  /** Whether EM met its tolerance before the iteration limit. */
  readonly converged: boolean;
  /** The candidate pairs EM was trained on. */
  readonly trainingPairs: number;
  /** The random pairs the u probabilities were estimated from. */
  readonly randomPairs: number;
}

/**
 * A rule or a model: whatever finds duplicates.
 *
 * @example
 * ```ts
 * const objectOf = (m: Matcher) => m.object;
 * ```
 */
export type Matcher = MatchingRule | MatchModel;

/**
 * What one field contributed to a comparison of two records.
 *
 * @example
 * ```ts
 * const e: FieldEvidence = { field: 'email', method: 'normalized', level: null, a: 'ada@x.com', b: 'ada@x.com', similarity: 1, agree: true, weight: null };
 * ```
 */
export interface FieldEvidence {
  /** The field. */
  readonly field: string;
  /** The test that decided (for a model: the level's test; `null` for `else` and blanks). */
  readonly method: MatchMethod | null;
  /** For a model: the level's label, `null` when a value is blank. For a rule: `null`. */
  readonly level: string | null;
  /** The first record's value as compared (normalised), or `null` when blank. */
  readonly a: string | null;
  /** The second record's value as compared, or `null` when blank. */
  readonly b: string | null;
  /** The similarity in [0, 1] (1 when equal; the Jaro–Winkler similarity for that method), or `null` when blank. */
  readonly similarity: number | null;
  /** Whether the test agreed (for a model: any level but `else`). */
  readonly agree: boolean;
  /** For a model: the weight `log2(m / u)` added (0 for a blank). For a rule: `null`. */
  readonly weight: number | null;
}

/**
 * A record found to duplicate another, with the evidence.
 *
 * @example
 * ```ts
 * const show = (d: DuplicateCandidate) => `${d.id} (${d.score.toFixed(2)})`;
 * ```
 */
export interface DuplicateCandidate {
  /** The id of the existing record. */
  readonly id: string;
  /** For a rule: the mean similarity of the matching group's items; for a model: the match probability. */
  readonly score: number;
  /** For a rule: the index of the first group that matched; for a model: `null`. */
  readonly group: number | null;
  /** Per field, what was compared and what it gave. */
  readonly evidence: readonly FieldEvidence[];
}

/**
 * A blocking key left out because too many records share it.
 *
 * @example
 * ```ts
 * const k: DroppedKey = { key: '1|smith|j', size: 4200 };
 * ```
 */
export interface DroppedKey {
  /** The key (as {@link matchKeys} makes it). */
  readonly key: string;
  /** How many records share it. */
  readonly size: number;
}

/**
 * A record to match or report on: any object with a string `id` (a crmkit entity, or a row of your own
 * with the entity's field names). The functions are generic in the record type, so object literals with
 * more fields are accepted as they are.
 *
 * @example
 * ```ts
 * const row = { id: 'l1', lastName: 'Lovelace', email: 'ada@example.com' };
 * const r: MatchRecord = row; // any object with a string id
 * ```
 */
export interface MatchRecord {
  /** The record's id (unique within a call). */
  readonly id: string;
}
